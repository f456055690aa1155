/**
 * "Publish now" on /staff/admin/statistics as an administrator meets it, with JavaScript on and
 * off: the button queues one statistics release (however often it is pressed while that one
 * waits), the page says so, and the ledger records who asked. (The test server runs no job
 * worker: the job stays queued.)
 *
 * Run `node_modules/.bin/remix build` first: the server serves whatever is in build/.
 */
import type { Browser, BrowserContext } from "playwright-core";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminZhCN } from "../../app/i18n/admin.zh-CN";
import { launchBrowser } from "../support/browser";
import { createJourney, h1, hydrated, submit, type JourneyModules } from "../support/journey";
import { startTestServer } from "../support/server";

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let sql: postgres.Sql;
let m: JourneyModules & { closeDb: typeof import("../../app/lib/db.server").closeDb };
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

const queued = () => sql`select j.id from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'publish_statistics_release'`;

describe.each([{ js: false }, { js: true }])("publish now (JavaScript $js)", ({ js }) => {
  it("queues one release from the administration page, twice pressed, and says so", async () => {
    const admin = await enrolledStaff("administrator", null, `统计管理员 ${js ? "甲" : "乙"}`);
    const { page, pageErrors } = await newPage({ javaScriptEnabled: js });
    await staffSignIn(page, admin, js, null);
    await page.goto(`${server.url}/staff/admin`);
    await page.getByRole("link", { name: adminZhCN["admin.statistics.title"], exact: true }).click();
    await h1(page, adminZhCN["admin.statistics.title"]).waitFor();
    if (js) await hydrated(page);
    for (let i = 0; i < 2; i++) {
      await submit(page, page.getByRole("button", { name: adminZhCN["admin.statistics.publish.submit"], exact: true }));
      await page.getByTestId("action-notice").waitFor();
      expect(await page.getByTestId("action-notice").textContent()).toBe(adminZhCN["admin.statistics.done.queued"]);
    }
    expect(await queued()).toHaveLength(1);
    const [{ n }] = (await sql`select count(*)::int as n from ledger_entries e join staff_accounts s on s.id = e.actor_id where e.action = 'statistics.release_requested' and s.email = ${admin.email}`) as unknown as [{ n: number }];
    expect(n).toBe(2);
    expect(pageErrors).toEqual([]);
  });
});
