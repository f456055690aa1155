/**
 * The form kit (docs/decisions/022) as an administrator meets it, with JavaScript on and off: a new
 * agency with a wrong inbox address and a too-short reason is refused with each message beside its
 * field (and in the summary), everything typed kept; corrected, it is created and its page says so.
 * A duplicate of an existing agency is refused on the place field.
 *
 * Run `node_modules/.bin/remix build` first: the server serves whatever is in build/.
 */
import { randomBytes } from "node:crypto";
import type { Browser, BrowserContext } from "playwright-core";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminZhCN } from "../../app/i18n/admin.zh-CN";
import { launchBrowser } from "../support/browser";
import { createJourney, h1, hydrated, submit, type JourneyModules, type Login } from "../support/journey";
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

describe.each([
  { js: false, prefix: "52" },
  { js: true, prefix: "53" },
])("a new agency refused, corrected and created (JavaScript $js)", ({ js, prefix }) => {
  it("shows each refusal beside its field, keeps what was typed, then creates the agency", async () => {
    const t = randomBytes(3).toString("hex");
    const [county] = await sql<{ code: string }[]>`
      select code from places where code like ${prefix + "%"} and level = 'county'
        and code not in (select place_code from agencies where department_type = 'education') order by code limit 1`;
    const admin = await enrolledStaff("administrator", null, `单位管理员 ${t}`);
    const { page, pageErrors } = await newPage({ javaScriptEnabled: js });
    await staffSignIn(page, admin, js, null);
    await page.goto(`${server.url}/staff/admin/agencies`);
    await h1(page, adminZhCN["admin.agencies.title"]).waitFor();
    if (js) await hydrated(page);

    const create = page.locator("form#create");
    await create.getByLabel(adminZhCN["admin.agencies.nameZh"]).fill(`测试县教育局${t}`);
    await create.getByLabel(adminZhCN["admin.agencies.nameEn"]).fill(`Test County Education ${t}`);
    await create.getByLabel(adminZhCN["admin.agencies.departmentType"]).selectOption("education");
    await create.getByLabel(adminZhCN["admin.agencies.placeCode"]).fill(county!.code);
    await create.getByLabel(adminZhCN["admin.agencies.inboxEmail"]).fill("edu(at)example.org");
    await create.getByLabel(adminZhCN["admin.reason"]).fill("太短");
    await submit(page, create.getByRole("button", { name: adminZhCN["admin.agencies.create.submit"], exact: true }));

    // Each message beside its field, wired for screen readers; the summary lists both.
    const inbox = create.getByLabel(adminZhCN["admin.agencies.inboxEmail"]);
    await page.locator("#create-inboxEmail-error").waitFor();
    expect(await page.locator("#create-inboxEmail-error").textContent()).toBe(adminZhCN["admin.errors.inboxEmail.invalid"]);
    expect(await page.locator("#create-reason-error").textContent()).toBe(adminZhCN["admin.errors.reason.tooShort"]);
    expect(await inbox.getAttribute("aria-describedby")).toContain("create-inboxEmail-error");
    expect(await inbox.getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator(".error-summary li").allTextContents()).toEqual([adminZhCN["admin.errors.inboxEmail.invalid"], adminZhCN["admin.errors.reason.tooShort"]]);
    // The summary opens the page (the form is below the whole list; without JavaScript the page
    // reloads at its top) and leads to the form.
    const summaryBox = await page.locator(".error-summary").boundingBox();
    expect(summaryBox!.y).toBeLessThan(page.viewportSize()!.height);
    expect(await page.locator(".error-summary a").getAttribute("href")).toBe("#create");
    // Nothing typed is lost.
    expect(await create.getByLabel(adminZhCN["admin.agencies.nameZh"]).inputValue()).toBe(`测试县教育局${t}`);
    expect(await create.getByLabel(adminZhCN["admin.agencies.departmentType"]).inputValue()).toBe("education");
    expect(await create.getByLabel(adminZhCN["admin.agencies.placeCode"]).inputValue()).toBe(county!.code);
    expect(await inbox.inputValue()).toBe("edu(at)example.org");
    expect(await create.getByLabel(adminZhCN["admin.reason"]).inputValue()).toBe("太短");
    expect(await sql`select 1 from agencies where name_zh = ${`测试县教育局${t}`}`).toHaveLength(0);

    await inbox.fill(`edu.${t}@example.org`);
    await create.getByLabel(adminZhCN["admin.reason"]).fill("新设立的县教育局");
    await submit(page, create.getByRole("button", { name: adminZhCN["admin.agencies.create.submit"], exact: true }));
    await page.getByRole("status").filter({ hasText: adminZhCN["admin.done.created"] }).waitFor();
    await h1(page, `测试县教育局${t}`).waitFor();
    expect(await sql`select place_code, inbox_email from agencies where name_zh = ${`测试县教育局${t}`}`).toEqual([{ place_code: county!.code, inbox_email: `edu.${t}@example.org` }]);

    // The same type in the same place again: refused on the place, as a conflict.
    await page.goto(`${server.url}/staff/admin/agencies`);
    if (js) await hydrated(page);
    await create.getByLabel(adminZhCN["admin.agencies.nameZh"]).fill(`又一个教育局${t}`);
    await create.getByLabel(adminZhCN["admin.agencies.nameEn"]).fill(`Another ${t}`);
    await create.getByLabel(adminZhCN["admin.agencies.departmentType"]).selectOption("education");
    await create.getByLabel(adminZhCN["admin.agencies.placeCode"]).fill(county!.code);
    await create.getByLabel(adminZhCN["admin.agencies.inboxEmail"]).fill(`again.${t}@example.org`);
    await create.getByLabel(adminZhCN["admin.reason"]).fill("重复设立试试看");
    const refused = await submit(page, create.getByRole("button", { name: adminZhCN["admin.agencies.create.submit"], exact: true }));
    expect(refused.status()).toBe(409);
    await page.locator("#create-placeCode-error").filter({ hasText: adminZhCN["admin.errors.agency.duplicate"] }).waitFor();
    expect(await create.getByLabel(adminZhCN["admin.agencies.nameZh"]).inputValue()).toBe(`又一个教育局${t}`);
    expect(pageErrors.filter((e) => !/status of (400|409)/.test(e))).toEqual([]);
  });
});
