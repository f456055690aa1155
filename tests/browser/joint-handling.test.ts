/**
 * Joint handling (联办) in the browser, with JavaScript on and off: the lead agency asks
 * 西湖区生态环境 to contribute; the contributor finds the case in its inbox with the 协办 badge,
 * opens it and marks its part done; the lead's conclusion, refused while the ask was open, is
 * then saved.
 *
 * Run `node_modules/.bin/remix build` first: the server serves whatever is in build/.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseZhCN } from "../../app/i18n/case.zh-CN";
import { jointZhCN } from "../../app/i18n/joint.zh-CN";
import { staffZhCN } from "../../app/i18n/staff.zh-CN";
import { launchBrowser } from "../support/browser";
import { acceptedCase, DEFAULT_SUMMARY, signedInStaff, staffMember } from "../support/builders";
import { hydrated, submit, text } from "../support/journey";
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

async function signedInPage(cookie: string, js: boolean): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 1366, height: 900 } });
  contexts.push(context);
  const [name, ...value] = cookie.split("=");
  await context.addCookies([{ name: name!, value: value.join("="), url: server.url }]);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  return { page, errors };
}

describe.each([{ js: true }, { js: false }])("joint handling (JavaScript $js)", ({ js }) => {
  it("the lead asks, the contributor sees it in its inbox and marks its part done, the lead concludes", async () => {
    const desk = await staffMember("triage_officer", "safety_committee", "330106");
    const lead = await signedInStaff("agency_officer", "emergency_management", "330106", { displayName: "牵头承办人" });
    const contributor = await signedInStaff("agency_officer", "ecology_environment", "330106", { displayName: "协办承办人" });
    const tip = await acceptedCase(desk, lead.staff, { investigating: true, tip: { companyName: `联办浏览器测试${js ? "甲" : "乙"}化工有限公司` } });
    const [agency] = await (await import("../../app/lib/db.server")).sqlClient()`select name_zh from agencies where id = ${contributor.staff.agency!.id}`;
    const agencyName = agency!.name_zh as string;

    // The lead asks.
    const { page: leadPage, errors: leadErrors } = await signedInPage(lead.cookie, js);
    await leadPage.goto(`${server.url}/staff/cases/${tip.reference}`);
    if (js) await hydrated(leadPage);
    const joint = leadPage.getByTestId("joint");
    await joint.getByRole("heading", { name: jointZhCN["joint.title"], exact: true }).waitFor();
    const askForm = leadPage.locator("form#contribution_ask");
    await askForm.getByLabel(jointZhCN["joint.ask.agency"], { exact: true }).selectOption({ label: agencyName });
    await askForm.getByLabel(jointZhCN["joint.ask.request"], { exact: true }).fill("请核查企业排污口及下游河道水质。");
    await submit(leadPage, askForm.getByRole("button", { name: jointZhCN["joint.ask.submit"], exact: true }));
    const row = leadPage.getByTestId("contributions").locator("tbody tr").first();
    await row.getByText("请核查企业排污口及下游河道水质。").waitFor();
    expect(await text(row.locator("td").nth(1))).toBe(jointZhCN["joint.state.asked"]);
    // Who asked and when, in local time to the minute (never UTC's "…Z").
    expect(await text(row.locator("td").nth(3))).toMatch(/ · \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);

    // Concluding now is refused, naming the agency.
    const conclude = leadPage.locator("form#conclude");
    await conclude.getByLabel(caseZhCN["case.finding.unsubstantiated"], { exact: true }).check();
    await conclude.getByLabel(caseZhCN["case.summary.zh"], { exact: true }).fill(DEFAULT_SUMMARY);
    await submit(leadPage, conclude.getByRole("button", { name: caseZhCN["case.conclude.submit"], exact: true }));
    await conclude.getByText(agencyName, { exact: false }).first().waitFor();
    expect(await text(leadPage.getByTestId("case-state"))).toBe(staffZhCN["staff.state.investigating"]);

    // The contributor: the inbox lists the case with the badge; the page offers "part done" only.
    const { page: otherPage, errors: otherErrors } = await signedInPage(contributor.cookie, js);
    await otherPage.goto(`${server.url}/staff/cases`);
    const inboxRow = otherPage.getByTestId("agency-inbox").locator("tbody tr", { hasText: tip.reference });
    expect(await text(inboxRow.getByTestId("contributing"))).toBe(jointZhCN["staff.inbox.contributing"]);
    await inboxRow.getByRole("link", { name: tip.reference }).click();
    await otherPage.waitForURL(`**/staff/cases/${tip.reference}`);
    if (js) await hydrated(otherPage);
    expect(await otherPage.locator("form#conclude").count()).toBe(0);
    expect(await otherPage.locator("form#contribution_ask").count()).toBe(0);
    const complete = otherPage.locator("form#contribution_complete");
    await complete.getByLabel(jointZhCN["joint.complete.note"], { exact: true }).fill("已采样送检，排污口水样超标。");
    await submit(otherPage, complete.getByRole("button", { name: jointZhCN["joint.complete.submit"], exact: true }));
    const done = otherPage.getByTestId("contributions").locator("tbody tr").first();
    await done.getByText("已采样送检，排污口水样超标。", { exact: false }).waitFor();
    expect(await text(done.locator("td").nth(1))).toBe(jointZhCN["joint.state.done"]);
    expect(await otherPage.locator("form#contribution_complete").count()).toBe(0);

    // The lead concludes.
    await leadPage.goto(`${server.url}/staff/cases/${tip.reference}`);
    if (js) await hydrated(leadPage);
    const again = leadPage.locator("form#conclude");
    await again.getByLabel(caseZhCN["case.finding.unsubstantiated"], { exact: true }).check();
    await again.getByLabel(caseZhCN["case.summary.zh"], { exact: true }).fill(DEFAULT_SUMMARY);
    await submit(leadPage, again.getByRole("button", { name: caseZhCN["case.conclude.submit"], exact: true }));
    await expect.poll(() => text(leadPage.getByTestId("case-state"))).toBe(staffZhCN["staff.state.concluded"]);
    expect(leadErrors).toEqual([]);
    expect(otherErrors).toEqual([]);
  });
});
