/**
 * The whole life of a tip across the three kinds of people who touch it, in the browser and
 * through the real server (express + the Remix build), with the email worker and a real SMTP
 * listener on loopback:
 *
 *   tipster files at /report → triage officer signs in (password + TOTP), finds the tip in the
 *   queue, routes it to the suggested agency → the agency's inbox gets exactly one email, with
 *   the reference and without the tip's text → the agency officer signs in and accepts the case
 *   → the tipster, back with the receipt, sees the agency and "调查处理中".
 *
 * Also: the staff part without JavaScript, and an officer of another agency who must not see
 * the case (404, absent from the list, and the accept action refused).
 *
 * Every page runs in a context that refuses non-loopback requests (tests/support/browser.ts).
 * Run `node_modules/.bin/remix build` first: the server serves whatever is in build/.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import postgres from "postgres";
import type { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authZhCN } from "../../app/i18n/auth.zh-CN";
import { staffZhCN } from "../../app/i18n/staff.zh-CN";
import { zhCN } from "../../app/i18n/zh-CN";
import { launchBrowser } from "../support/browser";
import { createJourney, h1, hydrated, sleep, submit, text, waitFor, XIHU_EM, startSmtpListener, type Login, type Received } from "../support/journey";
import { startTestServer } from "../support/server";

const zh = { ...zhCN, ...authZhCN, ...staffZhCN };

const REFERENCE = /JB\d{4}-\d{7,}/;
const RECEIPT_SHAPE = /^\d{4}( \d{4}){6}$/;
const BINJIANG_EM = { departmentType: "emergency_management", placeCode: "330108", nameZh: "滨江区应急管理局" };
const TRIAGE_DESK = "浙江省安全生产委员会办公室";
/** Distinctive words, so the email check would notice even a fragment of the tip's text. */
const DESCRIPTION = "甲醇储罐区的可燃气体报警探头被人用塑料袋套住，夜班仍在装卸槽车，旁边没有人值守。";
const DESCRIPTION_NOJS = "液氯钢瓶露天堆放在厂区东侧空地上，阀门没有防护帽，附近有人在动火切割。";

type Modules = {
  seedDemoStaff: typeof import("../../db/seed/demo-staff").seedDemoStaff;
  currentTotpCode: typeof import("../../db/seed/demo-staff").currentTotpCode;
  hashPassword: typeof import("../../app/lib/password.server").hashPassword;
  encryptTotpSecret: typeof import("../../app/lib/totp.server").encryptTotpSecret;
  newTotpSecret: typeof import("../../app/lib/totp.server").newTotpSecret;
  secretToBase32: typeof import("../../app/lib/totp.server").secretToBase32;
  fileTip: typeof import("../../app/services/file-tip.server").fileTip;
  startWorker: typeof import("../../app/lib/jobs.server").startWorker;
  workerJobs: typeof import("../../app/jobs/index.server").workerJobs;
  resetMailer: typeof import("../../app/lib/mailer.server").resetMailer;
  closeDb: typeof import("../../app/lib/db.server").closeDb;
};

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let sql: postgres.Sql;
let smtp: SMTPServer;
let stopWorker: (() => Promise<void>) | undefined;
let m: Modules;
let demo: { triage: Login; agency: Login };
const received: Received[] = [];
const contexts: BrowserContext[] = [];
/** Set by the JavaScript-on journey; the negative check uses it (or makes its own case). */
let journeyReference: string | undefined;
const timings: Record<string, number> = {};
const { newPage, staffSignIn, routeFromQueue, acceptFromInbox, caseRow, mailsTo, enrolledStaff, fileXihuTip } = createJourney(() => ({ browser, server, sql, m, received, contexts }));

