/**
 * The agency directory import in the browser with JavaScript off (docs/decisions/019): the
 * administrator imports a file with an error, sees the error by line and column with what was
 * typed and the reason kept, is told to choose the file again, fixes the file, imports it, and
 * sees what the import did; then downloads the export, which holds the new agencies.
 *
 * Run `node_modules/.bin/remix build` first: the server serves whatever is in build/.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminZhCN } from "../../app/i18n/admin.zh-CN";
import { launchBrowser } from "../support/browser";
import { createJourney, fmt, h1, submit, type JourneyModules, type Login } from "../support/journey";
import { startTestServer } from "../support/server";

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let sql: postgres.Sql;
let m: JourneyModules & { closeDb: typeof import("../../app/lib/db.server").closeDb };
const contexts: BrowserContext[] = [];
const { newPage, staffSignIn, enrolledStaff } = createJourney(() => ({ browser, server, sql, m, received: [], contexts }));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "canary-directory-"));


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
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("importing the agency directory (JavaScript off)", () => {
  it("a file with an error is refused with the error by line; the fixed file is imported; the export holds it", async () => {
    const t = randomBytes(3).toString("hex");
    // Two Tibetan counties without agencies (no other test gives them one).
    const counties = (await sql<{ code: string }[]>`select code from places where code like '54%' and level = 'county' and code not in (select place_code from agencies) order by code desc limit 2`).map((r) => r.code);
    expect(counties).toHaveLength(2);
    const header = "department_type,place_code,name_zh,name_en,inbox_email,active";
    const good = `emergency_management,${counties[0]},日喀则应急管理局${t},Shigatse Emergency Management ${t},em.${t}@agencies.test.invalid,yes`;
    const bad = `safety_committee,${counties[1]},日喀则安委办${t},Shigatse Work Safety Office ${t},sc.${t}(at)agencies.test.invalid,yes`;
    const wrongFile = path.join(dir, "directory-with-error.csv");
    fs.writeFileSync(wrongFile, "\uFEFF" + [header, good, bad].join("\r\n") + "\r\n");

    const admin = await enrolledStaff("administrator", null, `名录管理员 ${t}`);
    const { page, pageErrors } = await newPage({ javaScriptEnabled: false });
    await staffSignIn(page, admin, false, null);
    await page.goto(`${server.url}/staff/admin`);
    await page.getByRole("link", { name: adminZhCN["admin.directory.title"], exact: true }).click();
    await h1(page, adminZhCN["admin.directory.title"]).waitFor();

    await page.locator("#directoryImport-file").setInputFiles(wrongFile);
    await page.locator("#directoryImport-reason").fill("导入日喀则市的承办单位");
    await submit(page, page.getByRole("button", { name: adminZhCN["admin.directory.submit"], exact: true }));
    const summary = page.locator("#file-errors");
    await summary.waitFor();
    expect(await summary.textContent()).toContain(fmt(adminZhCN["admin.directory.refused"], { count: "1" }));
    const error = `${fmt(adminZhCN["admin.directory.error.lineColumn"], { line: "3", column: "inbox_email" })}：${adminZhCN["admin.directory.errors.email"]}`;
    expect(await summary.locator("li").allTextContents()).toEqual([`${error} ${fmt(adminZhCN["admin.directory.error.typed"], { value: `sc.${t}(at)agencies.test.invalid` })}`]);
    await page.getByText(adminZhCN["admin.directory.chooseAgain"]).waitFor();
    expect(await page.locator("#directoryImport-reason").inputValue()).toBe("导入日喀则市的承办单位");
    expect(await sql`select 1 from agencies where name_zh like ${"%" + t}`).toHaveLength(0);

    // Fixed, chosen again, imported.
    const fixedFile = path.join(dir, "directory-fixed.csv");
    fs.writeFileSync(fixedFile, "\uFEFF" + [header, good, bad.replace("(at)", "@")].join("\r\n") + "\r\n");
    await page.locator("#directoryImport-file").setInputFiles(fixedFile);
    await submit(page, page.getByRole("button", { name: adminZhCN["admin.directory.submit"], exact: true }));
    await page.getByRole("status").filter({ hasText: fmt(adminZhCN["admin.directory.done"], { added: "2", changed: "0", deactivated: "0", unchanged: "0" }) }).waitFor();
    expect((await sql`select department_type from agencies where name_zh like ${"%" + t} order by department_type`).map((r) => r.department_type)).toEqual(["emergency_management", "safety_committee"]);

    // The export is a download of the same format, with the new agencies in it.
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: adminZhCN["admin.directory.export.link"], exact: true }).click();
    const file = await (await download).path();
    const exported = fs.readFileSync(file!, "utf8");
    expect(exported.startsWith("\uFEFF" + header + "\r\n")).toBe(true);
    expect(exported).toContain(good + "\r\n");
    expect(exported).toContain(bad.replace("(at)", "@") + "\r\n");
    // The one 400 is the refused file, above.
    expect(pageErrors).toEqual(["Failed to load resource: the server responded with a status of 400 (Bad Request)"]);
  });
});
