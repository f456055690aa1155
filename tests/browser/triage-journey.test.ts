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
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import postgres from "postgres";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authZhCN } from "../../app/i18n/auth.zh-CN";
import { staffZhCN } from "../../app/i18n/staff.zh-CN";
import { zhCN } from "../../app/i18n/zh-CN";
import { launchBrowser, loopbackContext } from "../support/browser";
import { startTestServer } from "../support/server";

const zh = { ...zhCN, ...authZhCN, ...staffZhCN };
/** The app's own substitution ({name} → value), for strings with parameters. */
const fmt = (template: string, params: Record<string, string>) => Object.entries(params).reduce((s, [k, v]) => s.replaceAll(`{${k}}`, v), template);

const REFERENCE = /JB\d{4}-\d{7,}/;
const RECEIPT_SHAPE = /^\d{4}( \d{4}){6}$/;
const XIHU_EM = { departmentType: "emergency_management", typeNameZh: "应急管理局", placeCode: "330106", nameZh: "西湖区应急管理局", inbox: "emergency-management.330106@agencies.canary.invalid" };
const BINJIANG_EM = { departmentType: "emergency_management", placeCode: "330108", nameZh: "滨江区应急管理局" };
const TRIAGE_DESK = "浙江省安全生产委员会办公室";
/** Distinctive words, so the email check would notice even a fragment of the tip's text. */
const DESCRIPTION = "甲醇储罐区的可燃气体报警探头被人用塑料袋套住，夜班仍在装卸槽车，旁边没有人值守。";
const DESCRIPTION_NOJS = "液氯钢瓶露天堆放在厂区东侧空地上，阀门没有防护帽，附近有人在动火切割。";

type Login = { email: string; password: string; totpSecret: string; displayName: string };
type Received = { envelopeTo: string[]; mail: ParsedMail; at: number };

type Modules = {
  seedDemoStaff: typeof import("../../db/seed/demo-staff").seedDemoStaff;
  currentTotpCode: typeof import("../../db/seed/demo-staff").currentTotpCode;
  hashPassword: typeof import("../../app/lib/password.server").hashPassword;
  encryptTotpSecret: typeof import("../../app/lib/totp.server").encryptTotpSecret;
  newTotpSecret: typeof import("../../app/lib/totp.server").newTotpSecret;
  secretToBase32: typeof import("../../app/lib/totp.server").secretToBase32;
  fileTip: typeof import("../../app/services/file-tip.server").fileTip;
  startWorker: typeof import("../../app/lib/jobs.server").startWorker;
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

beforeAll(async () => {
  const t0 = Date.now();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), mail, at: Date.now() });
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.server.once("error", reject);
    smtp.listen(0, "127.0.0.1", () => resolve());
  });
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  // One environment for the whole file: the server bundle and the mailer read it once.
  [server, browser] = await Promise.all([startTestServer({ SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, RATE_LIMITS: "off" }), launchBrowser()]);
  sql = postgres(process.env.DATABASE_URL!, { max: 2, onnotice: () => {} });
  m = {
    ...(await import("../../db/seed/demo-staff")),
    ...(await import("../../app/lib/password.server")),
    ...(await import("../../app/lib/totp.server")),
    ...(await import("../../app/services/file-tip.server")),
    ...(await import("../../app/lib/jobs.server")),
    ...(await import("../../app/lib/mailer.server")),
    ...(await import("../../app/lib/db.server")),
  };
  // The email worker runs here, in the test process (the test server starts none).
  stopWorker = await m.startWorker({ connectionString: process.env.DATABASE_URL!, pollInterval: 200 });
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function newPage(opts: { javaScriptEnabled?: boolean } = {}) {
  const { context, blocked } = await loopbackContext(browser, opts);
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  page.on("console", (msg) => {
    if (msg.type() === "error") pageErrors.push(msg.text());
  });
  return { context, page, blocked, pageErrors };
}

/** Clicks a submit button and waits for its POST to be answered (failing on a server error). */
async function submit(page: Page, button: Locator) {
  const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), button.click()]);
  expect(response.status(), `${response.request().method()} ${response.url()} answered ${response.status()}`).toBeLessThan(500);
  return response;
}

/** Waits until React has hydrated the page, so a click is handled by Remix, not by a plain post. */
async function hydrated(page: Page) {
  await page.waitForFunction(() => {
    const form = document.querySelector("main form");
    return !!form && Object.keys(form).some((k) => k.startsWith("__reactFiber"));
  });
}

const h1 = (page: Page, name: string) => page.getByRole("heading", { level: 1, name, exact: true });

/**
 * Waits for the page titled `name`; if the error page ("出错了") shows instead, fails at once
 * saying where, rather than timing out.
 */
async function expectPage(page: Page, name: string) {
  const either = page.locator("main h1").filter({ hasText: new RegExp(`^(${escapeRegExp(name)}|${escapeRegExp(zhCN["errors.title"])})$`) });
  await either.first().waitFor();
  const shown = await text(either.first());
  if (shown !== name) throw new Error(`${page.url()} shows the error page ("${await text(page.locator("main"))}") instead of "${name}"`);
}
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const text = async (locator: Locator) => ((await locator.textContent()) ?? "").trim();

