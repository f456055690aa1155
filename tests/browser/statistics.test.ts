/**
 * /stats in the browser, with and without JavaScript, on data of this file's own: tips placed in
 * two counties of Lhasa (拉萨市 540100), a city no other test files anything in, inserted straight
 * into the database (the rollup triggers make them count at once). The drill-down from the
 * country to a county by the place links, the headline, the breadcrumb, the period form, the
 * charts, the CSV of a table, and, with JavaScript on, no script sent and no error in either language.
 *
 * The data are chosen so that nothing is suppressed: every cell of every linked table (by
 * sector, by place, by month; columns = the partition of the cases received) is 0 or ≥ 5.
 *
 *   城关区 540102 (23): this month 5 awaiting + 5 rejected (no facts);
 *                       last month 5 awaiting + 8 closed, substantiated, 4…11 days to conclusion
 *   堆龙德庆区 540103 (7): this month 7 awaiting
 *
 * Run `node_modules/.bin/remix build` first: the server serves whatever is in build/.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import type postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { en } from "../../app/i18n/en";
import { statsEn } from "../../app/i18n/stats.en";
import { statsZhCN } from "../../app/i18n/stats.zh-CN";
import { zhCN } from "../../app/i18n/zh-CN";
import { launchBrowser, loopbackContext } from "../support/browser";
import { publishTestRelease } from "../support/releases";
import { startTestServer } from "../support/server";

const zh = { ...zhCN, ...statsZhCN };
const enT = { ...en, ...statsEn };
type Messages = Record<keyof typeof zh, string>;
const fmt = (template: string, params: Record<string, string>) => Object.entries(params).reduce((s, [k, v]) => s.replaceAll(`{${k}}`, v), template);

const PROVINCE = "540000";
const CITY = "540100";
const COUNTY = "540102"; // 城关区
const OTHER = "540103"; // 堆龙德庆区
const COUNTY_TIPS = 23;
const OTHER_TIPS = 7;
const SECTOR = "pollution";
const CONCLUSION_DAYS = [4, 5, 6, 7, 8, 9, 10, 11]; // median 7.5
/** 西宁市 and one of its counties: 30 agencies (city and county level) with a case each, more than a page of the agency table. */
const AGENCY_CITY = "630100";
const AGENCY_COUNTY = "630102";
const AGENCY_COUNT = 30;
const AGENCY_PAGE = 25;
const AGENCY_CASES = 5;
/** The test agencies' ids, in the table's order (by Chinese name: 西宁测试部门01 … 30). */
const agenciesByName: string[] = [];

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let sql: postgres.Sql;
let closeDb: () => Promise<void>;
const contexts: BrowserContext[] = [];
/** Names of the places on the way down, as the places table has them. */
const names = new Map<string, { zh: string; en: string }>();

// ---------------------------------------------------------------------------------------------
// Dates, as the app sees them (todayLocal: the date in TIME_ZONE, Asia/Shanghai by default)

function todayLocal(): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: process.env.TIME_ZONE ?? "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(new Date());
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get("year")}-${get("month")}-${get("day")}`;
}
function shiftMonth(month: string, n: number): string {
  const m = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${String(Math.floor(m / 12)).padStart(4, "0")}-${String((m % 12) + 1).padStart(2, "0")}`;
}
const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

const TODAY = todayLocal();
const THIS_MONTH = TODAY.slice(0, 7);
const LAST_MONTH = shiftMonth(THIS_MONTH, -1);
/** The 12-month windows of the period select: 0 = the 12 months up to this month, 1 = the 12 before. */
const windowOf = (k: number) => ({ from: shiftMonth(THIS_MONTH, -12 * k - 11), to: shiftMonth(THIS_MONTH, -12 * k) });

// ---------------------------------------------------------------------------------------------
// Data

type Kind = { state: "submitted" } | { state: "rejected"; reason: string } | { state: "closed"; days: number };

