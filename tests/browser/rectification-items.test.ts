/**
 * The rectification list (整改清单, issue 15 part B, docs/decisions/037) in the browser, with
 * JavaScript on and off: the agency officer concludes with two rectification items (a third row
 * added with "add another row", which keeps what was typed), verifies them one by one — the case
 * stays 整改中 and cannot be closed until the second — and closes (销号).
 *
 * Run `node_modules/.bin/remix build` first: the server serves whatever is in build/.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import postgres from "postgres";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authZhCN } from "../../app/i18n/auth.zh-CN";
import { caseZhCN } from "../../app/i18n/case.zh-CN";
import { rectificationZhCN } from "../../app/i18n/rectification.zh-CN";
import { staffZhCN } from "../../app/i18n/staff.zh-CN";
import { zhCN } from "../../app/i18n/zh-CN";
import { launchBrowser } from "../support/browser";
import { acceptedCase, staffMember } from "../support/builders";
import { createJourney, fmt, hydrated, submit, text, XIHU_EM, type JourneyModules } from "../support/journey";
import { publishTestRelease } from "../support/releases";
import { startTestServer } from "../support/server";

const zh = { ...zhCN, ...authZhCN, ...staffZhCN, ...caseZhCN, ...rectificationZhCN };
const TIME_ZONE = "Asia/Shanghai";
const SUMMARY = "经现场核查，该企业储罐区可燃气体报警器被拆除、装卸人员未经培训的问题属实，已责令限期整改。";
const A = "重新安装储罐区可燃气体报警器并接入监控平台";
const B = "对装卸作业人员开展安全培训并建立培训台账";

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let sql: postgres.Sql;
let m: JourneyModules;
let tmpDir: string;
let photo: string;
const contexts: BrowserContext[] = [];
const { newPage, staffSignIn, enrolledStaff } = createJourney(() => ({ browser, server, sql, m, received: [], contexts }));

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ RATE_LIMITS: "off" }), launchBrowser()]);
  sql = postgres(process.env.DATABASE_URL!, { max: 2, onnotice: () => {} });
  m = {
    ...(await import("../../db/seed/demo-staff")),
    ...(await import("../../app/lib/password.server")),
    ...(await import("../../app/lib/totp.server")),
    ...(await import("../../app/services/file-tip.server")),
  };
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "canary-items-"));
  photo = path.join(tmpDir, "rectified.png");
  await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 40, g: 160, b: 90 } } })
    .png()
    .toFile(photo);
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await sql?.end({ timeout: 5 });
  await server?.close();
  const { closeDb } = await import("../../app/lib/db.server");
  await closeDb();
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
});

function localDate(days = 0) {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** One decision on the case page: click `button` (inside `scope`), expect 已保存。 and the case's state. */
async function caseStep(page: Page, button: ReturnType<Page["getByRole"]>, state: string) {
  const response = await submit(page, button);
  if (response.status() !== 200) {
    const said = await page.locator("main [role=alert]").allTextContents();
    throw new Error(`answered ${response.status()}: ${said.join(" | ")}`);
  }
  await page.getByRole("status").filter({ hasText: zh["staff.case.done"] }).waitFor();
  await expect.poll(() => text(page.getByTestId("case-state"))).toBe(state);
}

const row = (page: Page, i: number, field: string) => page.locator(`[name="items[${i}].${field}"]`);
const itemState = (page: Page, n: number) => text(page.getByTestId(`rectification-item-${n}`).getByTestId("item-state"));