beforeAll(async () => {
  const t0 = Date.now();
  let smtpPort: number;
  ({ smtp, port: smtpPort } = await startSmtpListener(received));

  // One environment for the whole file: the server bundle and the mailer read it once.
  [server, browser] = await Promise.all([startTestServer({ SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, RATE_LIMITS: "off" }), launchBrowser()]);
  sql = postgres(process.env.DATABASE_URL!, { max: 2, onnotice: () => {} });
  m = {
    ...(await import("../../db/seed/demo-staff")),
    ...(await import("../../app/lib/password.server")),
    ...(await import("../../app/lib/totp.server")),
    ...(await import("../../app/services/file-tip.server")),
    ...(await import("../../app/lib/jobs.server")),
    ...(await import("../../app/jobs/index.server")),
    ...(await import("../../app/lib/mailer.server")),
    ...(await import("../../app/lib/db.server")),
  };
  // The email worker runs here, in the test process (the test server starts none).
  stopWorker = await m.startWorker({ connectionString: process.env.DATABASE_URL!, ...m.workerJobs(), pollInterval: 200 });
  const logins = await m.seedDemoStaff();
  const pick = (role: string): Login => {
    const l = logins.find((x) => x.role === role)!;
    return { email: l.email, password: l.password, totpSecret: l.totpSecret, displayName: l.displayName };
  };
  demo = { triage: pick("triage_officer"), agency: pick("agency_officer") };
  timings.beforeAll = Date.now() - t0;
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await stopWorker?.();
  m?.resetMailer();
  await m?.closeDb(); // this process's app pool (seeding, fileTip)
  await sql?.end({ timeout: 5 });
  await server?.close();
  if (smtp) await new Promise<void>((resolve) => smtp.close(() => resolve()));
  console.log("triage-journey timings (ms):", timings);
});

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

async function staffSignOut(page: Page) {
  await submit(page, page.locator("nav.staff-nav").getByRole("button", { name: zh["staff.nav.signOut"], exact: true }));
  await h1(page, zh["auth.signIn.title"]).waitFor();
  expect(await page.getByRole("status").filter({ hasText: zh["auth.signOut.done"] }).count()).toBe(1);
  // The session really ended: the workspace sends us back to sign in.
  await page.goto(`${server.url}/staff`);
  expect(new URL(page.url()).pathname).toBe("/staff/login");
}

// ---------------------------------------------------------------------------------------------
// Journeys
// ---------------------------------------------------------------------------------------------

