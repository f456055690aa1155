/**
 * Replies nobody misses (issue #13, part 2), with JavaScript on and off: the desk asks, the
 * tipster sees "a question waits for your answer" at the top of /status and answers through its
 * link; the reply shows as unread under "replies waiting" on the desk's home page; opening it
 * clears it.
 *
 * Run `node_modules/.bin/remix build` first: the server serves whatever is in build/.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatReceipt } from "../../app/domain/receipt";
import { newsZhCN } from "../../app/i18n/news.zh-CN";
import { zhCN } from "../../app/i18n/zh-CN";
import { launchBrowser } from "../support/browser";
import { filedTip, signedInStaff } from "../support/builders";
import { hydrated, submit } from "../support/journey";
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

async function newPage(js: boolean, cookie?: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 1366, height: 900 } });
  contexts.push(context);
  if (cookie) {
    const [name, ...value] = cookie.split("=");
    await context.addCookies([{ name: name!, value: value.join("="), url: server.url }]);
  }
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  return { page, errors };
}

describe.each([{ js: true }, { js: false }])("a question and its answer (JavaScript $js)", ({ js }) => {
  it("the tipster is told a question waits; the answer waits, unread, on the desk's home page until opened", async () => {
    const desk = await signedInStaff("triage_officer", "safety_committee", "330106", { displayName: `受理员${js ? "甲" : "乙"}` });
    const tip = await filedTip();
    const { postTipMessage } = await import("../../app/services/post-tip-message.server");
    await postTipMessage({ tipId: tip.id, author: { type: "staff", staffId: desk.staff.staffId }, body: "请问报警器是哪一天被拆除的？" });

    // The tipster: the notice at the top, and its link to the reply form.
    const tipster = await newPage(js);
    await tipster.page.goto(`${server.url}/status`);
    if (js) await hydrated(tipster.page);
    await tipster.page.getByLabel(zhCN["status.receipt"], { exact: true }).fill(formatReceipt(tip.receipt!));
    await submit(tipster.page, tipster.page.getByRole("button", { name: zhCN["status.signin"], exact: true }));
    const notice = tipster.page.getByTestId("question-waits");
    await notice.waitFor();
    expect(await notice.getByRole("heading").textContent()).toBe(newsZhCN["news.status.question.title"]);
    expect(await tipster.page.getByTestId("check-back").textContent()).toContain(tip.dueOn!);
    await notice.getByRole("link", { name: newsZhCN["news.status.question.link"] }).click();
    await tipster.page.waitForURL(/#reply$/);
    const answer = `三天前，夜班时拆的。（${js ? "js" : "nojs"}）`;
    await tipster.page.getByLabel(zhCN["status.reply"], { exact: true }).fill(answer);
    await submit(tipster.page, tipster.page.getByRole("button", { name: zhCN["status.reply.send"], exact: true }));
    await tipster.page.locator(".thread li.message.tipster", { hasText: answer }).waitFor();
    // Answered: no question waits any more.
    await expect.poll(() => tipster.page.getByTestId("question-waits").count()).toBe(0);

    // The desk's home page: "replies waiting (n)", the tip among them.
    const staff = await newPage(js, desk.cookie);
    await staff.page.goto(`${server.url}/staff`);
    if (js) await hydrated(staff.page);
    const section = staff.page.getByTestId("replies-waiting");
    const row = section.locator("tr", { hasText: tip.reference });
    await row.waitFor();
    // The desk opens it on its triage page (the agencies' case pages are not the desk's).
    expect(await row.getByRole("link", { name: tip.reference }).getAttribute("href")).toBe(`/staff/triage/${tip.reference}`);
    const heading = (await section.getByRole("heading", { level: 2 }).textContent()) ?? "";
    const count = Number(/（(\d+)）/.exec(heading)?.[1]);
    expect(count).toBeGreaterThanOrEqual(1);

    // Opening it (the triage page) clears it.
    await row.getByRole("link", { name: tip.reference }).click();
    await staff.page.waitForURL(new RegExp(`/staff/triage/${tip.reference}$`));
    await staff.page.getByText(answer).first().waitFor();
    await staff.page.goto(`${server.url}/staff`);
    if (js) await hydrated(staff.page);
    await section.waitFor();
    expect(await section.locator("tr", { hasText: tip.reference }).count()).toBe(0);
    expect(await section.getByRole("heading", { level: 2 }).textContent()).toBe(newsZhCN["news.waiting.title"].replace("{count}", String(count - 1)));
    expect([...tipster.errors, ...staff.errors]).toEqual([]);
  });
});
