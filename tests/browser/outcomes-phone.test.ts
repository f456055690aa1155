/**
 * /outcomes and /open-data on a 390 px phone (issue 14), with JavaScript on and off, in both
 * languages: nothing scrolls sideways (the page, nor a table inside it); an outcome is a few lines
 * that say what was done ("罚款 50,000 元", never a list of "否"); the place is chosen by name with
 * the place picker on both pages. Data of this file's own: three closed cases in 陕西 (Xi'an's
 * 雁塔区 and 新城区, Baoji's 渭滨区), inserted straight into the database.
 *
 * Run `node_modules/.bin/remix build` first: the server serves whatever is in build/.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outcomesEn } from "../../app/i18n/outcomes.en";
import { outcomesZhCN } from "../../app/i18n/outcomes.zh-CN";
import { launchBrowser, loopbackContext } from "../support/browser";
import { startTestServer } from "../support/server";

const YANTA = "610113";
const XINCHENG = "610102";
const WEIBIN = "610302";
const CLOSED_ON = "2026-03-10";

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let sql: postgres.Sql;
let closeDb: () => Promise<void>;
const contexts: BrowserContext[] = [];
const refs: Record<string, string> = {};

async function closedCase(key: string, place: string, outcome: Record<string, unknown>) {
  const id = randomUUID();
  const [row] = await sql<{ seq: string }[]>`select nextval('tip_reference_seq')::text as seq`;
  const reference = `JB2026-${row!.seq.padStart(7, "0")}`;
  await sql`insert into tips ${sql({
    id,
    reference,
    reference_seq: row!.seq,
    state: "closed",
    channel: "web",
    sector_code: "pollution",
    place_code: place,
    submitted_on: "2026-01-05",
    captcha_status: "not_required",
    content_enc: randomBytes(32),
    receipt_hash: randomBytes(32),
    concluded_on: CLOSED_ON,
    closed_on: CLOSED_ON,
  })}`;
  await sql`insert into case_outcomes ${sql({ tip_id: id, public_summary_zh: `${key} 的处理结果摘要。`, ...outcome })}`;
  refs[key] = reference;
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ RATE_LIMITS: "off" }), launchBrowser()]);
  const dbm = await import("../../app/lib/db.server");
  sql = dbm.sqlClient();
  closeDb = dbm.closeDb;
  await closedCase("fined", YANTA, { finding: "substantiated", rectification_ordered: true, rectification_due_on: "2026-04-30", fine_cny: 50_000, public_summary_en: "Fined and ordered to rectify." });
  await closedCase("nothing", XINCHENG, { finding: "unsubstantiated" });
  await closedCase("baoji", WEIBIN, { finding: "partly_substantiated", admonitory_talk: true });
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.close();
  await closeDb?.();
});

async function phone(opts: { js: boolean; lang: "zh-CN" | "en" }): Promise<Page> {
  const { context } = await loopbackContext(browser, { javaScriptEnabled: opts.js, locale: opts.lang });
  contexts.push(context);
  await context.addCookies([{ name: "lang", value: opts.lang, url: server.url }]);
  const page = await context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  return page;
}

/** How far the page, and each table or list in it, reaches beyond its box (0 when nothing scrolls sideways). */
const overflow = (page: Page) =>
  page.evaluate(() => {
    const doc = document.scrollingElement!;
    const inner = [...document.querySelectorAll("main table, main ol, main ul, main form")].map((e) => ({ what: `${e.tagName}.${e.className}`, by: e.scrollWidth - e.clientWidth })).filter((x) => x.by > 0);
    return { page: doc.scrollWidth - window.innerWidth, inner };
  });

const cases = [
  { js: true, lang: "zh-CN" as const },
  { js: false, lang: "zh-CN" as const },
  { js: true, lang: "en" as const },
  { js: false, lang: "en" as const },
];

