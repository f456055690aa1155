/**
 * Issue 11 in the browser, JavaScript off and on: the national desk (国务院安委会办公室) signs in
 * with password and TOTP, finds a Hunan (430102) tip — Hunan has no staffed desk — and a tip
 * implicating Zhejiang's provincial officials (Zhejiang's desk is staffed, but inside the
 * implicated region) in its queue, and routes both to the national agency of their type
 * (应急管理部). A Zhejiang tip its own desk holds is not in the national queue. An administrator
 * finds /staff/admin/desks from the overview and sees Hunan among the provinces without a staffed
 * desk, and the tips waiting at the national desk.
 *
 * Its own database (the directory is the subject). Run `node_modules/.bin/remix build` first.
 */
import { randomBytes } from "node:crypto";
import type { Browser, BrowserContext } from "playwright-core";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authZhCN } from "../../app/i18n/auth.zh-CN";
import { staffZhCN } from "../../app/i18n/staff.zh-CN";
import { adminZhCN } from "../../app/i18n/admin.zh-CN";
import { zhCN } from "../../app/i18n/zh-CN";
import { launchBrowser } from "../support/browser";
import { createJourney, expectPage, hydrated, type Login, type Received } from "../support/journey";
import { startTestServer } from "../support/server";

const zh = { ...zhCN, ...authZhCN, ...staffZhCN, ...adminZhCN };
const NATIONAL_DESK = "国务院安委会办公室";
const NATIONAL_EM = "应急管理部";

type Modules = {
  currentTotpCode: typeof import("../../db/seed/demo-staff").currentTotpCode;
  hashPassword: typeof import("../../app/lib/password.server").hashPassword;
  encryptTotpSecret: typeof import("../../app/lib/totp.server").encryptTotpSecret;
  newTotpSecret: typeof import("../../app/lib/totp.server").newTotpSecret;
  secretToBase32: typeof import("../../app/lib/totp.server").secretToBase32;
  fileTip: typeof import("../../app/services/file-tip.server").fileTip;
  closeDb: typeof import("../../app/lib/db.server").closeDb;
};

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let sql: postgres.Sql;
let m: Modules;
const received: Received[] = [];
const contexts: BrowserContext[] = [];
const { newPage, staffSignIn, routeFromQueue, enrolledStaff } = createJourney(() => ({ browser, server, sql, m, received, contexts }));
const logins: Partial<Record<"off" | "on", Login>> = {};
const admins: Partial<Record<"off" | "on", Login>> = {};

async function file(tip: { placeCode: string; implicatedLevel?: "province" }) {
  const filed = await m.fileTip({
    submissionId: randomBytes(16).toString("base64url"),
    channel: "web",
    captcha: "verified",
    files: [],
    tip: {
      sectorCode: "hazardous_chemicals",
      placeCode: tip.placeCode,
      companyName: "示例化工有限公司",
      content: { description: "危化品仓库的可燃气体报警器被关闭，夜班仍在装卸。" },
      majorHazard: false,
      concealedAccident: false,
      officialsImplicated: tip.implicatedLevel !== undefined,
      implicatedLevel: tip.implicatedLevel,
      tipsterWorksThere: false,
    },
  });
  return filed.reference;
}

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
  await sql`
    insert into agencies (department_type, place_code, name_zh, name_en, inbox_email) values
      ('safety_committee', '000000', ${NATIONAL_DESK}, 'Office of the State Council Work Safety Committee', 'safety-committee.000000@agencies.canary.invalid'),
      ('emergency_management', '000000', ${NATIONAL_EM}, 'Ministry of Emergency Management', 'emergency-management.000000@agencies.canary.invalid')`;
  // Zhejiang's desk is staffed, as in the demo.
  await enrolledStaff("triage_officer", { departmentType: "safety_committee", placeCode: "330000" }, "浙江受理员");
  // One account per run: a TOTP code is accepted once per 30-second step.
  logins.off = await enrolledStaff("triage_officer", { departmentType: "safety_committee", placeCode: "000000" }, "国家受理员甲");
  logins.on = await enrolledStaff("triage_officer", { departmentType: "safety_committee", placeCode: "000000" }, "国家受理员乙");
  admins.off = await enrolledStaff("administrator", { departmentType: "safety_committee", placeCode: "000000" }, "管理员甲");
  admins.on = await enrolledStaff("administrator", { departmentType: "safety_committee", placeCode: "000000" }, "管理员乙");
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await m?.closeDb();
  await sql?.end({ timeout: 5 });
  await server?.close();
});

