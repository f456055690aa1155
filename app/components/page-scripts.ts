/**
 * Which pages are sent the framework's JavaScript (ADR 039). A page that does nothing in the
 * browser that its HTML does not already do — no field that changes another, no widget — is
 * sent none: on a cheap phone over a weak network the ≈ 80 KiB of React, React DOM and Remix's
 * router are the largest part of what such a page costs, and they would only turn its links into
 * client-side navigations. A route says so in its handle: `export const handle = WITHOUT_SCRIPTS`.
 */
export type PageHandle = { scripts?: false };

export const WITHOUT_SCRIPTS: PageHandle = { scripts: false };

/**
 * Whether the matched routes want the scripts: all do unless one of them says `scripts: false`.
 * Once React runs in the browser the page is already hydrated, so a client-side navigation to a
 * page without scripts keeps them (nothing is fetched or removed).
 */
export function pageWantsScripts(matches: readonly { handle?: unknown }[], inBrowser: boolean): boolean {
  if (inBrowser) return true;
  return !matches.some((m) => typeof m.handle === "object" && m.handle !== null && (m.handle as PageHandle).scripts === false);
}
