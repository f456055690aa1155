import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser, loopbackContext } from "../support/browser";
import { publishTestRelease } from "../support/releases";
import { startTestServer } from "../support/server";

// Every public page hydrates without a script error in either language (a constant imported
// from a .server module, for one, renders on the server but breaks in the browser).
let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMITS: "off" });
  browser = await launchBrowser();
  // /stats and the home page show the statistics release: one with the pages visited (issue 16).
  await publishTestRelease({ places: ["000000", "330000"] });
});
afterAll(async () => {
  await (await import("../../app/lib/db.server")).closeDb();
  await browser?.close();
  await server?.close();
});

const PAGES = ["/", "/report", "/status", "/stats", "/stats?place=330000", "/outcomes", "/notices", "/open-data", "/open-data/releases", "/staff/login"];

describe("public pages with JavaScript", () => {
  it.each(["zh-CN", "en"])("load and hydrate without errors (%s)", async (lang) => {
    const { context, blocked } = await loopbackContext(browser);
    await context.addCookies([{ name: "lang", value: lang, url: server.url }]);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(`${page.url()}: ${m.text()}`);
    });
    for (const path of PAGES) {
      const res = await page.goto(server.url + path);
      expect(res?.status(), path).toBe(200);
      await page.waitForLoadState("networkidle");
      expect(await page.locator("html").getAttribute("lang"), path).toBe(lang);
    }
    expect(errors).toEqual([]);
    expect(blocked).toEqual([]);
    await context.close();
  });
});