describe("the national desk in the browser", () => {
  for (const js of [false, true]) {
    it(`signs in, sees a Hunan tip and a province-implicated tip, routes them (JavaScript ${js ? "on" : "off"})`, async () => {
      const hunan = await file({ placeCode: "430102" });
      const implicatingZhejiang = await file({ placeCode: "330106", implicatedLevel: "province" });
      const zhejiang = await file({ placeCode: "330106" });
      const { page, blocked, pageErrors } = await newPage({ javaScriptEnabled: js });
      await staffSignIn(page, logins[js ? "on" : "off"]!, js, NATIONAL_DESK);

      // The queue lists both, and not the tip Zhejiang's own desk holds.
      await page.goto(`${server.url}/staff/triage`);
      await expectPage(page, zh["staff.triage.title"]);
      if (js) await hydrated(page);
      const queue = page.getByTestId("triage-queue");
      for (const reference of [hunan, implicatingZhejiang]) expect(await queue.getByRole("link", { name: reference, exact: true }).count()).toBe(1);
      expect(await queue.getByRole("link", { name: zhejiang, exact: true }).count()).toBe(0);
      await page.goto(`${server.url}/staff`);

      for (const reference of [hunan, implicatingZhejiang]) {
        await routeFromQueue(page, reference, js, { agency: NATIONAL_EM });
        await page.goto(`${server.url}/staff`);
      }
      const rows = await sql<{ reference: string; state: string; place_code: string }[]>`
        select t.reference, t.state, a.place_code from tips t join agencies a on a.id = t.agency_id where t.reference in (${hunan}, ${implicatingZhejiang}) order by t.reference`;
      expect(rows.map((r) => [r.state, r.place_code])).toEqual([
        ["assigned", "000000"],
        ["assigned", "000000"],
      ]);
      expect(blocked).toEqual([]);
      expect(pageErrors).toEqual([]);
    });
  }

  for (const js of [false, true]) {
    it(`the administrator sees the provinces without a staffed desk and the tips waiting at each level (JavaScript ${js ? "on" : "off"})`, async () => {
      await file({ placeCode: "430102" });
      const { page, blocked, pageErrors } = await newPage({ javaScriptEnabled: js });
      await staffSignIn(page, admins[js ? "on" : "off"]!, js, NATIONAL_DESK);
      await page.goto(`${server.url}/staff/admin`);
      await page.getByRole("link", { name: zh["admin.desks.title"], exact: true }).click();
      await expectPage(page, zh["admin.desks.title"]);
      expect(new URL(page.url()).pathname).toBe("/staff/admin/desks");
      const provinces = (await page.locator("#provinces-without-desk").textContent()) ?? "";
      expect(provinces).toContain("湖南省 (430000)");
      expect(provinces).not.toContain("(330000)");
      const [waiting] = await sql<{ count: number }[]>`
        select count(*)::int as count from tips t where t.state in ('submitted', 'returned', 'reopened')
          and (t.place_code not like '33%' or t.implicated_place_code = '330000')`;
      expect(((await page.locator('tr[data-level="country"] td').textContent()) ?? "").trim()).toBe(String(waiting!.count));
      expect(blocked).toEqual([]);
      expect(pageErrors).toEqual([]);
    });
  }
});
