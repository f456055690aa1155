/**
 * The officer in charge (承办人, issue 15) in the browser, with JavaScript on and off: the supervisor
 * of 西湖区应急管理局 opens a case the first officer accepted, is told a reason is needed, then
 * reassigns it to the second officer; the second officer finds it under "my cases" (我承办的) with
 * their name, and the workload line counts it for them.
 *
 * Run `node_modules/.bin/remix build` first: the server serves whatever is in build/.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignZhCN } from "../../app/i18n/assign.zh-CN";
import { launchBrowser } from "../support/browser";
import { acceptedCase, signedInStaff, staffMember } from "../support/builders";
import { fmt, hydrated, submit, text } from "../support/journey";
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

describe.each([{ js: true }, { js: false }])("officer in charge (JavaScript $js)", ({ js }) => {
  it("the agency's supervisor reassigns a case to the second officer, who finds it under my cases", async () => {
    const tag = js ? "甲" : "乙";
    const desk = await staffMember("triage_officer", "safety_committee", "330106");
    const first = await staffMember("agency_officer", "emergency_management", "330106", { displayName: `第一承办人${tag}` });
    const second = await signedInStaff("agency_officer", "emergency_management", "330106", { displayName: `第二承办人${tag}` });
    const lead = await signedInStaff("supervisor", "emergency_management", "330106", { displayName: `西湖区督办人${tag}` });
    const tip = await acceptedCase(desk, first, { investigating: true });

    // The supervisor: the case page names the officer who accepted.
    const { page, errors } = await signedInPage(lead.cookie, js);
    await page.goto(`${server.url}/staff/cases/${tip.reference}`);
    if (js) await hydrated(page);
    const section = page.getByTestId("assignment");
    await section.getByRole("heading", { name: assignZhCN["assign.title"], exact: true }).waitFor();
    expect(await text(section.getByTestId("officer-in-charge"))).toBe(fmt(assignZhCN["assign.current"], { name: `第一承办人${tag}` }));

    // Without a reason: refused on the form, nothing changes.
    const form = page.locator("form#reassign");
    await form.getByLabel(assignZhCN["assign.form.officer"], { exact: true }).selectOption({ label: `第二承办人${tag}` });
    await submit(page, form.getByRole("button", { name: assignZhCN["assign.form.submit"], exact: true }));
    await page.locator("form#reassign").getByText(assignZhCN["errors.assign.reason_required"]).first().waitFor();
    expect(await text(page.getByTestId("officer-in-charge"))).toBe(fmt(assignZhCN["assign.current"], { name: `第一承办人${tag}` }));

    // With one: the second officer is in charge.
    const again = page.locator("form#reassign");
    await again.getByLabel(assignZhCN["assign.form.officer"], { exact: true }).selectOption({ label: `第二承办人${tag}` });
    await again.getByLabel(assignZhCN["assign.form.reason"], { exact: true }).fill("第一承办人参加专项检查，由第二承办人接手。");
    await submit(page, again.getByRole("button", { name: assignZhCN["assign.form.submit"], exact: true }));
    await expect.poll(() => text(page.getByTestId("officer-in-charge"))).toBe(fmt(assignZhCN["assign.current"], { name: `第二承办人${tag}` }));
    expect(errors).toEqual([]);

    // The second officer: "my cases" lists exactly this case, with their name; the workload counts it.
    const { page: theirs, errors: theirErrors } = await signedInPage(second.cookie, js);
    await theirs.goto(`${server.url}/staff/cases`);
    if (js) await hydrated(theirs);
    await theirs.getByTestId("inbox-views").getByRole("link", { name: assignZhCN["assign.view.mine"], exact: true }).click();
    await theirs.waitForURL(/view=mine/);
    const rows = theirs.getByTestId("agency-inbox").locator("tbody tr");
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    expect(await text(rows.first().getByRole("link"))).toBe(tip.reference);
    expect(await text(rows.first().getByTestId("officer"))).toBe(`第二承办人${tag}`);
    const line = theirs.getByTestId("workload").locator("tbody tr", { hasText: `第二承办人${tag}` });
    expect(await text(line.locator("td").first())).toBe("1");
    expect(theirErrors).toEqual([]);
  });
});

describe("the inbox on a phone and on a desktop", () => {
  it("on a phone each case and each officer's workload is a block of labelled lines, nothing wider than the screen; on a desktop a reference and a deadline stay on one line", async () => {
    const desk = await staffMember("triage_officer", "safety_committee", "330106");
    const officer = await signedInStaff("agency_officer", "emergency_management", "330106", { displayName: "版式承办人" });
    const tip = await acceptedCase(desk, officer.staff, { investigating: true });
    const [name, ...value] = officer.cookie.split("=");
    for (const width of [390, 1366]) {
      const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width, height: 900 } });
      contexts.push(context);
      await context.addCookies([{ name: name!, value: value.join("="), url: server.url }]);
      const page = await context.newPage();
      await page.goto(`${server.url}/staff/cases`);
      const row = page.getByTestId("agency-inbox").locator("tbody tr", { hasText: tip.reference });
      await row.waitFor();
      const reference = row.getByRole("link", { name: tip.reference, exact: true });
      // One line box: the reference is not broken a character a line.
      expect(await reference.evaluate((a) => a.getClientRects().length)).toBe(1);
      if (width === 390) {
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        const label = (testId: string, locator = row) => locator.getByTestId(testId).evaluate((td) => getComputedStyle(td, "::before").content);
        expect(await label("officer")).toBe(`"${assignZhCN["assign.col.officer"]}："`);
        const line = page.getByTestId("workload").locator("tbody tr", { hasText: "版式承办人" });
        expect(await line.locator("td").first().evaluate((td) => getComputedStyle(td, "::before").content)).toBe(`"${assignZhCN["assign.workload.open"]}："`);
        expect(await line.locator("td").first().boundingBox().then((b) => b!.x + b!.width)).toBeLessThanOrEqual(390);
      }
    }
  });
});
