/**
 * Merging as a confirmed decision, in the browser with JavaScript off and on (issue #10 item 15):
 * the desk routes the earlier tip, opens the later one, "merge into" the earlier → a confirmation
 * page with both tips side by side, a warning that their companies differ, a required reason and
 * the "same matter" checkbox → merged. The officer of the agency holding the joined case opens it
 * and reads the merged tip's text. The desk then undoes the merge from the merged tip's page
 * (issue #13), and the comparison fits a phone's width.
 *
 * Run `node_modules/.bin/remix build` first: the server serves whatever is in build/.
 */
import type { Browser, BrowserContext } from "playwright-core";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coiZhCN } from "../../app/i18n/coi.zh-CN";
import { errorsZhCN } from "../../app/i18n/errors.zh-CN";
import { mergeZhCN } from "../../app/i18n/merge.zh-CN";
import { queueZhCN } from "../../app/i18n/queue.zh-CN";
import { staffZhCN } from "../../app/i18n/staff.zh-CN";
import { zhCN } from "../../app/i18n/zh-CN";
import { launchBrowser } from "../support/browser";
import { filedTip } from "../support/builders";
import { createJourney, expectPage, fmt, hydrated, submit, text, XIHU_EM, type JourneyModules, type Login } from "../support/journey";
import { startTestServer } from "../support/server";

const zh = { ...zhCN, ...staffZhCN, ...coiZhCN, ...errorsZhCN, ...mergeZhCN, ...queueZhCN };
const OTHER_COMPANY = "城东物流仓储有限公司";
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
    // The later tip names another company: the desk is warned and must say it compared them.
    const later = (await filedTip({ tip: { sectorCode: "hazardous_chemicals", placeCode: XIHU_EM.placeCode, companyName: OTHER_COMPANY, content: { description: laterText, address: "城东路 8 号" } } })).reference;
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
    expect(await row("merge.col.company")).toEqual([OTHER_COMPANY, "示例化工有限公司"]);
    expect(await row("merge.col.text")).toEqual([laterText, earlierText]);
    expect(await row("merge.col.address")).toEqual(["城东路 8 号", zh["merge.none"]]);
    // The difference, in words, above the confirm button.
    expect(await text(page.getByTestId("merge-warnings").locator("li"))).toBe(fmt(zh["merge.warning.company"], { tip: OTHER_COMPANY, target: "示例化工有限公司" }));
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

    // A reason without the statement that the two were compared: refused, the reason kept.
    await page.getByLabel(zh["merge.reason"], { exact: true }).fill("同一仓库同一问题，举报事实相同");
    await submit(page, page.getByRole("button", { name: zh["merge.confirm"], exact: true }));
    await page.getByText(zh["errors.merge.sameMatterRequired"], { exact: true }).waitFor();
    expect(await page.getByLabel(zh["merge.reason"], { exact: true }).inputValue()).toBe("同一仓库同一问题，举报事实相同");
    expect((await caseRow(later))!.state).toBe("submitted");
    if (js) await hydrated(page);
    await page.getByLabel(zh["merge.sameMatter"], { exact: true }).check();
    await submit(page, page.getByRole("button", { name: zh["merge.confirm"], exact: true }));
    await expectPage(page, fmt(zh["staff.case.title"], { reference: later }));
    await expect.poll(() => text(page.getByTestId("case-state"))).toBe(zh["staff.state.merged"]);
    expect(await text(page.getByTestId("merged-into"))).toBe(fmt(zh["staff.case.mergedInto"], { reference: earlier }));
    // The confirmation says what was done, in view.
    expect(await text(page.getByTestId("action-notice"))).toContain(fmt(zh["queue.notice.merged"], { ref: later }));
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

    // The desk undoes it from the merged tip's page: back in the queue, with a new deadline.
    await page.goto(`${server.url}/staff/triage/${later}`);
    await expectPage(page, fmt(zh["staff.case.title"], { reference: later }));
    if (js) await hydrated(page);
    await page.getByTestId("undo-merge-link").click();
    await expectPage(page, fmt(zh["unmerge.title"], { reference: later }));
    if (js) await hydrated(page);
    await page.getByLabel(zh["unmerge.reason"], { exact: true }).fill("核对后发现是两家不同的企业");
    await submit(page, page.getByRole("button", { name: zh["unmerge.submit"], exact: true }));
    await expectPage(page, fmt(zh["staff.case.title"], { reference: later }));
    await expect.poll(() => text(page.getByTestId("case-state"))).toBe(zh["staff.state.submitted"]);
    expect(await text(page.getByTestId("action-notice"))).toContain(fmt(zh["queue.notice.unmerged"], { ref: later }));
    const undone = (await sql`select state, merged_into_id, due_on from tips where reference = ${later}`)[0]!;
    expect(undone.merged_into_id).toBeNull();
    expect(undone.due_on).not.toBeNull();
    expect(await page.getByTestId("ledger").textContent()).toContain(zh["staff.ledger.action.case.unmerge"]);
    // The joined case's agency no longer sees it.
    await agency.page.goto(`${server.url}/staff/cases/${earlier}`);
    await expectPage(agency.page, fmt(zh["staff.case.title"], { reference: earlier }));
    expect(await agency.page.getByTestId("merged-tips").count()).toBe(0);
    expect(await agency.page.getByTestId("ledger").textContent()).toContain(zh["staff.ledger.action.case.unmerged_out"]);

    // On a 390 px phone the comparison stacks: the page does not scroll sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/staff/triage/${later}/merge?into=${earlier}`);
    await expectPage(page, fmt(zh["merge.title"], { reference: later }));
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.reload();
    const cells = page.getByTestId("merge-summary").locator("tr", { has: page.getByRole("rowheader", { name: zh["merge.col.text"], exact: true }) }).locator("td");
    const [a, b] = [await cells.nth(0).boundingBox(), await cells.nth(1).boundingBox()];
    // Two columns on a desktop: the two texts side by side.
    expect(a!.y).toBe(b!.y);
    expect(a!.x + a!.width).toBeLessThanOrEqual(b!.x + 1);
    expect(
      pageErrors.filter((e) => !e.includes("status of 400")),
      label
    ).toEqual([]);
  });
});
