/**
 * How a page is sent the framework's JavaScript (ADRs 039 and 040). A route says so in its handle:
 * - `WITHOUT_SCRIPTS`: a page that does nothing in the browser its HTML does not already do — no
 *   field that changes another, no widget — is sent none. On a cheap phone over a weak network the
 *   ≈ 80 KiB of React, React DOM and Remix's router are the largest part of what such a page
 *   costs, and would only turn its links into client-side navigations.
 * - `SCRIPTS_AFTER_FIRST_PAINT`: a page whose form works as plain HTML gets its scripts once the
 *   browser has painted it, so the phone spends its bandwidth on the page first. Its fields must
 *   keep what is entered before React takes over (app/components/use-hydrated.ts).
 * - `PLACE_PICKER_SCRIPT_ONLY`: a page sent none of them whose only behaviour in the browser is the
 *   place picker's (the next list loaded as one chooses): it gets one small script of its own
 *   for that, public/enhance/place-picker.js (ADR 044), instead of ≈ 90 KiB of framework.
 * Any other page gets them at once, as Remix sends them.
 */
export type PageHandle = { scripts?: false | "after-first-paint"; enhancements?: readonly Enhancement[] };

/** The small scripts a page sent no framework may have, each a file of public/enhance/ written without a build step. */
export const ENHANCEMENTS = { "place-picker": "/enhance/place-picker.js" } as const;
export type Enhancement = keyof typeof ENHANCEMENTS;

export const WITHOUT_SCRIPTS: PageHandle = { scripts: false };
export const PLACE_PICKER_SCRIPT_ONLY: PageHandle = { scripts: false, enhancements: ["place-picker"] };
export const SCRIPTS_AFTER_FIRST_PAINT: PageHandle = { scripts: "after-first-paint" };

export type PageScripts = "none" | "at-once" | "after-first-paint";

/** The handle of the deepest route that says how its page is sent scripts (a `scripts` of false or "after-first-paint"). */
function decidingHandle(matches: readonly { handle?: unknown }[]): PageHandle | undefined {
  for (let i = matches.length - 1; i >= 0; i--) {
    const handle = matches[i]!.handle;
    if (typeof handle !== "object" || handle === null || !("scripts" in handle)) continue;
    const h = handle as PageHandle;
    if (h.scripts === false || h.scripts === "after-first-paint") return h;
  }
  return undefined;
}

/**
 * The deepest route that says anything decides. The browser renders what the server rendered, so
 * that React hydrates the same elements; once React runs there, a client-side navigation to a page
 * sent none keeps the scripts in place (they have run; nothing is fetched or removed).
 */
export function pageScripts(matches: readonly { handle?: unknown }[], inBrowser: boolean): PageScripts {
  const scripts = decidingHandle(matches)?.scripts;
  if (scripts === false) return inBrowser ? "at-once" : "none";
  return scripts === "after-first-paint" ? "after-first-paint" : "at-once";
}

/**
 * The small scripts of a page sent no framework (the paths of ENHANCEMENTS), as the route that
 * decides its scripts asks. None in the browser: there React runs the page, and its components do
 * what the small scripts do.
 */
export function pageEnhancements(matches: readonly { handle?: unknown }[], inBrowser: boolean): string[] {
  const h = decidingHandle(matches);
  if (inBrowser || h?.scripts !== false) return [];
  return (h.enhancements ?? []).filter((e): e is Enhancement => Object.hasOwn(ENHANCEMENTS, e)).map((e) => ENHANCEMENTS[e]);
}
