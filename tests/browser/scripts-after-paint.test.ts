/**
 * The public pages with forms — /report, /status — fetch their JavaScript
 * only after the browser has painted them (ADR 040,
 * the `afterFirstPaint` prop a patch of Remix's <Scripts> adds, patches/): on a phone on a slow
 * network the page's HTML gets the bandwidth first, and the scripts, which only improve a form
 * that works without them, follow. React then still hydrates the page it was sent, without an
 * error. /outcomes and /open-data fetch none of the framework, only their place picker's own small
 * script (ADR 044). The staff pages get them as Remix sends them.
 *
 * Run `node_modules/.bin/remix build` first: the server serves whatever is in build/.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, loopbackContext } from "../support/browser";
import { startTestServer } from "../support/server";

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ RATE_LIMITS: "off" }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A page with JavaScript on; `errors` collects its script errors. */
async function openPage() {
  const { context } = await loopbackContext(browser, { javaScriptEnabled: true });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  return { context, page, errors };
}

async function load(path: string) {
  const { context, page, errors } = await openPage();
  await page.goto(server.url + path);
  // Hydrated: the header's language switch has its React fiber and React Router has taken over scrolling.
  await page.waitForFunction(() => {
    const form = document.querySelector("form.lang-switch");
    return !!form && Object.keys(form).some((k) => k.startsWith("__reactFiber")) && history.scrollRestoration === "manual";
  });
  const timing = await page.evaluate(() => ({
    firstPaint: performance.getEntriesByType("paint").find((e) => e.name === "first-paint")?.startTime ?? null,
    scripts: performance
      .getEntriesByType("resource")
      .filter((e) => new URL(e.name).pathname.startsWith("/build/") && e.name.endsWith(".js"))
      .map((e) => e.startTime),
  }));
  // No stray node of the loader is left in the head React hydrated.
  const strayPreloads = await page.locator('link[rel="modulepreload"]').count();
  await context.close();
  return { timing, errors, strayPreloads };
}

describe("the public forms' pages paint before they fetch a script", () => {
  for (const path of ["/report", "/status"]) {
    it(path, async () => {
      const html = await (await fetch(server.url + path)).text();
      expect(html, "no module is preloaded by the markup").not.toContain('rel="modulepreload"');
      const { timing, errors, strayPreloads } = await load(path);
      expect(timing.firstPaint, "the page painted").not.toBeNull();
      expect(timing.scripts.length, "the page's scripts were fetched").toBeGreaterThan(3);
      expect(Math.min(...timing.scripts), "the first script was asked for after the first paint").toBeGreaterThanOrEqual(timing.firstPaint!);
      expect(strayPreloads).toBe(0);
      expect(errors).toEqual([]);
    });
  }
});

describe("/outcomes and /open-data fetch no framework, only their place picker's script", () => {
  for (const path of ["/outcomes", "/open-data"]) {
    it(path, async () => {
      const { context, page, errors } = await openPage();
      await page.goto(server.url + path, { waitUntil: "load" });
      // Enhanced: the picker's "refresh" button, needed only without a script, is hidden.
      await page.waitForFunction(() => document.querySelector(".place-picker .noscript-place")?.hasAttribute("hidden") === true);
      const fetched = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname).filter((p) => p.endsWith(".js")));
      expect(fetched).toEqual(["/enhance/place-picker.js"]);
      expect(await page.evaluate(() => Object.keys(document.querySelector("form.lang-switch")!).some((k) => k.startsWith("__reactFiber")))).toBe(false);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});

describe("the staff pages get their scripts as Remix sends them", () => {
  for (const path of ["/staff/login"]) {
    it(path, async () => {
      const html = await (await fetch(server.url + path)).text();
      expect(html, "the modules are preloaded by the markup").toContain('rel="modulepreload"');
      const { timing, errors } = await load(path);
      expect(timing.scripts.length, "the page's scripts were fetched").toBeGreaterThan(3);
      expect(errors).toEqual([]);
    });
  }
});
