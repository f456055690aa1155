/**
 * Issue #13, part 5: the case page shows times in local time (TIME_ZONE, Asia/Shanghai) and the
 * ledger in words, in both languages, with JavaScript on and off. The browser's own zone is set
 * to New York, so a page that formatted with the reader's clock when hydrating would change the
 * times the server sent (and React would report the mismatch).
 *
 * Run `node_modules/.bin/remix build` first: the server serves whatever is in build/.
 */
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { en } from "../../app/i18n/en";
import { staffEn } from "../../app/i18n/staff.en";
import { staffZhCN } from "../../app/i18n/staff.zh-CN";
import { timesEn } from "../../app/i18n/times.en";
import { timesZhCN } from "../../app/i18n/times.zh-CN";
import { zhCN } from "../../app/i18n/zh-CN";
import { launchBrowser } from "../support/browser";
import { acceptedCase, signedInStaff, staffMember } from "../support/builders";
import { fmt, hydrated, XIHU_EM } from "../support/journey";
import { startTestServer } from "../support/server";

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ RATE_LIMITS: "off", TIME_ZONE: "Asia/Shanghai" }), launchBrowser()]);
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.close();
  await (await import("../../app/lib/db.server")).closeDb();
});

const WORDS = {
  "zh-CN": { routed: fmt(timesZhCN["times.ledger.line"], { action: staffZhCN["staff.ledger.action.case.route"], details: fmt(timesZhCN["times.ledger.toAgency"], { agency: XIHU_EM.nameZh }) }), routedAt: "2026-12-01 20:42", notedAt: "2026-12-02 05:05", state: staffZhCN["staff.state.assigned"] },
  en: { routed: fmt(timesEn["times.ledger.line"], { action: staffEn["staff.ledger.action.case.route"], details: fmt(timesEn["times.ledger.toAgency"], { agency: "Xihu District Emergency Management Bureau" }) }), routedAt: "1 Dec 2026, 20:42", notedAt: "2 Dec 2026, 05:05", state: staffEn["staff.state.assigned"] },
} as const;

describe.each([{ js: true }, { js: false }])("the case page's times and ledger (JavaScript $js)", ({ js }) => {
  it.each(["zh-CN", "en"] as const)("in %s: local times, and each ledger line in words", async (locale) => {
    const desk = await staffMember("triage_officer", "safety_committee", "330106");
    const officer = await signedInStaff("agency_officer", XIHU_EM.departmentType, XIHU_EM.placeCode);
    // Routed and accepted at 12:42 UTC — 20:42 in Shanghai; a note at 21:05 UTC, 05:05 the next day there.
    const tip = await acceptedCase(desk, officer.staff, { now: new Date("2026-12-01T12:42:00Z") });
    const { addCaseNote } = await import("../../app/services/case-add-note.server");
    await addCaseNote(officer.staff, tip.reference, { body: "已电话联系企业安全负责人。", now: new Date("2026-12-01T21:05:00Z") });

    const context = await browser.newContext({ javaScriptEnabled: js, timezoneId: "America/New_York", locale: "en-US", viewport: { width: 1366, height: 900 } });
    contexts.push(context);
    const [name, ...value] = officer.cookie.split("=");
    await context.addCookies([
      { name: name!, value: value.join("="), url: server.url },
      { name: "lang", value: locale, url: server.url },
    ]);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(m.text());
    });
    await page.goto(`${server.url}/staff/cases/${tip.reference}`);
    if (js) await hydrated(page);

    const w = WORDS[locale];
    const ledger = page.getByTestId("ledger");
    const routed = ledger.locator("tr", { hasText: w.routed });
    expect(await routed.count()).toBe(1);
    const line = (await routed.locator("td").nth(3).textContent()) ?? "";
    expect(line.startsWith(w.routed)).toBe(true);
    expect(line).toContain(w.state);
    expect((await routed.locator("td").nth(1).textContent())?.trim()).toBe(w.routedAt);
    const all = (await ledger.textContent()) ?? "";
    // No action codes, detail keys or UTC times.
    expect(all).not.toMatch(/case\.route|from: |to: |agencyId|\d{2}:\d{2}(:\d{2})?Z/);
    // The tipster's filing carries its date only.
    expect(await ledger.locator("tr").first().locator("td").nth(1).textContent()).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const notes = (await page.getByTestId("case-notes").textContent()) ?? "";
    expect(notes).toContain(w.notedAt);
    expect(notes).not.toMatch(/\d{2}:\d{2}Z/);
    expect(problems).toEqual([]);
  });
});

describe.each([{ js: true }, { js: false }])("a URL outside every route (JavaScript $js)", ({ js }) => {
  it.each([
    ["en", en],
    ["zh-CN", zhCN],
  ] as const)("is answered in the reader's language (%s)", async (locale, words) => {
    const context = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 1366, height: 900 } });
    contexts.push(context);
    await context.addCookies([{ name: "lang", value: locale, url: server.url }]);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    const response = await page.goto(`${server.url}/no/such/page`);
    expect(response?.status()).toBe(404);
    // Hydrated: the error page has no form in main, only the language switch.
    if (js) await page.waitForFunction(() => Object.keys(document.querySelector("form.lang-switch") ?? {}).some((k) => k.startsWith("__reactFiber")));
    expect(await page.locator("html").getAttribute("lang")).toBe(locale);
    expect((await page.locator("h1").textContent())?.trim()).toBe(words["errors.title"]);
    expect(await page.locator("main").textContent()).toContain(words["errors.notFound"]);
    expect(problems).toEqual([]);
  });
});
