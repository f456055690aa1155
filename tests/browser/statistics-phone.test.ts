/**
 * /stats on a 390 px phone, with JavaScript on and off, in both languages: chart text at 12 px
 * or more as rendered (not as declared: a scaled SVG reports its declared size), no sideways
 * scroll of the page (wide tables scroll in their own box, first column fixed), the words for
 * hidden figures with their legend within a screen of the first one, and a month series with
 * hidden months drawn with gaps and a sentence saying how many.
 *
 * This file's own data (its database is its own): 城关区 540102 has 12 tips this month and 6
 * last month, 堆龙德庆区 540103 has 2 this month and 1 three months ago: "<5" cells at the city
 * 拉萨市 540100, so hidden readings, and three months whose counts are hidden.
 *
 * Run `node_modules/.bin/remix build` first: the server serves whatever is in build/.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { statsEn } from "../../app/i18n/stats.en";
import { statsZhCN } from "../../app/i18n/stats.zh-CN";
import { launchBrowser, loopbackContext } from "../support/browser";
import { publishTestRelease } from "../support/releases";
import { startTestServer } from "../support/server";

const CITY = "540100";
const COUNTY = "540102";
const OTHER = "540103";
const PHONE = { width: 390, height: 844 };

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let sql: postgres.Sql;
let closeDb: () => Promise<void>;
const contexts: BrowserContext[] = [];

function todayLocal(): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: process.env.TIME_ZONE ?? "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(new Date());
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get("year")}-${get("month")}-${get("day")}`;
}
function shiftMonth(month: string, n: number): string {
  const m = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${String(Math.floor(m / 12)).padStart(4, "0")}-${String((m % 12) + 1).padStart(2, "0")}`;
}
const TODAY = todayLocal();
const THIS_MONTH = TODAY.slice(0, 7);

async function insertTip(place: string, submittedOn: string) {
  const [row] = await sql<{ seq: string }[]>`select nextval('tip_reference_seq')::text as seq`;
  await sql`insert into tips ${sql({
    id: randomUUID(),
    reference: `JB${submittedOn.slice(0, 4)}-${row!.seq.padStart(7, "0")}`,
    reference_seq: row!.seq,
    state: "submitted",
    channel: "web",
    sector_code: "pollution",
    place_code: place,
    submitted_on: submittedOn,
    captcha_status: "not_required",
    content_enc: randomBytes(32),
    receipt_hash: randomBytes(32),
  })}`;
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ RATE_LIMITS: "off" }), launchBrowser()]);
  const dbm = await import("../../app/lib/db.server");
  sql = dbm.sqlClient();
  closeDb = dbm.closeDb;
  const first = (month: string) => `${month}-01`;
  const tips: [string, string, number][] = [
    [COUNTY, TODAY, 12],
    [COUNTY, first(shiftMonth(THIS_MONTH, -1)), 6],
    [OTHER, TODAY, 2],
    [OTHER, first(shiftMonth(THIS_MONTH, -3)), 1],
  ];
  for (const [place, on, n] of tips) for (let i = 0; i < n; i++) await insertTip(place, on);
  // /stats shows the statistics release: publish one with these data (issue 16).
  await publishTestRelease();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await closeDb?.();
  await server?.close();
});

async function phonePage(js: boolean, lang: "zh-CN" | "en") {
  const { context, blocked } = await loopbackContext(browser, { javaScriptEnabled: js });
  contexts.push(context);
  await context.addCookies([{ name: "lang", value: lang, url: server.url }]);
  const page = await context.newPage();
  await page.setViewportSize(PHONE);
  page.setDefaultTimeout(10_000);
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  page.on("console", (m) => m.type() === "error" && pageErrors.push(m.text()));
  return { page, blocked, pageErrors };
}

/** The smallest text of the charts as rendered: HTML by its computed size, SVG text by its box (what a scaled SVG shrinks). */
async function smallestChartText(page: Page) {
  return page.evaluate(() => {
    const out: { px: number; text: string }[] = [];
    for (const el of document.querySelectorAll<HTMLElement | SVGTextElement>("figure.chart figcaption, figure.chart .bar-list li > span, figure.chart .bar-list i, figure.chart .chart-legend-item span, figure.chart .chart-note, figure.chart svg text")) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || getComputedStyle(el).display === "none" || el.closest(".visually-hidden")) continue;
      // SVG text's box is about 1.15 × its font size: as rendered, whatever the viewBox does to it.
      const px = el instanceof SVGTextElement ? box.height / 1.15 : parseFloat(getComputedStyle(el).fontSize);
      out.push({ px, text: (el.textContent ?? "").trim() });
    }
    out.sort((a, b) => a.px - b.px);
    return { smallest: out[0], count: out.length };
  });
}