describe("a tip from filing to the agency (JavaScript on)", () => {
  it("tipster files → triage routes → one email to the agency → agency accepts → tipster sees the agency", async () => {
    const t0 = Date.now();
    const blockedAll: string[][] = [];
    const errorsAll: string[][] = [];
    const mailsBefore = mailsTo(XIHU_EM.inbox).length;

    // 1. The tipster files through /report and keeps the receipt.
    const tipster = await newPage();
    blockedAll.push(tipster.blocked);
    errorsAll.push(tipster.pageErrors);
    let page = tipster.page;
    await page.goto(`${server.url}/report`);
    await h1(page, zh["report.title"]).waitFor();
    await hydrated(page);
    const sector = page.getByLabel(zh["report.sector"], { exact: true });
    await sector.selectOption("hazardous_chemicals");
    expect(await sector.locator("option:checked").textContent()).toContain("危险化学品");
    await page.getByLabel(zh["report.province"], { exact: true }).selectOption({ label: "浙江省" });
    await page.getByLabel(zh["report.city"], { exact: true }).selectOption({ label: "杭州市" });
    const county = page.getByLabel(zh["report.county"], { exact: true });
    await county.selectOption({ label: "西湖区" });
    expect(await county.inputValue()).toBe(XIHU_EM.placeCode);
    await page.getByLabel(zh["report.description"], { exact: true }).fill(DESCRIPTION);
    await submit(page, page.getByRole("button", { name: zh["report.submit"], exact: true }));
    await h1(page, zh["receipt.title"]).waitFor();
    const receipt = await text(page.getByTestId("receipt"));
    expect(receipt).toMatch(RECEIPT_SHAPE);
    const lead = (await page.locator(".filed p", { hasText: zh["receipt.lead"].split("{reference}")[0]! }).first().textContent()) ?? "";
    const reference = REFERENCE.exec(lead)?.[0];
    expect(reference, lead).toBeDefined();
    journeyReference = reference!;
    expect(await caseRow(reference!)).toMatchObject({ state: "submitted", place_code: XIHU_EM.placeCode, sector_code: "hazardous_chemicals", agency_inbox: null });
    timings.file = Date.now() - t0;

    // 2. The triage officer signs in (password, then TOTP), finds the tip, routes it, signs out.
    let t = Date.now();
    const triage = await newPage();
    blockedAll.push(triage.blocked);
    errorsAll.push(triage.pageErrors);
    page = triage.page;
    timings.triageSignIn = await staffSignIn(page, demo.triage, true, TRIAGE_DESK);
    await routeFromQueue(page, reference!, true, { detailed: true });
    const routedAt = Date.now();
    await staffSignOut(page);
    timings.triage = Date.now() - t;
    expect(await caseRow(reference!)).toMatchObject({ state: "assigned", agency_inbox: XIHU_EM.inbox });

    // The agency's inbox gets one email: the reference, never the tip's text.
    await waitFor("the assignment email", () => mailsTo(XIHU_EM.inbox).length > mailsBefore);
    const first = mailsTo(XIHU_EM.inbox)[mailsBefore]!;
    timings.emailAfterRouting = first.at - routedAt;
    expect(first.envelopeTo).toEqual([XIHU_EM.inbox]);
    const mail = first.mail;
    expect(mail.subject ?? "").toContain(reference);
    expect(mail.text ?? "").toContain(reference);
    for (const body of [mail.text ?? "", typeof mail.html === "string" ? mail.html : "", mail.subject ?? ""]) {
      expect(body).not.toContain(DESCRIPTION);
      expect(body).not.toContain("可燃气体报警探头");
      expect(body).not.toContain("塑料袋");
    }
    // The job finished (graphile-worker deletes a job that succeeded): nothing left to resend.
    await waitFor("the job to be done", async () => {
      const [{ n }] = (await sql`select count(*)::int as n from graphile_worker.jobs where key like ${`send_email:case_assigned:${reference}:%`}`) as unknown as [{ n: number }];
      return n === 0;
    });

    // 3. The agency officer signs in, finds the case in 本单位案件 and accepts it.
    t = Date.now();
    const agency = await newPage();
    blockedAll.push(agency.blocked);
    errorsAll.push(agency.pageErrors);
    page = agency.page;
    timings.agencySignIn = await staffSignIn(page, demo.agency, true, XIHU_EM.nameZh);
    await acceptFromInbox(page, reference!, true, { detailed: true });
    timings.agency = Date.now() - t;
    expect((await caseRow(reference!))!.state).toBe("accepted");

    // 4. The tipster comes back with the receipt.
    t = Date.now();
    const back = await newPage();
    blockedAll.push(back.blocked);
    errorsAll.push(back.pageErrors);
    page = back.page;
    await page.goto(`${server.url}/status`);
    await hydrated(page);
    await page.getByLabel(zh["status.receipt"], { exact: true }).fill(receipt);
    await submit(page, page.getByRole("button", { name: zh["status.signin"], exact: true }));
    await page.getByTestId("reference").waitFor();
    expect(await text(page.getByTestId("reference"))).toBe(reference);
    expect(await text(page.getByTestId("agency"))).toBe(XIHU_EM.nameZh);
    expect(await text(page.getByTestId("public-status"))).toBe("调查处理中");
    expect(zh["status.public.investigating"]).toBe("调查处理中");
    timings.status = Date.now() - t;

    // 5. Still exactly one email, at least a few seconds after the first: no retry, no double enqueue.
    await sleep(Math.max(0, first.at + 3_000 - Date.now()));
    expect(mailsTo(XIHU_EM.inbox).slice(mailsBefore)).toHaveLength(1);

    // No page of the journey asked for anything beyond loopback, and none logged an error.
    expect(blockedAll.flat()).toEqual([]);
    expect(errorsAll.flat()).toEqual([]);
    timings.journey = Date.now() - t0;
  });
});

