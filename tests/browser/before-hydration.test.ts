/**
 * A slow phone shows the page, usable as plain HTML, before its scripts have run (issue 14). What
 * the reader chooses or types in that time must still be there once React has taken the page
 * over, and the lists that follow from a choice must be those of the choice. Here the page's
 * scripts are held back until the choice is made, then let through.
 *
 * Run `node_modules/.bin/remix build` first: the server serves whatever is in build/.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outcomesZhCN } from "../../app/i18n/outcomes.zh-CN";
import { zhCN } from "../../app/i18n/zh-CN";
import { launchBrowser, loopbackContext } from "../support/browser";
import { startTestServer } from "../support/server";

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ RATE_LIMITS: "off" }), launchBrowser()]);
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.close();
});

/** A page whose scripts (those under `held`) wait until `release()`; `pageErrors` collects script errors. */
async function pageWithHeldScripts(held = "**/build/**") {
  const { context, blocked } = await loopbackContext(browser);
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") pageErrors.push(m.text());
  });
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(held, async (route) => {
    await released;
    await route.continue();
  });
  return { page, blocked, pageErrors, release };
}

const isHydrated = (page: Page) =>
  page.evaluate(() => {
    const form = document.querySelector("form.lang-switch");
    return !!form && Object.keys(form).some((k) => k.startsWith("__reactFiber"));
  });

async function hydrated(page: Page) {
  await page.waitForFunction(() => {
    const form = document.querySelector("form.lang-switch");
    return !!form && Object.keys(form).some((k) => k.startsWith("__reactFiber"));
  });
  // React's first effects (the picker's own lists) run after the commit: give them a turn.
  await page.evaluate(() => new Promise((r) => setTimeout(r, 100)));
}

describe("a choice made before the scripts ran survives hydration", () => {
  it("/report: the province chosen and the text typed are kept, and the province's cities are offered", async () => {
    const { page, blocked, pageErrors, release } = await pageWithHeldScripts();
    await page.goto(`${server.url}/report`, { waitUntil: "commit" });
    const province = page.getByLabel(zhCN["report.province"], { exact: true });
    await province.selectOption("330000");
    await page.getByLabel(zhCN["report.description"], { exact: true }).fill("夜里有人往河里排放黑色废水。");
    expect(await isHydrated(page), "the choice was made before hydration").toBe(false);

    release();
    await hydrated(page);
    expect(await province.inputValue()).toBe("330000");
    expect(await page.getByLabel(zhCN["report.description"], { exact: true }).inputValue()).toBe("夜里有人往河里排放黑色废水。");
    const city = page.getByLabel(zhCN["report.city"], { exact: true });
    await expect.poll(() => city.locator("option[value='330100']").count()).toBe(1);
    expect(await city.isDisabled()).toBe(false);
    expect(pageErrors).toEqual([]);
    expect(blocked).toEqual([]);
  });

  it("/open-data (its place picker's own script, ADR 044): the province chosen before the script ran is kept, its cities are offered, and the downloads shown are that province's", async () => {
    const { page, blocked, pageErrors, release } = await pageWithHeldScripts("**/enhance/**");
    await page.goto(`${server.url}/open-data`, { waitUntil: "commit" });
    const province = page.getByLabel(outcomesZhCN["opendata.place.province"], { exact: true });
    await province.selectOption("610000");
    const refresh = page.getByRole("button", { name: outcomesZhCN["opendata.place.refresh"] });
    expect(await refresh.isVisible(), "the choice was made before the script ran").toBe(true);

    release();
    await expect.poll(() => refresh.isVisible()).toBe(false);
    expect(await province.inputValue()).toBe("610000");
    const city = page.getByLabel(outcomesZhCN["opendata.place.city"], { exact: true });
    await expect.poll(() => city.locator("option[value='610100']").count()).toBe(1);
    expect(await city.isDisabled()).toBe(false);
    await page.getByRole("button", { name: outcomesZhCN["opendata.stats.show"] }).click();
    await page.waitForURL(/province=610000/);
    await expect.poll(() => page.getByTestId("stats-scope").innerText()).toContain("陕西省");
    expect(pageErrors).toEqual([]);
    expect(blocked).toEqual([]);
  });
});