describe.each([
  { js: false, lang: "zh-CN" as const },
  { js: true, lang: "zh-CN" as const },
  { js: false, lang: "en" as const },
  { js: true, lang: "en" as const },
])("/stats on a 390 px phone, JavaScript $js, $lang", ({ js, lang }) => {
  const t = lang === "en" ? statsEn : statsZhCN;
  it("chart text 12 px or more, no sideways scroll, hidden figures in words with the legend beside them, gaps said", async () => {
    const { page, blocked, pageErrors } = await phonePage(js, lang);
    for (const path of ["/stats", `/stats?place=${CITY}`, `/stats?place=${OTHER}`]) {
      const res = await page.goto(server.url + path);
      expect(res?.status(), path).toBe(200);
      const { smallest, count } = await smallestChartText(page);
      expect(count, `${path}: chart text found`).toBeGreaterThan(10);
      expect(smallest!.px, `${path}: smallest chart text "${smallest!.text}"`).toBeGreaterThanOrEqual(12);
      expect(await page.evaluate(() => document.scrollingElement!.scrollWidth), `${path}: the page does not scroll sideways`).toBeLessThanOrEqual(PHONE.width);
    }

    // The city: 堆龙德庆区's 2 tips this month are "<5"; the table says it in words.
    await page.goto(`${server.url}/stats?place=${CITY}`);
    const otherRow = page.locator(`table#by-place tbody tr[data-key="${OTHER}"]`);
    expect((await otherRow.locator("td").first().textContent())?.trim()).toBe(t["stats.reading.small"]);
    // No symbol left for a reader to guess at.
    const cells = await page.locator("table.stats-table td").allTextContents();
    for (const symbol of ["<5", "*", "—"]) expect(cells, `no "${symbol}" in the tables`).not.toContain(symbol);
    // The legend explains every word used, and sits within a screen of the first hidden figure.
    const legend = page.locator("#reading-legend");
    await expect.poll(() => legend.count()).toBe(1);
    const words = await legend.locator("dt").allTextContents();
    expect(words).toContain(t["stats.reading.small"]);
    expect(await legend.locator('[data-reading="small"] dd').textContent()).toBe(t["stats.legend.small"]);
    const firstHidden = await page.locator(".figure-hidden, table.stats-table td > i, .bar-list .bar-hidden").first().boundingBox();
    const legendBox = await legend.boundingBox();
    expect(firstHidden && legendBox, "the first hidden figure and the legend are on the page").toBeTruthy();
    expect(Math.abs(legendBox!.y - firstHidden!.y), "the legend is within a screen of the first hidden figure").toBeLessThan(PHONE.height);

    // 堆龙德庆区: 1 tip three months ago, 2 this month: months hidden, drawn as gaps, said in words.
    await page.goto(`${server.url}/stats?place=${OTHER}`);
    const gapNotes = await page.locator('figure[aria-labelledby="chart-month-caption"] .chart-gap-note').allTextContents();
    expect(gapNotes.length).toBeGreaterThan(0);
    expect(gapNotes[0]).toContain(t["stats.figure.received"]);
    // The headline says what is known in words: fewer than 5, not a symbol.
    expect((await page.locator('div.figure[data-figure="received"] .figure-value').textContent())?.trim()).toBe(t["stats.reading.long.small"]);

    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

describe("/stats wide tables on a phone", () => {
  it("scroll inside their own box with the first column fixed", async () => {
    const { page } = await phonePage(false, "zh-CN");
    await page.goto(`${server.url}/stats?place=${CITY}`);
    const region = page.locator('.table-scroll:has(table#by-month)');
    const widths = await region.evaluate((r) => ({ client: r.clientWidth, scroll: r.scrollWidth }));
    expect(widths.scroll, "the month table is wider than the phone").toBeGreaterThan(widths.client);
    const header = page.locator("table#by-month tbody tr").first().locator("th");
    const before = (await header.boundingBox())!.x;
    await region.evaluate((r) => r.scrollBy(200, 0));
    const after = (await header.boundingBox())!.x;
    expect(after, "the row header stays where it was").toBeCloseTo(before, 0);
    const cell = page.locator("table#by-month tbody tr").first().locator("td").nth(3);
    expect((await cell.boundingBox())!.x, "the other columns move").toBeLessThan(390);
  });
});
