/**
 * Merging as a confirmed decision, in the browser with JavaScript off and on (issue #10 item 15):
 * the desk routes the earlier tip, opens the later one, "merge into" the earlier → a confirmation
 * page with both cases and a required reason → merged. The officer of the agency holding the
 * joined case opens it and reads the merged tip's text.
 *
 * Run `node_modules/.bin/remix build` first: the server serves whatever is in build/.
 */
import type { Browser, BrowserContext } from "playwright-core";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coiZhCN } from "../../app/i18n/coi.zh-CN";
import { staffZhCN } from "../../app/i18n/staff.zh-CN";
import { zhCN } from "../../app/i18n/zh-CN";
import { launchBrowser } from "../support/browser";
import { createJourney, expectPage, fmt, hydrated, submit, text, XIHU_EM, type JourneyModules, type Login } from "../support/journey";
import { startTestServer } from "../support/server";

const zh = { ...zhCN, ...staffZhCN, ...coiZhCN };
const PROVINCE_DESK = { departmentType: "safety_committee", placeCode: "330000", nameZh: "浙江省安全生产委员会办公室" };

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let sql: postgres.Sql;
let m: JourneyModules & { closeDb: typeof import("../../app/lib/db.server").closeDb };
const contexts: BrowserContext[] = [];
const { newPage, staffSignIn, routeFromQueue, enrolledStaff, fileXihuTip, caseRow } = createJourney(() => ({ browser, server, sql, m, received: [], contexts }));

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

describe.each([
  ["JavaScript off", false],
  ["JavaScript on", true],
])("merging with a confirmation and a reason (%s)", (label, js) => {
  it("the desk merges the later tip into the routed earlier one; the agency officer reads the merged tip's text on the joined case", async () => {
    const tag = `${js ? "JS" : "NOJS"}-${Date.now()}`;
    const earlierText = `较早的举报 ${tag}：危化品仓库消防通道被货物堵死，夜间仍在装卸。`;
    const laterText = `较晚的举报 ${tag}：同一仓库，消防通道仍被堵，另有叉车在仓内充电。`;
    const earlier = await fileXihuTip(earlierText);
    const later = await fileXihuTip(laterText);
    const desk: Login = await enrolledStaff("triage_officer", PROVINCE_DESK, `合并测试受理员 ${tag}`);
    const officer: Login = await enrolledStaff("agency_officer", XIHU_EM, `合并测试承办人 ${tag}`);

    // The desk routes the earlier tip to 西湖区应急管理局, then opens the later one.
    const { page, pageErrors } = await newPage({ javaScriptEnabled: js });
    await staffSignIn(page, desk, js, PROVINCE_DESK.nameZh);
    await routeFromQueue(page, earlier, js);
    await page.goto(`${server.url}/staff/triage/${later}`);
    await expectPage(page, fmt(zh["staff.case.title"], { reference: later }));
    if (js) await hydrated(page);

    // "Merge into" only leads to the confirmation: nothing is merged yet.
    await page.getByLabel(zh["staff.case.merge.into"], { exact: true }).fill(earlier);
    await page.getByRole("button", { name: zh["merge.preview"], exact: true }).click();
    await expectPage(page, fmt(zh["merge.title"], { reference: later }));
    expect(new URL(page.url()).pathname).toBe(`/staff/triage/${later}/merge`);
    const summary = page.getByTestId("merge-summary");
    const row = async (key: string) =>
      (
        await summary
          .locator("tr", { has: page.getByRole("rowheader", { name: zh[key as keyof typeof zh], exact: true }) })
          .locator("td")
          .allTextContents()
      ).map((s) => s.trim());
    expect(await row("merge.col.reference")).toEqual([later, earlier]);
    expect(await row("merge.col.company")).toEqual(["示例化工有限公司", "示例化工有限公司"]);
    expect((await row("merge.col.place"))[1]).toContain("西湖区");
    expect((await row("merge.col.agency"))[1]).toBe(XIHU_EM.nameZh);
    expect((await caseRow(later))!.state).toBe("submitted");

    // Confirming without a reason is refused in words, and nothing changes.
    if (js) await hydrated(page);
    const reason = page.getByLabel(zh["merge.reason"], { exact: true });
    await reason.evaluate((el) => el.removeAttribute("required")); // the server's check, not only the browser's
    await submit(page, page.getByRole("button", { name: zh["merge.confirm"], exact: true }));
    await page.getByText(zh["errors.merge.reasonRequired"], { exact: true }).waitFor();
    expect((await caseRow(later))!.state).toBe("submitted");

    await page.getByLabel(zh["merge.reason"], { exact: true }).fill("同一仓库同一问题，举报事实相同");
    await submit(page, page.getByRole("button", { name: zh["merge.confirm"], exact: true }));
    await expectPage(page, fmt(zh["staff.case.title"], { reference: later }));
    await expect.poll(() => text(page.getByTestId("case-state"))).toBe(zh["staff.state.merged"]);
    expect(await text(page.getByTestId("merged-into"))).toBe(fmt(zh["staff.case.mergedInto"], { reference: earlier }));
    // The only error the browser logged is the refused confirmation's 400.
    expect(
      pageErrors.filter((e) => !e.includes("status of 400")),
      label
    ).toEqual([]);

    // The agency officer opens the joined case and reads the merged tip.
    const agency = await newPage({ javaScriptEnabled: js });
    await staffSignIn(agency.page, officer, js, XIHU_EM.nameZh);
    await agency.page.goto(`${server.url}/staff/cases/${earlier}`);
    await expectPage(agency.page, fmt(zh["staff.case.title"], { reference: earlier }));
    expect(await text(agency.page.getByTestId("staff-tip-text"))).toBe(earlierText);
    const merged = agency.page.getByTestId("merged-tips");
    expect(await text(merged.getByRole("heading", { level: 3 }))).toBe(
      fmt(zh["staff.case.merged.item"], { reference: later, date: (await sql`select submitted_on::text as d from tips where reference = ${later}`)[0]!.d as string })
    );
    expect(await text(merged.getByTestId("merged-tip-text"))).toBe(laterText);
    expect(await agency.page.getByTestId("ledger").textContent()).toContain(zh["staff.ledger.action.case.merged_in"]);
    expect(agency.pageErrors, label).toEqual([]);
  });
});