describe("on a 390 px phone", () => {
  it.each(cases)("nothing scrolls sideways on /outcomes and /open-data (JavaScript $js, $lang)", async (c) => {
    const page = await phone(c);
    for (const path of ["/outcomes", "/open-data", `/open-data?province=610000&city=610100`]) {
      await page.goto(server.url + path, { waitUntil: "networkidle" });
      expect(await overflow(page), path).toEqual({ page: 0, inner: [] });
    }
  });

  it.each(cases)("an outcome is a few lines saying what was done (JavaScript $js, $lang)", async (c) => {
    const page = await phone(c);
    const T = c.lang === "en" ? outcomesEn : outcomesZhCN;
    await page.goto(`${server.url}/outcomes?province=610000`, { waitUntil: "networkidle" });
    const item = (key: string) => page.locator("ol.outcomes > li", { hasText: refs[key]! });
    const fined = (await item("fined").innerText()).replace(/\s+/g, " ");
    if (c.lang === "en") {
      expect(fined).toContain("Substantiated: Rectification ordered (by 2026-04-30); Fine of CNY 50,000");
      expect(fined).toContain("Yanta District, Xian City, Shaanxi Province");
      expect(fined).toContain("Fined and ordered to rectify.");
    } else {
      expect(fined).toContain("属实：责令整改（期限 2026-04-30）、罚款 50,000 元");
      expect(fined).toContain("陕西省西安市雁塔区");
    }
    // Nothing for what was not done: no "否"/"No", no closure, no suspension named.
    const all = await page.locator("ol.outcomes").innerText();
    for (const absent of [T["outcomes.action.suspension"], T["outcomes.action.closure"], T["outcomes.action.criminal_referral"], c.lang === "en" ? ": No" : "否", "CNY 50,000 元", "50,000 CNY"]) expect(all).not.toContain(absent);
    expect((await item("nothing").innerText()).replace(/\s+/g, " ")).toContain(T["outcomes.finding.unsubstantiated"]);
    expect(await item("baoji").innerText()).toContain(`${T["outcomes.finding.partly_substantiated"]}${c.lang === "en" ? ": " : "："}${T["outcomes.action.admonitory_talk"]}`);
    // A few lines: the item with the most in it fits in a third of the screen's height.
    const height = await item("fined").evaluate((e) => e.getBoundingClientRect().height);
    expect(height).toBeLessThan(844 / 3);
  });
});

describe("the place chosen by name", () => {
  it.each(cases)("/outcomes: province, then city, filters the list (JavaScript $js, $lang)", async (c) => {
    const page = await phone(c);
    const T = c.lang === "en" ? outcomesEn : outcomesZhCN;
    await page.goto(`${server.url}/outcomes`, { waitUntil: "networkidle" });
    await page.locator("summary", { hasText: T["outcomes.filter.title"] }).click();
    await page.getByLabel(T["outcomes.place.province"], { exact: true }).selectOption("610000");
    if (!c.js) await page.getByRole("button", { name: T["outcomes.place.refresh"] }).click();
    const city = page.getByLabel(T["outcomes.place.city"], { exact: true });
    await expect.poll(() => city.locator("option[value='610100']").count()).toBe(1);
    await city.selectOption("610100");
    await page.getByRole("button", { name: T["outcomes.filter.apply"], exact: true }).click();
    await page.waitForURL(/city=610100/);
    // With JavaScript the address changes before React has drawn the new list (a transition): wait for the list.
    const list = page.locator("ol.outcomes");
    await expect.poll(() => list.innerText()).not.toContain(refs.baoji);
    expect(await list.innerText()).toContain(refs.fined);
    expect(await list.innerText()).toContain(refs.nothing);
    // The lists keep the choice, and the next choice is offered.
    expect(await page.getByLabel(T["outcomes.place.province"], { exact: true }).inputValue()).toBe("610000");
    expect(await city.inputValue()).toBe("610100");
    expect(await page.getByLabel(T["outcomes.place.county"], { exact: true }).locator(`option[value='${YANTA}']`).count()).toBe(1);
  });

  it.each(cases)("/open-data: the statistics downloads for a place chosen by name (JavaScript $js, $lang)", async (c) => {
    const page = await phone(c);
    const T = c.lang === "en" ? outcomesEn : outcomesZhCN;
    await page.goto(`${server.url}/open-data`, { waitUntil: "networkidle" });
    expect(await page.getByTestId("stats-scope").innerText()).toContain(T["opendata.stats.nation"]);
    await page.getByLabel(T["opendata.place.province"], { exact: true }).selectOption("610000");
    await page.getByRole("button", { name: T["opendata.stats.show"] }).click();
    await page.waitForURL(/province=610000/);
    await expect.poll(() => page.getByTestId("stats-scope").innerText()).toContain(c.lang === "en" ? "Shaanxi Province" : "陕西省");
    const hrefs = await page.getByTestId("stats-downloads").locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    expect(hrefs[0]).toBe("/stats.csv?place=610000");
    expect(hrefs.every((h) => h!.includes("place=610000"))).toBe(true);
  });
});
