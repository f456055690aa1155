import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, loopbackContext } from "../support/browser";
import { startTestServer } from "../support/server";

// Issue 14 (ADR 029): a page receives only its own strings, from the root loader. A navigation in
// the browser to a page of another set must bring that page's strings with it (root's
// shouldRevalidate), so the reader sees words, never keys; with JavaScript off each page is a
// document of its own. Both languages.
let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let catalogue: typeof import("../../app/i18n/catalogues.server");

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMITS: "off" });
  browser = await launchBrowser();
  catalogue = await import("../../app/i18n/catalogues.server");
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const LOCALES = ["zh-CN", "en"] as const;
type Locale = (typeof LOCALES)[number];

/** Catalogue keys on screen: what a reader would see where a page lacked its string. */
async function keysOnScreen(page: Page): Promise<string[]> {
  const text = await page.locator("body").innerText();
  return [...text.matchAll(/[a-z][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)+/g)].map((m) => m[0]).filter((w) => catalogue.isMessageKey(w));
}

/** React has hydrated the page: the header's language switch has its fiber. */
async function hydratedShell(page: Page) {
  await page.waitForFunction(() => {
    const form = document.querySelector("form.lang-switch");
    return !!form && Object.keys(form).some((k) => k.startsWith("__reactFiber"));
  });
}

async function openContext(locale: Locale, javaScriptEnabled: boolean) {
  const { context, blocked } = await loopbackContext(browser, { javaScriptEnabled });
  await context.addCookies([{ name: "lang", value: locale, url: server.url }]);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`${page.url()}: ${m.text()}`);
  });
  const documents: string[] = [];
  page.on("request", (r) => {
    if (r.resourceType() === "document") documents.push(new URL(r.url()).pathname);
  });
  return { context, page, errors, documents, blocked };
}

describe("navigating between pages of different string sets", () => {
  for (const locale of LOCALES)
    for (const js of [true, false])
      it(`/ → /report → /stats → / shows each page's words (${locale}, JavaScript ${js ? "on" : "off"})`, async () => {
        const text = (key: Parameters<ReturnType<typeof catalogue.translator>>[0]) => catalogue.translator(locale)(key);
        const { context, page, errors, documents, blocked } = await openContext(locale, js);
        await page.goto(server.url + "/");
        if (js) await page.waitForLoadState("networkidle");
        await expect.poll(() => page.locator("h1").first().innerText()).toBe(text("home.title"));

        const steps: [string, string, () => Promise<string>][] = [
          ["/report", text("nav.report"), async () => page.locator("h1").first().innerText()],
          ["/stats", text("nav.stats"), async () => (await page.locator("h1").first().innerText()).split(" · ")[0]!],
          ["/", text("site.short"), async () => page.locator("h1").first().innerText()],
        ];
        const expected: Record<string, string> = { "/report": text("report.title"), "/stats": text("stats.title"), "/": text("home.title") };
        for (const [path, link, heading] of steps) {
          await page.locator("header").getByRole("link", { name: link, exact: true }).click();
          await page.waitForURL(server.url + path);
          await expect.poll(heading, { message: path }).toBe(expected[path]);
          expect(await keysOnScreen(page), path).toEqual([]);
          expect(await page.locator("html").getAttribute("lang")).toBe(locale);
          // The shell's strings stay translated across the change of set.
          await expect.poll(() => page.locator("footer").innerText()).toContain(text("footer.emergency"));
          // The next click is Remix's only once React has hydrated this document (the first, /report).
          if (js) await hydratedShell(page);
        }
        // The home page is sent no script (ADR 039), so the first move is a document either way; with
        // JavaScript every move after it was in the page; without, each was a document.
        expect(documents).toEqual(js ? ["/", "/report"] : ["/", "/report", "/stats", "/"]);
        expect(errors).toEqual([]);
        expect(blocked).toEqual([]);
        await context.close();
      });

  for (const locale of LOCALES)
    it(`a page not found (no loader ran) hydrates with its words, and the way home brings the home page's (${locale})`, async () => {
      const text = (key: Parameters<ReturnType<typeof catalogue.translator>>[0]) => catalogue.translator(locale)(key);
      const { context, page, errors, documents } = await openContext(locale, true);
      const res = await page.goto(server.url + "/no-such-page");
      expect(res?.status()).toBe(404);
      await page.waitForLoadState("networkidle");
      await expect.poll(() => page.locator("main").innerText()).toContain(text("errors.notFound"));
      expect(await keysOnScreen(page)).toEqual([]);
      await page.locator("main").getByRole("link", { name: text("nav.home"), exact: true }).click();
      await page.waitForURL(server.url + "/");
      await expect.poll(() => page.locator("h1").first().innerText()).toBe(text("home.title"));
      expect(await keysOnScreen(page)).toEqual([]);
      expect(documents).toEqual(["/no-such-page"]);
      // The 404 itself is logged by the browser as a failed resource; nothing else may be.
      expect(errors.filter((e) => !e.includes("404"))).toEqual([]);
      await context.close();
    });
});