/** `agencyId`: the agency that holds the case; its closed cases are then due 30 days after filing (so concluded on time). */
async function insertTip(place: string, submittedOn: string, kind: Kind, agencyId: string | null = null) {
  const id = randomUUID();
  const [row] = await sql<{ seq: string }[]>`select nextval('tip_reference_seq')::text as seq`;
  const seq = row!.seq;
  const concludedOn = kind.state === "closed" ? addDays(submittedOn, kind.days) : null;
  await sql`insert into tips ${sql({
    id,
    reference: `JB${submittedOn.slice(0, 4)}-${seq.padStart(7, "0")}`,
    reference_seq: seq,
    state: kind.state,
    channel: "web",
    sector_code: SECTOR,
    place_code: place,
    submitted_on: submittedOn,
    captcha_status: "not_required",
    content_enc: randomBytes(32),
    receipt_hash: randomBytes(32),
    rejection_reason: kind.state === "rejected" ? kind.reason : null,
    agency_id: agencyId,
    conclusion_due_on: agencyId && concludedOn ? addDays(submittedOn, 30) : null,
    concluded_on: concludedOn,
    closed_on: concludedOn,
  })}`;
  if (kind.state === "closed") {
    await sql`insert into case_outcomes ${sql({ tip_id: id, finding: "substantiated", rectification_ordered: false, public_summary_zh: "经查属实，已责令停止违法排放。" })}`;
  }
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ RATE_LIMITS: "off" }), launchBrowser()]);
  const dbm = await import("../../app/lib/db.server");
  sql = dbm.sqlClient();
  closeDb = dbm.closeDb;

  // The places exist, the two counties in the one city, and nobody else filed anything there.
  const rows = await sql<{ code: string; parent: string | null; name_zh: string; name_en: string }[]>`
    select trim(code) as code, trim(parent_code) as parent, name_zh, name_en from places where code in ${sql([PROVINCE, CITY, COUNTY, OTHER])}`;
  for (const r of rows) names.set(r.code, { zh: r.name_zh, en: r.name_en });
  expect(Object.fromEntries(rows.map((r) => [r.code, [r.parent, r.name_zh]]))).toEqual({
    [PROVINCE]: [null, "西藏自治区"],
    [CITY]: [PROVINCE, "拉萨市"],
    [COUNTY]: [CITY, "城关区"],
    [OTHER]: [CITY, "堆龙德庆区"],
  });
  const [before] = await sql<{ n: number }[]>`select count(*)::int as n from tips where place_code like '5401%'`;
  expect(before!.n).toBe(0);

  const lastMonthFirst = `${LAST_MONTH}-01`;
  const kinds: [string, string, Kind][] = [
    ...Array.from({ length: 5 }, (): [string, string, Kind] => [COUNTY, TODAY, { state: "submitted" }]),
    ...Array.from({ length: 5 }, (): [string, string, Kind] => [COUNTY, TODAY, { state: "rejected", reason: "no_facts" }]),
    ...Array.from({ length: 5 }, (): [string, string, Kind] => [COUNTY, lastMonthFirst, { state: "submitted" }]),
    ...CONCLUSION_DAYS.map((days): [string, string, Kind] => [COUNTY, lastMonthFirst, { state: "closed", days }]),
    ...Array.from({ length: OTHER_TIPS }, (): [string, string, Kind] => [OTHER, TODAY, { state: "submitted" }]),
  ];
  for (const [place, on, kind] of kinds) await insertTip(place, on, kind);
  const counts = await sql<{ place: string; n: number }[]>`select trim(place_code) as place, count(*)::int as n from tips where place_code like '5401%' group by 1 order by 1`;
  expect(counts).toEqual([
    { place: COUNTY, n: COUNTY_TIPS },
    { place: OTHER, n: OTHER_TIPS },
  ]);

  // 西宁市: more agencies than one page of the agency table holds, five cases each, concluded on time.
  const [qinghai] = await sql<{ n: number }[]>`select count(*)::int as n from tips where place_code like '6301%'`;
  expect(qinghai!.n).toBe(0);
  const types = await sql<{ code: string }[]>`select code from department_types order by code`;
  let k = 0;
  for (const place of [AGENCY_CITY, AGENCY_COUNTY]) {
    for (const type of types) {
      k++;
      if (k > AGENCY_COUNT) break;
      const name = `西宁测试部门${String(k).padStart(2, "0")}`;
      const [a] = await sql<{ id: string }[]>`
        insert into agencies (department_type, place_code, name_zh, name_en, inbox_email)
        values (${type.code}, ${place}, ${name}, ${`Xining test agency ${String(k).padStart(2, "0")}`}, ${`agency-${k}@xining.test`})
        returning id::text`;
      agenciesByName.push(a!.id);
      for (let i = 0; i < AGENCY_CASES; i++) await insertTip(AGENCY_COUNTY, TODAY, { state: "closed", days: 0 }, a!.id);
    }
  }
  expect(agenciesByName).toHaveLength(AGENCY_COUNT);
  // /stats shows the statistics release: publish one with these data (issue 16).
  await publishTestRelease();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await closeDb?.();
  await server?.close();
});