/**
 * Signs in at /staff/login with e-mail and password, then the TOTP code computed at that very
 * moment, and checks the staff home. Returns how long it took.
 */
async function staffSignIn(page: Page, who: Login, js: boolean, agencyName: string) {
  const started = Date.now();
  await page.goto(`${server.url}/staff/login`);
  await h1(page, zh["auth.signIn.title"]).waitFor();
  if (js) await hydrated(page);
  await page.getByLabel(zh["auth.field.email"], { exact: true }).fill(who.email);
  await page.getByLabel(zh["auth.field.password"], { exact: true }).fill(who.password);
  await submit(page, page.getByRole("button", { name: zh["auth.signIn.submit"], exact: true }));

  await h1(page, zh["auth.secondFactor.title"]).waitFor();
  expect(new URL(page.url()).pathname).toBe("/staff/second-factor");
  if (js) await hydrated(page);
  await page.getByLabel(zh["auth.field.code"], { exact: true }).fill(m.currentTotpCode(who.totpSecret));
  await submit(page, page.getByRole("button", { name: zh["auth.secondFactor.submit"], exact: true }));

  // The staff home: greeting with the person's name and agency.
  await expectPage(page, zh["auth.home.title"]);
  expect(new URL(page.url()).pathname).toBe("/staff");
  const home = page.locator("section.staff-home");
  expect(await home.textContent()).toContain(who.displayName);
  expect(await home.textContent()).toContain(fmt(zh["auth.home.agency"], { agency: agencyName }));
  return Date.now() - started;
}

async function staffSignOut(page: Page) {
  await submit(page, page.locator("nav.staff-nav").getByRole("button", { name: zh["staff.nav.signOut"], exact: true }));
  await h1(page, zh["auth.signIn.title"]).waitFor();
  expect(await page.getByRole("status").filter({ hasText: zh["auth.signOut.done"] }).count()).toBe(1);
  // The session really ended: the workspace sends us back to sign in.
  await page.goto(`${server.url}/staff`);
  expect(new URL(page.url()).pathname).toBe("/staff/login");
}

/**
 * The triage part: from the staff home to the queue, find `reference` with the queue's search,
 * open it, check the suggestion (Xihu emergency management, with its rules), route it.
 */
async function routeFromQueue(page: Page, reference: string, js: boolean) {
  await page.locator("section.staff-home .cards").getByRole("link", { name: zh["auth.home.triage.title"], exact: true }).click();
  await expectPage(page, zh["staff.triage.title"]);
  expect(new URL(page.url()).pathname).toBe("/staff/triage");
  if (js) await hydrated(page);
  await page.getByLabel(zh["staff.filters.q"], { exact: true }).fill(reference);
  await page.getByRole("button", { name: zh["staff.filters.apply"], exact: true }).click();
  await page.waitForURL((u) => u.searchParams.get("q") === reference);
  const queue = page.getByTestId("triage-queue");
  await queue.waitFor();
  const link = queue.getByRole("link", { name: reference, exact: true });
  expect(await link.count()).toBe(1);
  await link.click();

  await expectPage(page, fmt(zh["staff.case.title"], { reference }));
  expect(new URL(page.url()).pathname).toBe(`/staff/triage/${reference}`);
  expect(await text(page.getByTestId("case-state"))).toBe(zh["staff.state.submitted"]);
  expect(await text(page.getByTestId("routing-suggestion"))).toBe(fmt(zh["staff.case.routing.suggested"], { agency: XIHU_EM.nameZh }));
  // The rules that led there, in words: the sector's default department, at county level.
  const rules = page.locator('section[aria-labelledby="routing-title"] ol li');
  expect(await rules.allTextContents()).toEqual([fmt(zh["staff.rule.sector_default"], { departmentType: XIHU_EM.typeNameZh }), zh["staff.rule.level_county_default"]]);
  // The 交办 form has the suggested agency preselected and needs no reason.
  const agencySelect = page.getByLabel(zh["staff.case.routing.agencyId"], { exact: true });
  expect(await text(agencySelect.locator("option:checked"))).toBe(XIHU_EM.nameZh);
  expect(await page.getByLabel(zh["staff.case.routing.overrideReason"], { exact: true }).inputValue()).toBe("");

  if (js) await hydrated(page);
  await submit(page, page.getByRole("button", { name: zh["staff.case.routing.submit"], exact: true }));
  await page.getByRole("status").filter({ hasText: zh["staff.case.done"] }).waitFor();
  // With JavaScript the notice shows as soon as the action answers, the revalidated page a moment later.
  await expect.poll(() => text(page.getByTestId("case-state"))).toBe(zh["staff.state.assigned"]);
  expect(await text(page.getByTestId("case-agency"))).toBe(XIHU_EM.nameZh);
  // Routed: the decision forms are gone.
  expect(await page.getByRole("button", { name: zh["staff.case.routing.submit"], exact: true }).count()).toBe(0);
}

