/**
 * Issue 13's queue as a triage officer works it, with JavaScript on and off: the urgent tip is
 * first; "我来处理" claims it and a second officer sees who and since when (in the list and on
 * the page, where a decision asks "decide anyway"); "交办并打开下一条" walks three tips in urgency
 * order, each arrival showing what was just done in a notice that is in view (and focused with
 * JavaScript), the last one ending on the queue with "none left".
 *
 * Run `node_modules/.bin/remix build` first: the server serves whatever is in build/.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorsZhCN } from "../../app/i18n/errors.zh-CN";
import { queueZhCN } from "../../app/i18n/queue.zh-CN";
import { staffZhCN } from "../../app/i18n/staff.zh-CN";
import { launchBrowser } from "../support/browser";
import { filedTip, signedInStaff } from "../support/builders";
import { fmt, hydrated } from "../support/journey";
import { startTestServer } from "../support/server";

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ RATE_LIMITS: "off" }), launchBrowser()]);
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.close();
  await (await import("../../app/lib/db.server")).closeDb();
});

async function pageAs(cookie: string, js: boolean, width = 1366): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: js, viewport: { width, height: 900 } });
  contexts.push(context);
  const [name, ...value] = cookie.split("=");
  await context.addCookies([{ name: name!, value: value.join("="), url: server.url }]);
  return context.newPage();
}

const DAY_MS = 86_400_000;
const tipIn = (placeCode: string, description: string, o: { majorHazard?: boolean; daysAgo?: number } = {}) =>
  filedTip({
    tip: { placeCode, content: { description, address: "园区南门" }, majorHazard: o.majorHazard ?? false, concealedAccident: false, officialsImplicated: false, tipsterWorksThere: false },
    captcha: "verified",
    now: o.daysAgo ? new Date(Date.now() - o.daysAgo * DAY_MS) : undefined,
  });

/** The notice is on screen (not above or below the visible area) and, with JavaScript, has the focus. */
async function noticeInView(page: Page, js: boolean, says: string) {
  const notice = page.locator("#notice");
  await notice.waitFor();
  expect(await notice.getAttribute("role")).toBe("status");
  expect(await notice.textContent()).toContain(says);
  if (js) await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("notice");
  const box = await page.evaluate(() => {
    const r = document.getElementById("notice")!.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, height: window.innerHeight };
  });
  expect(box.top).toBeGreaterThanOrEqual(-1); // scrolled to it: its top at the window's, to a fraction of a pixel
  expect(box.bottom).toBeLessThanOrEqual(box.height);
}