// ---------------------------------------------------------------------------------------------
// Helpers

async function newPage(opts: { javaScriptEnabled?: boolean } = {}) {
  const { context, blocked } = await loopbackContext(browser, opts);
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const pageErrors: string[] = [];
  const scriptRequests: string[] = [];
  page.on("request", (r) => {
    if (r.resourceType() === "script") scriptRequests.push(r.url());
  });
  page.on("pageerror", (e) => pageErrors.push(`${page.url()}: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") pageErrors.push(`${page.url()}: ${m.text()}`);
  });
  return { context, page, blocked, pageErrors, scriptRequests };
}

const text = async (locator: Locator) => ((await locator.textContent()) ?? "").replace(/\s+/g, " ").trim();
const h1Text = (page: Page) => text(page.locator("main h1"));
const figure = (page: Page, id: string) => text(page.locator(`dl.figures div.figure[data-figure="${id}"] .figure-value`));
const query = (page: Page) => Object.fromEntries(new URL(page.url()).searchParams);

/**
 * /stats is sent no JavaScript (ADR 039): with JavaScript on, the page holds no script and asks
 * for none, and every move is a document of its own, as with JavaScript off.
 */
async function sentNoScript(page: Page, scriptRequests: string[]) {
  expect(await page.locator('script:not([type="application/json"])').count(), page.url()).toBe(0);
  expect(scriptRequests, page.url()).toEqual([]);
}

async function follow(page: Page, link: Locator, place: string, title: string, js: boolean) {
  await link.click();
  await page.waitForURL((u) => u.pathname === "/stats" && u.searchParams.get("place") === place);
  await page.locator("main h1", { hasText: title }).waitFor();
  expect(await h1Text(page)).toBe(title);
}

/** Breadcrumb links (text → href) and the current place. */
async function breadcrumb(page: Page) {
  const nav = page.locator("nav.breadcrumb");
  const links = await nav.getByRole("link").evaluateAll((as) => as.map((a) => [(a.textContent ?? "").trim(), a.getAttribute("href")] as const));
  return { links, current: await text(nav.locator('[aria-current="page"]')) };
}

/** The cells of a breakdown table's row (header first), by the row's data-key, or the total row. */
async function rowOf(page: Page, table: string, key: string | "total") {
  const row = key === "total" ? page.locator(`table#${table} tfoot tr`) : page.locator(`table#${table} tbody tr[data-key="${key}"]`);
  expect(await row.count(), `${table} row ${key}`).toBe(1);
  return row.locator("th, td").allTextContents().then((cells) => cells.map((c) => c.trim()));
}

/**
 * Every chart is a figure named by its visible caption. The month chart's SVG is an image named
 * by that caption, with its value axis labelled; a bar chart's header row names its two columns.
 */
async function checkCharts(page: Page, t: Messages) {
  const charts = await page.locator("figure.chart:not(.chart-empty)").evaluateAll((figures) =>
    figures.map((f) => {
      const caption = f.querySelector(":scope > figcaption");
      const svg = f.querySelector(":scope > svg.chart-svg");
      return {
        caption: (caption?.textContent ?? "").trim(),
        captionId: caption?.id ?? null,
        labelledBy: f.getAttribute("aria-labelledby"),
        svg: svg ? { role: svg.getAttribute("role"), labelledBy: svg.getAttribute("aria-labelledby"), axes: [...svg.querySelectorAll("text.chart-axis-label")].map((a) => (a.textContent ?? "").trim()) } : null,
        head: [...f.querySelectorAll(".bar-head span")].map((s) => (s.textContent ?? "").trim()),
      };
    }),
  );
  expect(charts.length).toBeGreaterThan(0);
  const axisLabels: Record<string, string[]> = {
    [t["stats.chart.month.title"]]: [t["stats.chart.month.y"]],
    [t["stats.chart.sector.title"]]: [t["stats.col.sector"], t["stats.chart.count"]],
    [t["stats.chart.place.title"]]: [t["stats.col.place"], t["stats.chart.count"]],
    [t["stats.chart.agency.title"]]: [t["stats.col.agency"], t["stats.chart.rate"]],
  };
  for (const c of charts) {
    expect(c.caption, "every chart has a caption").not.toBe("");
    expect(c.labelledBy).toBe(c.captionId);
    if (c.svg) {
      expect(c.svg.role).toBe("img");
      expect(c.svg.labelledBy).toBe(c.captionId);
      expect(c.svg.axes, `axis labels of "${c.caption}"`).toEqual(axisLabels[c.caption]);
    } else expect(c.head, `column heads of "${c.caption}"`).toEqual(axisLabels[c.caption]);
  }
}

/** The width (percent of its track) of the bar of `label` in the chart captioned by `captionId`. */
async function barWidth(page: Page, captionId: string, label: string) {
  const widths = await page
    .locator(`figure[aria-labelledby="${captionId}"] ul.bar-list > li:not(.bar-head)`)
    .evaluateAll((rows, l) => rows.filter((li) => li.querySelector(":scope > span:first-child")?.textContent === l).map((li) => parseFloat(li.querySelector("rect")?.getAttribute("width") ?? "NaN")), label);
  expect(widths, `one bar for ${label}`).toHaveLength(1);
  return widths[0]!;
}

async function choosePeriod(page: Page, period: number, t: Messages, js: boolean) {
  await page.getByLabel(t["stats.period"], { exact: true }).selectOption(String(period));
  await page.getByRole("button", { name: t["stats.show"], exact: true }).click();
  await page.waitForURL((u) => u.searchParams.get("period") === String(period));
  const w = windowOf(period);
  await page.locator("#headline-title", { hasText: fmt(t["stats.period.option"], w) }).waitFor();
}

// ---------------------------------------------------------------------------------------------
// Journeys

describe.each([
  { js: false, label: "off" },
  { js: true, label: "on" },
])("/stats with JavaScript $label", ({ js }) => {
  it("drills down from the country to a county by the place links; headline, breadcrumb, charts, tables", async () => {
    const { page, blocked, pageErrors, scriptRequests } = await newPage({ javaScriptEnabled: js });
    const res = await page.goto(`${server.url}/stats`);
    expect(res?.status()).toBe(200);
    expect(await h1Text(page)).toBe(`${zh["stats.title"]} · ${zh["stats.nation"]}`);
    expect(await page.locator("nav.breadcrumb").count()).toBe(0);
    if (js) await sentNoScript(page, scriptRequests);
    // The page says which statistics release it shows and when it was published (local time), linking to the list of releases.
    const line = page.getByTestId("release-line");
    expect(await text(line)).toMatch(/^第 1 期统计发布 · \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2} 发布$/);
    expect(await line.locator("a").getAttribute("href")).toBe("/open-data/releases");

    // Country → 西藏自治区
    await follow(page, page.locator("table#by-place").getByRole("link", { name: "西藏自治区", exact: true }), PROVINCE, `${zh["stats.title"]} · 西藏自治区`, js);
    expect(await breadcrumb(page)).toEqual({ links: [[zh["stats.nation"], "/stats"]], current: "西藏自治区" });
    expect(await figure(page, "received")).toBe(String(COUNTY_TIPS + OTHER_TIPS));

    // 西藏自治区 → 拉萨市: one row per county with its count, and the total.
    await follow(page, page.locator("table#by-place").getByRole("link", { name: "拉萨市", exact: true }), CITY, `${zh["stats.title"]} · 拉萨市`, js);
    expect(await breadcrumb(page)).toEqual({
      links: [
        [zh["stats.nation"], "/stats"],
        ["西藏自治区", `/stats?place=${PROVINCE}`],
      ],
      current: "拉萨市",
    });
    expect(await figure(page, "received")).toBe("30");
    // Columns: place, received, not taken up (rejected or merged), pending (awaiting or in progress), concluded, …
    expect((await rowOf(page, "by-place", COUNTY)).slice(0, 5)).toEqual(["城关区", "23", "5", "10", "8"]);
    expect((await rowOf(page, "by-place", OTHER)).slice(0, 5)).toEqual(["堆龙德庆区", "7", "0", "7", "0"]);
    expect((await rowOf(page, "by-place", "total")).slice(0, 5)).toEqual([zh["stats.total"], "30", "5", "17", "8"]);
    expect(await page.locator("table#by-place tbody tr").count()).toBe(2);
    // Row headers link to the drill-down.
    expect(await page.locator("table#by-place tbody th a").evaluateAll((as) => as.map((a) => a.getAttribute("href")))).toEqual([`/stats?place=${COUNTY}`, `/stats?place=${OTHER}`]);
    // Charts: named, with axis labels; the 23-tip county's bar is longer than the 7-tip one's, in proportion.
    await checkCharts(page, zh);
    const wide = await barWidth(page, "chart-place-caption", "城关区");
    const narrow = await barWidth(page, "chart-place-caption", "堆龙德庆区");
    expect(wide).toBeGreaterThan(narrow);
    expect(wide / narrow).toBeCloseTo(COUNTY_TIPS / OTHER_TIPS, 1);
    // The bars show their numbers; screen readers get them from the table that follows, not twice.
    const barRows = page.locator('figure[aria-labelledby="chart-place-caption"] ul.bar-list > li:not(.bar-head)');
    expect((await barRows.allTextContents()).map((s) => s.replace(/\s+/g, ""))).toEqual(["城关区23", "堆龙德庆区7"]);
    expect(await page.locator('figure[aria-labelledby="chart-place-caption"] ul.bar-list').getAttribute("aria-hidden")).toBe("true");
    // The place table can be downloaded (a city has one).
    expect(await page.locator(`a[href="/stats.csv?place=${CITY}&table=place&release=1"]`).count()).toBe(1);

    // 拉萨市 → 城关区: the county's own figures; no breakdown by place below a county.
    await follow(page, page.locator("table#by-place").getByRole("link", { name: "城关区", exact: true }), COUNTY, `${zh["stats.title"]} · 城关区`, js);
    expect(await breadcrumb(page)).toEqual({
      links: [
        [zh["stats.nation"], "/stats"],
        ["西藏自治区", `/stats?place=${PROVINCE}`],
        ["拉萨市", `/stats?place=${CITY}`],
      ],
      current: "城关区",
    });
    expect(await figure(page, "received")).toBe(String(COUNTY_TIPS));
    expect(await figure(page, "accepted")).toBe("8");
    expect(await figure(page, "rejected")).toBe("5");
    expect(await figure(page, "concluded")).toBe("8");
    expect(await figure(page, "substantiated_rate")).toBe("100.0%");
    expect(await figure(page, "median_days")).toBe("7.5");
    expect(await figure(page, "p90_days")).toBe("11");
    expect(await figure(page, "open_now")).toBe("10");
    expect(await text(page.locator('dl.figures div.figure[data-figure="no_facts"] .figure-value'))).toBe("5");
    expect(await page.locator("#by-place, #by-place-title, #chart-place-caption").count()).toBe(0);
    expect(await page.locator('a[href*="table=place"]').count()).toBe(0);
    // The month still under way when the release was computed is marked incomplete, in the table and under the chart.
    expect((await rowOf(page, "by-month", THIS_MONTH)).slice(0, 4)).toEqual([zh["stats.month.incomplete"].replace("{month}", THIS_MONTH), "10", "5", "5"]);
    expect(await text(page.locator("#incomplete-month"))).toBe(`* ${zh["stats.month.incomplete_note"].replace("{month}", THIS_MONTH)}`);
    expect((await rowOf(page, "by-month", LAST_MONTH)).slice(0, 5)).toEqual([LAST_MONTH, "13", "0", "5", "8"]);
    expect((await rowOf(page, "by-sector", SECTOR))[1]).toBe("23");
    // No agency holds these cases: the "none" paragraph instead of a table.
    expect(await page.locator("table#by-agency").count()).toBe(0);
    expect(await page.getByText(zh["stats.agency.none"], { exact: true }).count()).toBe(1);
    await checkCharts(page, zh);

    // Back up by the breadcrumb.
    await follow(page, page.locator("nav.breadcrumb").getByRole("link", { name: "拉萨市", exact: true }), CITY, `${zh["stats.title"]} · 拉萨市`, js);
    expect(await figure(page, "received")).toBe("30");

    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it("changes the period with the form: period=1 in the URL, that window's range and figures", async () => {
    const { page, blocked, pageErrors, scriptRequests } = await newPage({ javaScriptEnabled: js });
    await page.goto(`${server.url}/stats?place=${COUNTY}`);
    expect(await h1Text(page)).toBe(`${zh["stats.title"]} · 城关区`);
    const w0 = windowOf(0);
    expect(await text(page.locator("#headline-title"))).toBe(`${zh["stats.headline"]} · ${fmt(zh["stats.period.option"], w0)}`);
    expect(await page.getByLabel(zh["stats.period"], { exact: true }).inputValue()).toBe("0");
    expect(await figure(page, "received")).toBe(String(COUNTY_TIPS));
    if (js) await sentNoScript(page, scriptRequests);

    await choosePeriod(page, 1, zh, js);
    expect(query(page)).toEqual({ place: COUNTY, period: "1" });
    expect(await h1Text(page)).toBe(`${zh["stats.title"]} · 城关区`);
    expect(await text(page.locator("#headline-title"))).toBe(`${zh["stats.headline"]} · ${fmt(zh["stats.period.option"], windowOf(1))}`);
    expect(await page.getByLabel(zh["stats.period"], { exact: true }).inputValue()).toBe("1");
    // The tips were all filed in window 0.
    expect(await figure(page, "received")).toBe("0");
    expect(await figure(page, "concluded")).toBe("0");
    // Twelve months, all empty; no chart to draw.
    expect(await page.locator("table#by-month tbody tr").count()).toBe(12);
    expect(await page.locator("table#by-month tbody tr").first().getAttribute("data-key")).toBe(windowOf(1).from);
    // Nothing by sector to draw; the months are drawn as a flat line at 0 (no gap), with 0 in the table.
    expect(await page.locator('figure.chart-empty[aria-labelledby="chart-sector-caption"]').count()).toBe(1);
    expect(await page.locator('figure[aria-labelledby="chart-month-caption"] path.chart-line-path').count()).toBe(2);
    expect(await page.locator('figure[aria-labelledby="chart-month-caption"] .chart-gap-note').count()).toBe(0);
    expect(new Set(await page.locator("table#by-month tbody td:nth-child(2)").allTextContents())).toEqual(new Set(["0"]));
    await checkCharts(page, zh);
    // Links keep the period: the breadcrumb goes to the city in the same window.
    expect(await page.locator("nav.breadcrumb").getByRole("link", { name: "拉萨市", exact: true }).getAttribute("href")).toBe(`/stats?place=${CITY}&period=1`);
    // The download links are of the period shown.
    expect(await page.locator(`a[href="/stats.csv?place=${COUNTY}&period=1&table=month&release=1"]`).count()).toBe(1);

    // And back to the latest 12 months.
    await choosePeriod(page, 0, zh, js);
    expect(await figure(page, "received")).toBe(String(COUNTY_TIPS));

    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

describe.each([
  { js: false, label: "off" },
  { js: true, label: "on" },
])("/stats agency table with JavaScript $label", ({ js }) => {
  it("shows 25 agencies a page with the total of all, and pages on by a link", async () => {
    const { page, blocked, pageErrors, scriptRequests } = await newPage({ javaScriptEnabled: js });
    await page.goto(`${server.url}/stats?place=${AGENCY_CITY}`);
    expect(await h1Text(page)).toBe(`${zh["stats.title"]} · 西宁市`);
    if (js) await sentNoScript(page, scriptRequests);
    const keys = () => page.locator("table#by-agency tbody tr").evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-key")));
    const bars = () => page.locator('figure[aria-labelledby="chart-agency-caption"] ul.bar-list > li:not(.bar-head)').count();

    expect(await keys()).toEqual(agenciesByName.slice(0, AGENCY_PAGE));
    expect(await bars()).toBe(AGENCY_PAGE);
    expect(await text(page.locator("#agency-range"))).toBe(fmt(zh["stats.agency.range"], { total: "30", first: "1", last: "25" }));
    // Every agency: 5 cases concluded, all on time. The total row is of every agency, and says so.
    expect((await rowOf(page, "by-agency", agenciesByName[0]!)).slice(3, 5)).toEqual(["5", "100.0%"]);
    const total = await rowOf(page, "by-agency", "total");
    expect(total[0]).toBe(fmt(zh["stats.agency.total_all"], { total: "30" }));
    expect(total[3]).toBe("150");
    const pager = page.getByRole("navigation", { name: zh["stats.agency.pages"] });
    expect(await text(pager.locator("span"))).toBe(fmt(zh["stats.agency.page"], { page: "1", pages: "2" }));
    expect(await pager.getByRole("link", { name: zh["stats.agency.previous"] }).count()).toBe(0);

    await pager.getByRole("link", { name: zh["stats.agency.next"], exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get("agencies") === "2");
    await page.locator("#agency-range", { hasText: "26" }).waitFor();
    expect(query(page)).toEqual({ place: AGENCY_CITY, agencies: "2" });
    expect(new URL(page.url()).hash).toBe("#by-agency-title");
    expect(await keys()).toEqual(agenciesByName.slice(AGENCY_PAGE));
    expect(await bars()).toBe(AGENCY_COUNT - AGENCY_PAGE);
    expect(await text(page.locator("#agency-range"))).toBe(fmt(zh["stats.agency.range"], { total: "30", first: "26", last: "30" }));
    expect((await rowOf(page, "by-agency", "total"))[3]).toBe("150");
    expect(await pager.getByRole("link", { name: zh["stats.agency.next"] }).count()).toBe(0);
    // Everything above the agency table is the same page: the headline of the city.
    expect(await figure(page, "received")).toBe(String(AGENCY_COUNT * AGENCY_CASES));

    await pager.getByRole("link", { name: zh["stats.agency.previous"], exact: true }).click();
    await page.waitForURL((u) => !u.searchParams.has("agencies"));
    await page.locator("#agency-range", { hasText: "25" }).waitFor();
    expect(await keys()).toEqual(agenciesByName.slice(0, AGENCY_PAGE));

    // A page past the end shows the last page; the downloads carry every agency.
    await page.goto(`${server.url}/stats?place=${AGENCY_CITY}&agencies=99`);
    expect(await keys()).toEqual(agenciesByName.slice(AGENCY_PAGE));
    const csv = await page.request.get(`${server.url}/stats.csv?place=${AGENCY_CITY}&table=agency`);
    const [header, ...records] = parseCsv((await csv.body()).toString("utf8").replace(/^\uFEFF/, ""));
    const keyCol = header!.indexOf("key");
    expect(new Set(records.filter((r) => r.length > 1).map((r) => r[keyCol]))).toEqual(new Set(agenciesByName));

    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

describe("/stats with JavaScript on: sent no script, no error, in either language", () => {
  it.each(["zh-CN", "en"] as const)("every level and a past period load without a script and without errors (%s)", async (lang) => {
    const { page, blocked, pageErrors, scriptRequests } = await newPage();
    const t: Messages = lang === "en" ? enT : zh;
    await page.goto(`${server.url}/stats?place=${CITY}`);
    await sentNoScript(page, scriptRequests);
    if (lang === "en") {
      // The language switch of the header, as a reader would use it: back on the same page, in English.
      await page.locator("form.lang-switch").getByRole("button").filter({ hasText: zh["lang.switch"] }).click();
      await page.locator("main h1", { hasText: statsEn["stats.title"] }).waitFor();
      expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(`/stats?place=${CITY}`);
      await sentNoScript(page, scriptRequests);
    }
    expect(await page.locator("html").getAttribute("lang")).toBe(lang);
    const name = (code: string) => (lang === "en" ? names.get(code)!.en : names.get(code)!.zh);
    expect(await h1Text(page)).toBe(`${t["stats.title"]} · ${name(CITY)}`);
    if (lang === "en") expect(await h1Text(page)).toContain("Resolution statistics");
    expect((await rowOf(page, "by-place", COUNTY)).slice(0, 2)).toEqual([name(COUNTY), "23"]);
    expect((await rowOf(page, "by-place", OTHER)).slice(0, 2)).toEqual([name(OTHER), "7"]);
    await checkCharts(page, t);

    // A drill-down and the period form, then every level loaded afresh: each a document, none with a script.
    await follow(page, page.locator("table#by-place").getByRole("link", { name: name(COUNTY), exact: true }), COUNTY, `${t["stats.title"]} · ${name(COUNTY)}`, true);
    expect(await figure(page, "received")).toBe("23");
    await choosePeriod(page, 1, t, true);
    expect(await figure(page, "received")).toBe("0");
    for (const path of ["/stats", `/stats?place=${PROVINCE}`, `/stats?place=${COUNTY}`, `/stats?place=${COUNTY}&period=1`]) {
      const res = await page.goto(server.url + path);
      expect(res?.status(), path).toBe(200);
      await sentNoScript(page, scriptRequests);
      expect(await page.locator("html").getAttribute("lang"), path).toBe(lang);
    }
    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

describe("/stats.csv", () => {
  it("the city's place table has a row for each county with its count", async () => {
    const { page } = await newPage({ javaScriptEnabled: false });
    await page.goto(`${server.url}/stats?place=${CITY}`);
    const href = await page.locator(`a[href="/stats.csv?place=${CITY}&table=place&release=1"]`).getAttribute("href");
    expect(href).not.toBeNull();
    const res = await page.request.get(server.url + href!);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toMatch(/^text\/csv/);
    const [header, ...records] = parseCsv((await res.body()).toString("utf8").replace(/^\uFEFF/, ""));
    expect(header).toBeDefined();
    const col = (name: string) => {
      const i = header!.indexOf(name);
      expect(i, `column ${name}`).toBeGreaterThanOrEqual(0);
      return i;
    };
    const rows = records.filter((r) => r.length > 1).map((r) => ({ table: r[col("table")], scope: r[col("scope_code")], key: r[col("key")], name: r[col("name_zh")], received: r[col("received")], from: r[col("period_from")], to: r[col("period_to")] }));
    const w0 = windowOf(0);
    expect(rows).toEqual([
      { table: "place", scope: CITY, key: COUNTY, name: "城关区", received: "23", ...w0 },
      { table: "place", scope: CITY, key: OTHER, name: "堆龙德庆区", received: "7", ...w0 },
    ]);
  });
});

/** RFC 4180 records (quoted fields, doubled quotes, CRLF or LF). */
function parseCsv(s: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && s[i + 1] === "\n") i++;
      row.push(field);
      out.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) out.push([...row, field]);
  return out;
}