/** The agency part: 本单位案件 → the case → 接收案件 → 已接收. */
async function acceptFromInbox(page: Page, reference: string, js: boolean) {
  await page.locator("nav.staff-nav").getByRole("link", { name: zh["staff.nav.cases"], exact: true }).click();
  await expectPage(page, zh["staff.inbox.title"]);
  expect(new URL(page.url()).pathname).toBe("/staff/cases");
  const row = page.getByTestId("agency-inbox").locator("tr", { has: page.getByRole("link", { name: reference, exact: true }) });
  expect(await row.count()).toBe(1);
  expect(await row.textContent()).toContain(zh["staff.state.assigned"]);
  await row.getByRole("link", { name: reference, exact: true }).click();

  await expectPage(page, fmt(zh["staff.case.title"], { reference }));
  expect(new URL(page.url()).pathname).toBe(`/staff/cases/${reference}`);
  expect(await text(page.getByTestId("case-state"))).toBe(zh["staff.state.assigned"]);
  expect(await text(page.getByTestId("case-agency"))).toBe(XIHU_EM.nameZh);
  if (js) await hydrated(page);
  await submit(page, page.getByRole("button", { name: zh["staff.case.accept"], exact: true }));
  await page.getByRole("status").filter({ hasText: zh["staff.case.done"] }).waitFor();
  await expect.poll(() => text(page.getByTestId("case-state"))).toBe(zh["staff.state.accepted"]);
  expect(await page.getByRole("button", { name: zh["staff.case.accept"], exact: true }).count()).toBe(0);
}

async function caseRow(reference: string) {
  const [row] = await sql<{ state: string; place_code: string; sector_code: string; agency_inbox: string | null }[]>`
    select t.state, t.place_code, t.sector_code, a.inbox_email as agency_inbox
    from tips t left join agencies a on a.id = t.agency_id where t.reference = ${reference}`;
  return row;
}

/** Emails whose envelope or To header names `address`. */
function mailsTo(address: string, since = 0) {
  return received.filter(
    (r) => r.at >= since && (r.envelopeTo.includes(address) || [r.mail.to ?? []].flat().some((a) => a.value.some((v) => v.address?.toLowerCase() === address))),
  );
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** A staff account tied to an agency, with a password and an enrolled authenticator: ready to sign in. */
async function enrolledStaff(role: "triage_officer" | "agency_officer", agency: { departmentType: string; placeCode: string }, displayName: string): Promise<Login> {
  const [a] = await sql<{ id: string }[]>`select id from agencies where department_type = ${agency.departmentType} and place_code = ${agency.placeCode}`;
  if (!a) throw new Error(`test setup: no agency ${agency.departmentType}@${agency.placeCode}`);
  const tag = randomBytes(4).toString("hex");
  const email = `${role.replace(/_/g, "-")}.${agency.placeCode}.${tag}@staff.test.invalid`;
  const password = `test-${randomBytes(12).toString("base64url")}`;
  const [row] = await sql<{ id: string }[]>`
    insert into staff_accounts (email, display_name, role, agency_id, password_hash)
    values (${email}, ${displayName}, ${role}, ${a.id}, ${await m.hashPassword(password)})
    returning id`;
  const secret = m.newTotpSecret();
  // The secret is encrypted bound to the account id, so it is set once the id exists.
  await sql`update staff_accounts set totp_secret_enc = ${m.encryptTotpSecret(row!.id, secret)}, totp_enrolled_at = now() where id = ${row!.id}`;
  return { email, password, totpSecret: m.secretToBase32(secret), displayName };
}

/** A tip at Xihu (no severity flags: it goes to the county), filed through the service layer. */
async function fileXihuTip(description: string) {
  const filed = await m.fileTip({
    submissionId: randomBytes(16).toString("base64url"),
    channel: "web",
    captcha: "verified",
    files: [],
    tip: {
      sectorCode: "hazardous_chemicals",
      placeCode: XIHU_EM.placeCode,
      companyName: "示例化工有限公司",
      content: { description },
      majorHazard: false,
      concealedAccident: false,
      officialsImplicated: false,
      tipsterWorksThere: false,
    },
  });
  return filed.reference;
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
    await routeFromQueue(page, reference!, true);
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
    await acceptFromInbox(page, reference!, true);
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
    await routeFromQueue(triage.page, reference, false);
    await staffSignOut(triage.page);
    expect(await caseRow(reference)).toMatchObject({ state: "assigned", agency_inbox: XIHU_EM.inbox });

    const agency = await newPage({ javaScriptEnabled: false });
    await staffSignIn(agency.page, agencyLogin, false, XIHU_EM.nameZh);
    await acceptFromInbox(agency.page, reference, false);
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
      await routeFromQueue(triage.page, reference, false);
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
