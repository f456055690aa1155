/**
 * The two-person rule in the browser with JavaScript off (docs/decisions/014): administrator A
 * invites a triage officer — the page says it waits for approval and shows no invitation link,
 * and A's own request has no approve button; administrator B signs in, approves it on
 * /staff/admin/approvals with a reason, and only then is the invitation email queued.
 *
 * Run `node_modules/.bin/remix build` first: the server serves whatever is in build/.
 */
import { randomBytes } from "node:crypto";
import type { Browser, BrowserContext } from "playwright-core";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminZhCN } from "../../app/i18n/admin.zh-CN";
import { authZhCN } from "../../app/i18n/auth.zh-CN";
import { staffZhCN } from "../../app/i18n/staff.zh-CN";
import { zhCN } from "../../app/i18n/zh-CN";
import { launchBrowser } from "../support/browser";
import { createJourney, h1, submit, type JourneyModules, type Login } from "../support/journey";
import { startTestServer } from "../support/server";

const zh = { ...zhCN, ...authZhCN, ...staffZhCN, ...adminZhCN };

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let sql: postgres.Sql;
let m: JourneyModules & { closeDb: typeof import("../../app/lib/db.server").closeDb };
const contexts: BrowserContext[] = [];
const { newPage, staffSignIn, enrolledStaff } = createJourney(() => ({ browser, server, sql, m, received: [], contexts }));


const emailJobs = (to: string) =>
  sql<{ template: string }[]>`select j.payload->>'template' as template from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'send_email' and j.payload->>'to' = ${to}`;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ RATE_LIMITS: "off" }), launchBrowser()]);
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

describe("a triage officer's invitation approved by a second administrator (JavaScript off)", () => {
  it("A invites and cannot approve; B approves; only then is the invitation emailed, and no page ever shows the link", async () => {
    const a = await enrolledStaff("administrator", null, `管理员甲 ${randomBytes(2).toString("hex")}`);
    const b = await enrolledStaff("administrator", null, `管理员乙 ${randomBytes(2).toString("hex")}`);
    const [desk] = await sql<{ id: string }[]>`select id from agencies where department_type = 'safety_committee' and place_code = '330100'`;
    const invitee = `desk.${randomBytes(4).toString("hex")}@staff.test.invalid`;
    const inviteeName = `周受理 ${randomBytes(2).toString("hex")}`;

    // Administrator A invites.
    const first = await newPage({ javaScriptEnabled: false });
    await staffSignIn(first.page, a, false, null);
    await first.page.goto(`${server.url}/staff/admin/staff`);
    await h1(first.page, zh["admin.staff.title"]).waitFor();
    await first.page.locator("#invite-email").fill(invitee);
    await first.page.locator("#invite-displayName").fill(inviteeName);
    await first.page.locator("#invite-role").selectOption("triage_officer");
    await first.page.locator("#invite-agencyId").selectOption(desk!.id);
    await first.page.locator("#invite-reason").fill("新同事入职，负责受理工作");
    await submit(first.page, first.page.getByRole("button", { name: zh["admin.staff.invite.submit"], exact: true }));
    await first.page.getByText(zh["admin.staff.invited.awaitingApproval"]).waitFor();
    expect(await first.page.content()).not.toContain("/staff/invitation/");
    expect(await emailJobs(invitee)).toHaveLength(0);

    // A's own request: listed, with a withdraw button but no approve button.
    await first.page.getByRole("link", { name: zh["admin.approvals.title"], exact: true }).first().click();
    await h1(first.page, zh["admin.approvals.title"]).waitFor();
    const mine = first.page.locator("tr.approval").filter({ hasText: inviteeName });
    await mine.getByText(zh["admin.approvals.mine"]).waitFor();
    expect(await mine.getByRole("button", { name: zh["admin.approvals.approve"], exact: true }).count()).toBe(0);
    expect(await mine.getByRole("button", { name: zh["admin.approvals.withdraw"], exact: true }).count()).toBe(1);

    // Administrator B approves, with a reason; a missing reason is refused first, on the same request.
    const second = await newPage({ javaScriptEnabled: false });
    await staffSignIn(second.page, b, false, null);
    await second.page.goto(`${server.url}/staff/admin/approvals`);
    const theirs = second.page.locator("tr.approval").filter({ hasText: inviteeName });
    await submit(second.page, theirs.getByRole("button", { name: zh["admin.approvals.approve"], exact: true }));
    await second.page.locator("tr.approval").filter({ hasText: inviteeName }).getByText(zh["admin.errors.reason.required"]).first().waitFor();
    expect(await emailJobs(invitee)).toHaveLength(0);
    const again = second.page.locator("tr.approval").filter({ hasText: inviteeName });
    await again.locator("form").filter({ has: second.page.getByRole("button", { name: zh["admin.approvals.approve"], exact: true }) }).locator("textarea").fill("已核实入职文件，同意授权");
    await submit(second.page, again.getByRole("button", { name: zh["admin.approvals.approve"], exact: true }));
    await second.page.getByRole("status").filter({ hasText: zh["admin.approvals.done.approved"] }).waitFor();
    expect(await second.page.locator("tr.approval").filter({ hasText: inviteeName }).count()).toBe(0);
    expect(await second.page.content()).not.toContain("/staff/invitation/");

    expect((await emailJobs(invitee)).map((j) => j.template)).toEqual(["staff_invitation"]);
    const [account] = await sql<{ active: boolean; role: string }[]>`select active, role from staff_accounts where email = ${invitee}`;
    expect(account).toEqual({ active: true, role: "triage_officer" });
    expect(first.pageErrors, first.pageErrors.join("\n")).toEqual([]);
    // The one 400 is the refused approval without a reason, above.
    expect(second.pageErrors).toEqual(["Failed to load resource: the server responded with a status of 400 (Bad Request)"]);
  });
});
