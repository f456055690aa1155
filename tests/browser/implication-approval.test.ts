/**
 * The two-person rule for "officials implicated", in the browser without JavaScript (issue #10
 * item 4): the desk clears the implication → refused without a reason → with one, a pending
 * request and the tip stays implicated → a supervisor of the city's safety committee (outside the
 * implicated county) approves it at /staff/approvals with a note → applied.
 *
 * Run `node_modules/.bin/remix build` first: the server serves whatever is in build/.
 */
import { randomBytes } from "node:crypto";
import type { Browser, BrowserContext } from "playwright-core";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coiZhCN } from "../../app/i18n/coi.zh-CN";
import { staffZhCN } from "../../app/i18n/staff.zh-CN";
import { zhCN } from "../../app/i18n/zh-CN";
import { launchBrowser } from "../support/browser";
import { createJourney, expectPage, fmt, submit, text, type JourneyModules } from "../support/journey";
import { startTestServer } from "../support/server";

const zh = { ...zhCN, ...staffZhCN, ...coiZhCN };

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let sql: postgres.Sql;
let m: JourneyModules & { closeDb: typeof import("../../app/lib/db.server").closeDb };
const contexts: BrowserContext[] = [];
const { newPage, staffSignIn, enrolledStaff } = createJourney(() => ({ browser, server, sql, m, received: [], contexts }));

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ RATE_LIMITS: "off", JOBS: "off" }), launchBrowser()]);
  sql = postgres(process.env.DATABASE_URL!, { max: 2, onnotice: () => {} });
  m = {
    ...(await import("../../db/seed/demo-staff")),
    ...(await import("../../app/lib/password.server")),
    ...(await import("../../app/lib/totp.server")),
    ...(await import("../../app/services/file-tip.server")),
    ...(await import("../../app/lib/db.server")),
  };
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await m?.closeDb();
  await sql?.end({ timeout: 5 });
  await server?.close();
});

const agencyName = async (departmentType: string, placeCode: string) =>
  (await sql`select name_zh from agencies where department_type = ${departmentType} and place_code = ${placeCode}`)[0]!.name_zh as string;
const implication = async (reference: string) => (await sql`select implicated_place_code as code from tips where reference = ${reference}`)[0]!.code as string | null;

describe("clearing an implication takes a reason and a supervisor (JavaScript off)", () => {
  it("the desk asks, the tip stays implicated; the city safety-committee supervisor approves at /staff/approvals", async () => {
    const tag = randomBytes(3).toString("hex");
    const { reference } = await m.fileTip({
      submissionId: randomBytes(16).toString("base64url"),
      channel: "web",
      captcha: "verified",
      files: [],
      tip: {
        sectorCode: "hazardous_chemicals",
        placeCode: "330106",
        companyName: `回避审批${tag}化工有限公司`,
        content: { description: `审批测试 ${tag}：区里有人给这家仓库通风报信，检查前一天就知道。` },
        majorHazard: false,
        concealedAccident: false,
        officialsImplicated: true,
        implicatedLevel: "county",
        tipsterWorksThere: false,
      },
    });
    const province = { departmentType: "safety_committee", placeCode: "330000" };
    const city = { departmentType: "safety_committee", placeCode: "330100" };
    const desk = await enrolledStaff("triage_officer", province, `审批测试受理员 ${tag}`);
    const supervisor = await enrolledStaff("supervisor", city, `审批测试督办人 ${tag}`);

    const { page, pageErrors } = await newPage({ javaScriptEnabled: false });
    await staffSignIn(page, desk, false, await agencyName(province.departmentType, province.placeCode));
    await page.goto(`${server.url}/staff/triage/${reference}`);
    await expectPage(page, fmt(zh["staff.case.title"], { reference }));
    await page.getByLabel(zh["staff.flag.officials_implicated"], { exact: true }).uncheck();
    await page.getByLabel(zh["report.implicatedLevel"], { exact: true }).fill("");
    await submit(page, page.getByRole("button", { name: zh["staff.case.correct.submit"], exact: true }));
    await page.getByText(zh["errors.implication.reasonRequired"], { exact: true }).waitFor();
    expect(await implication(reference)).toBe("330106");

    // What was typed is kept: only the reason is added.
    expect(await page.getByLabel(zh["staff.flag.officials_implicated"], { exact: true }).isChecked()).toBe(false);
    await page.getByLabel(zh["triage.implication.reason"], { exact: true }).fill("经核实区领导与该企业无任何关联");
    await submit(page, page.getByRole("button", { name: zh["staff.case.correct.submit"], exact: true }));
    await page.getByRole("status").filter({ hasText: zh["triage.correct.requested"] }).waitFor();
    expect(await text(page.getByTestId("implication-pending"))).toContain("西湖区");
    expect(await implication(reference)).toBe("330106");

    const sup = await newPage({ javaScriptEnabled: false });
    await staffSignIn(sup.page, supervisor, false, await agencyName(city.departmentType, city.placeCode));
    await sup.page.locator("nav.staff-nav").getByRole("link", { name: zh["staff.nav.approvals"], exact: true }).click();
    await expectPage(sup.page, zh["approvals.title"]);
    const row = sup.page.locator(`tr[data-reference="${reference}"]`);
    expect(await row.textContent()).toContain("经核实区领导与该企业无任何关联");
    await row.getByLabel(zh["approvals.note"], { exact: true }).fill("材料充分，同意撤销");
    await submit(sup.page, row.getByRole("button", { name: zh["approvals.approve"], exact: true }));
    await sup.page
      .getByRole("status")
      .filter({ hasText: fmt(zh["approvals.approved"], { reference }) })
      .waitFor();
    expect(await implication(reference)).toBeNull();
    expect(await sup.page.locator(`tr[data-reference="${reference}"]`).count()).toBe(0);
    expect([...pageErrors, ...sup.pageErrors].filter((e) => !e.includes("status of 400"))).toEqual([]);
  });
});