describe("the staff pages without JavaScript", () => {
  it("sign in with TOTP, route a second tip from the queue, the agency accepts it", async () => {
    const t0 = Date.now();
    const reference = await fileXihuTip(DESCRIPTION_NOJS);
    // Accounts of their own: no dependence on the journey above (nor on its TOTP steps).
    const [triageLogin, agencyLogin] = await Promise.all([
      enrolledStaff("triage_officer", { departmentType: "safety_committee", placeCode: "330000" }, "无脚本受理员"),
      enrolledStaff("agency_officer", XIHU_EM, "无脚本承办人"),
    ]);

    const triage = await newPage({ javaScriptEnabled: false });
    await staffSignIn(triage.page, triageLogin, false, TRIAGE_DESK);
    await routeFromQueue(triage.page, reference, false, { detailed: true });
    await staffSignOut(triage.page);
    expect(await caseRow(reference)).toMatchObject({ state: "assigned", agency_inbox: XIHU_EM.inbox });

    const agency = await newPage({ javaScriptEnabled: false });
    await staffSignIn(agency.page, agencyLogin, false, XIHU_EM.nameZh);
    await acceptFromInbox(agency.page, reference, false, { detailed: true });
    expect((await caseRow(reference))!.state).toBe("accepted");

    // The routing email of this case goes out too (once).
    await waitFor("the second assignment email", () => received.some((r) => r.mail.subject?.includes(reference)));
    expect(received.filter((r) => r.mail.subject?.includes(reference))).toHaveLength(1);

    expect([...triage.blocked, ...agency.blocked]).toEqual([]);
    timings.noJs = Date.now() - t0;
  });
});

describe("an officer of another agency", () => {
  it("gets the not-found page for the case, does not see it in the list, and cannot accept it", async () => {
    const t0 = Date.now();
    // The journey's case once it reached the agency; else (run alone with -t, or the journey
    // failed early) a case of our own, routed to Xihu by a triage officer without JavaScript.
    let reference = journeyReference;
    if (!reference || !["assigned", "accepted"].includes((await caseRow(reference))!.state)) {
      reference = await fileXihuTip(DESCRIPTION);
      const triage = await newPage({ javaScriptEnabled: false });
      await staffSignIn(triage.page, await enrolledStaff("triage_officer", { departmentType: "safety_committee", placeCode: "330000" }, "受理员"), false, TRIAGE_DESK);
      await routeFromQueue(triage.page, reference, false, { detailed: true });
    }
    const stateBefore = (await caseRow(reference))!.state;
    expect(["assigned", "accepted"]).toContain(stateBefore);

    // Without JavaScript: what is checked here is the server's visibility rule, page by page.
    const binjiang = await enrolledStaff("agency_officer", BINJIANG_EM, "滨江承办人");
    const { page, context, blocked } = await newPage({ javaScriptEnabled: false });
    await staffSignIn(page, binjiang, false, BINJIANG_EM.nameZh);

    // The case page: the same not-found page as a reference that does not exist at all.
    const response = await page.goto(`${server.url}/staff/cases/${reference}`);
    expect(response!.status()).toBe(404);
    await h1(page, zhCN["errors.title"]).waitFor();
    expect(await page.getByText(zhCN["errors.notFound"], { exact: true }).count()).toBe(1);
    expect(await page.content()).not.toContain(DESCRIPTION);
    const missing = await page.goto(`${server.url}/staff/cases/JB2026-9999999`);
    expect(missing!.status()).toBe(404);

    // The list: empty, also when searched by the reference.
    for (const query of ["", `?q=${reference}`]) {
      await page.goto(`${server.url}/staff/cases${query}`);
      await h1(page, zh["staff.inbox.title"]).waitFor();
      expect(await page.getByRole("link", { name: reference, exact: true }).count()).toBe(0);
      expect(await page.getByText(zh["staff.inbox.empty"], { exact: true }).count()).toBe(1);
    }

    // Posting the accept form anyway (with a valid session and csrf token) finds nothing either.
    const csrf = await page.locator('nav.staff-nav input[name="csrf"]').inputValue();
    const post = await context.request.post(`${server.url}/staff/cases/${reference}`, { form: { csrf, intent: "accept" }, maxRedirects: 0 });
    expect(post.status()).toBe(404);
    expect((await caseRow(reference))!.state).toBe(stateBefore);

    expect(blocked).toEqual([]);
    timings.otherAgency = Date.now() - t0;
  });
});