describe.each([
  { js: true, place: "330109" },
  { js: false, place: "330110" },
])("decide and open the next (JavaScript $js)", ({ js, place }) => {
  it("claims the urgent tip, a second officer sees the claim, then routes three tips one after the other", async () => {
    const wang = await signedInStaff("triage_officer", "safety_committee", place, { displayName: "王五" });
    const zhao = await signedInStaff("triage_officer", "safety_committee", place, { displayName: "赵六" });
    // Filed oldest first; the major hazard, filed today, must lead the queue all the same.
    const old1 = await tipIn(place, "仓库内堆放大量纸箱，消防通道被堵塞，灭火器过期。", { daysAgo: 3 });
    const old2 = await tipIn(place, "车间粉尘很大，除尘设备长期停用，工人没有防护口罩。", { daysAgo: 2 });
    const urgent = await tipIn(place, "液氨储罐压力表异常，阀门处有明显泄漏气味，企业仍在生产。", { majorHazard: true });

    const page = await pageAs(wang.cookie, js);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${server.url}/staff/triage`);
    const rows = page.getByTestId("triage-queue").locator("tbody tr");
    expect(await rows.count()).toBe(3);
    expect(await rows.nth(0).textContent()).toContain(urgent.reference);
    // The snippet of the text, in the row.
    expect(await rows.nth(0).textContent()).toContain("液氨储罐压力表异常");
    await rows.nth(0).getByRole("link", { name: urgent.reference }).click();
    await page.waitForURL((u) => u.pathname === `/staff/triage/${urgent.reference}`);
    if (js) await hydrated(page);

    // "我来处理".
    await page.getByRole("button", { name: queueZhCN["queue.claim.button"], exact: true }).click();
    await noticeInView(page, js, fmt(queueZhCN["queue.notice.claimed"], { ref: urgent.reference }));
    const since = (await page.getByTestId("claim").textContent())!.match(/\d{2}:\d{2}/)?.[0];
    expect(since).toBeTruthy();

    // 赵六 sees who handles it, in the list and on the page; deciding it asks to confirm.
    const second = await pageAs(zhao.cookie, js);
    await second.goto(`${server.url}/staff/triage`);
    const claimedRow = second.getByTestId("triage-queue").locator("tbody tr").filter({ hasText: urgent.reference });
    expect(await claimedRow.getByTestId("row-claim").textContent()).toBe(fmt(queueZhCN["queue.claim.by"], { name: "王五", since: since! }));
    await second.goto(`${server.url}/staff/triage/${urgent.reference}`);
    expect(await second.getByTestId("claim").textContent()).toContain(fmt(queueZhCN["queue.claim.by"], { name: "王五", since: since! }));
    if (js) await hydrated(second);
    await second.getByRole("button", { name: staffZhCN["staff.case.routing.submit"], exact: true }).click();
    await second.locator("form#route [role=alert]").first().waitFor();
    expect(await second.locator("form#route").textContent()).toContain(fmt(errorsZhCN["errors.claim.heldByOther"], { name: "王五", since: since! }));
    expect(await second.locator("form#route").getByLabel(fmt(queueZhCN["queue.decideAnyway"], { name: "王五" })).count()).toBe(1);

    // 王五 walks the queue: the urgent one, then the two older ones, oldest first.
    for (const [decided, next] of [
      [urgent, old1],
      [old1, old2],
    ] as const) {
      if (js) await hydrated(page);
      await page.getByRole("button", { name: queueZhCN["queue.routeNext"], exact: true }).click();
      await page.waitForURL((u) => u.pathname === `/staff/triage/${next.reference}`, { waitUntil: "commit" });
      // Without JavaScript the 303's fragment takes the browser to the notice; with it, the focus does.
      if (!js) expect(new URL(page.url()).hash).toBe("#notice");
      await noticeInView(page, js, fmt(queueZhCN["queue.notice.routed"], { ref: decided.reference }));
      expect(await page.locator("#notice").textContent()).toContain(fmt(queueZhCN["queue.notice.next"], { ref: next.reference }));
    }
    if (js) await hydrated(page);
    await page.getByRole("button", { name: queueZhCN["queue.routeNext"], exact: true }).click();
    await page.waitForURL((u) => u.pathname === "/staff/triage", { waitUntil: "commit" });
    await noticeInView(page, js, fmt(queueZhCN["queue.notice.routed"], { ref: old2.reference }));
    expect(await page.locator("#notice").textContent()).toContain(queueZhCN["queue.notice.noneNext"]);
    expect(await page.getByTestId("triage-queue").count()).toBe(0);
    expect(errors).toEqual([]);
  });
});

describe("the queue on a phone", () => {
  it("at 390 px the page does not scroll sideways; at 1366 px the table uses the width of the screen", async () => {
    const desk = await signedInStaff("triage_officer", "safety_committee", "330111", { displayName: "孙七" });
    await tipIn("330111", "厂区东侧危化品仓库违规存放大量液氯钢瓶，无专人看管，附近就是居民区和一所小学，风险很大。", { majorHazard: true });
    const phone = await pageAs(desk.cookie, false, 390);
    await phone.goto(`${server.url}/staff/triage`);
    await phone.getByTestId("triage-queue").waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const wide = await pageAs(desk.cookie, false, 1366);
    await wide.goto(`${server.url}/staff/triage`);
    const width = (await wide.getByTestId("triage-queue").boundingBox())!.width;
    expect(width).toBeGreaterThan(1200);
  });
});