describe.each([
  ["on", true],
  ["off", false],
] as const)("the rectification list, JavaScript %s", (_label, js) => {
  it("the officer records two items, verifies them one by one and closes", async () => {
    // The case, routed and under investigation (made by the services), in Xihu emergency management.
    const desk = await staffMember("triage_officer", "safety_committee", "330106");
    const starter = await staffMember("agency_officer", XIHU_EM.departmentType, XIHU_EM.placeCode);
    const tip = await acceptedCase(desk, starter, { investigating: true });
    const checker = `李核查${js ? "甲" : "乙"}`;
    await staffMember("agency_officer", XIHU_EM.departmentType, XIHU_EM.placeCode, { displayName: checker });
    const login = await enrolledStaff("agency_officer", XIHU_EM, js ? "整改承办人甲" : "整改承办人乙");

    const { page, blocked, pageErrors } = await newPage({ javaScriptEnabled: js });
    await staffSignIn(page, login, js, XIHU_EM.nameZh);
    await page.goto(`${server.url}/staff/cases/${tip.reference}`);
    await page.getByTestId("case-state").waitFor();
    if (js) await hydrated(page);
    expect(await text(page.getByTestId("case-state"))).toBe(zh["staff.state.investigating"]);

    // 办理结论 with two items; three blank rows to start with.
    expect(await page.locator('[name$="].action"]').count()).toBe(3);
    await page.getByLabel(zh["case.finding.substantiated"], { exact: true }).check();
    await page.getByLabel(zh["case.action.rectification"], { exact: true }).check();
    await row(page, 0, "action").fill(A);
    await row(page, 0, "responsibleRole").selectOption("principal");
    await row(page, 0, "dueOn").fill(localDate(10));
    await row(page, 1, "action").fill(B);
    await row(page, 1, "responsibleRole").selectOption("safety_manager");
    await row(page, 1, "checkingOfficerId").selectOption({ label: checker });
    await row(page, 1, "dueOn").fill(localDate(20));
    await page.getByLabel(zh["case.summary.zh"], { exact: true }).fill(SUMMARY);

    // "Add another row": one more row, nothing typed lost (without JavaScript the page comes back from the server).
    await page.getByRole("button", { name: zh["rectification.rows.add"], exact: true }).click();
    await expect.poll(() => page.locator('[name$="].action"]').count()).toBe(4);
    expect(await row(page, 0, "action").inputValue()).toBe(A);
    expect(await row(page, 1, "responsibleRole").inputValue()).toBe("safety_manager");
    expect(await row(page, 1, "dueOn").inputValue()).toBe(localDate(20));
    expect(await page.getByLabel(zh["case.summary.zh"], { exact: true }).inputValue()).toBe(SUMMARY);
    expect(await page.getByLabel(zh["case.action.rectification"], { exact: true }).isChecked()).toBe(true);

    await caseStep(page, page.getByRole("button", { name: zh["case.conclude.submit"], exact: true }), zh["staff.state.rectifying"]);
    const list = page.getByTestId("rectification-items");
    await list.waitFor();
    expect(await text(list)).toContain(fmt(zh["rectification.progress"], { verified: "0", total: "2" }));
    expect(await itemState(page, 1)).toBe(zh["rectification.state.open"]);
    const second = page.getByTestId("rectification-item-2");
    expect(await text(second)).toContain(B);
    expect(await text(second)).toContain(zh["rectification.role.safety_manager"]);
    expect(await text(second)).toContain(checker);
    expect(await text(second)).toContain(localDate(20));
    // Not closable while items are open.
    expect(await page.getByRole("button", { name: zh["case.close.submit"], exact: true }).count()).toBe(0);

    // Item 2 first.
    if (js) await hydrated(page);
    await second.getByLabel(zh["case.verify.note"], { exact: true }).fill("现场查看培训签到表和考试记录，培训台账已建立。");
    await page.locator("#item_verify_2-evidence").setInputFiles(photo);
    await caseStep(page, second.getByRole("button", { name: zh["rectification.verify.submit"], exact: true }), zh["staff.state.rectifying"]);
    await expect.poll(() => itemState(page, 2)).toBe(zh["rectification.state.verified"]);
    expect(await itemState(page, 1)).toBe(zh["rectification.state.open"]);
    expect(await text(list)).toContain(fmt(zh["rectification.progress"], { verified: "1", total: "2" }));
    expect(await page.getByRole("button", { name: zh["case.close.submit"], exact: true }).count()).toBe(0);

    // Then item 1: the case is verified.
    const first = page.getByTestId("rectification-item-1");
    await first.getByLabel(zh["case.verify.note"], { exact: true }).fill("报警器已重新安装并接入监控平台，现场测试报警正常。");
    await page.locator("#item_verify_1-evidence").setInputFiles(photo);
    await caseStep(page, first.getByRole("button", { name: zh["rectification.verify.submit"], exact: true }), zh["staff.state.verified"]);
    await expect.poll(() => itemState(page, 1)).toBe(zh["rectification.state.verified"]);

    // 销号.
    await caseStep(page, page.getByRole("button", { name: zh["case.close.submit"], exact: true }), zh["staff.state.closed"]);
    const [r] =
      await sql`select t.state, (select count(*)::int from rectification_items i where i.tip_id = t.id and i.state = 'verified') as verified from tips t where t.reference = ${tip.reference}`;
    expect(r).toMatchObject({ state: "closed", verified: 2 });

    // /stats counts rectification items too (suppressed as every count: a handful shows as <5).
    await publishTestRelease();
    await page.goto(`${server.url}/stats`);
    for (const k of ["rectification_items", "rectification_items_verified", "rectification_items_overdue"] as const) expect(await page.content()).toContain(zh[`stats.actions.${k}`]);

    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
