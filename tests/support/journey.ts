/**
 * Helpers shared by the browser journeys (tests/browser/triage-journey.test.ts,
 * tests/browser/case-journey.test.ts): pages in loopback-only contexts, staff sign-in with TOTP,
 * routing from the triage queue, accepting from the agency inbox, an SMTP listener on loopback.
 *
 * `createJourney` takes a function returning the file's context (browser, server, database, mail
 * list…), read at each call: the values exist only once the file's beforeAll has run.
 */
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import type postgres from "postgres";
import { SMTPServer } from "smtp-server";
import { expect } from "vitest";
import { authZhCN } from "../../app/i18n/auth.zh-CN";
import { staffZhCN } from "../../app/i18n/staff.zh-CN";
import { zhCN } from "../../app/i18n/zh-CN";
import { loopbackContext } from "./browser";
import type { startTestServer } from "./server";

const zh = { ...zhCN, ...authZhCN, ...staffZhCN };
/** The app's own substitution ({name} → value), for strings with parameters. */
export const fmt = (template: string, params: Record<string, string>) => Object.entries(params).reduce((s, [k, v]) => s.replaceAll(`{${k}}`, v), template);

export const XIHU_EM = { departmentType: "emergency_management", typeNameZh: "应急管理局", placeCode: "330106", nameZh: "西湖区应急管理局", inbox: "emergency-management.330106@agencies.canary.invalid" };

export type Login = { email: string; password: string; totpSecret: string; displayName: string };
export type Received = { envelopeTo: string[]; mail: ParsedMail; at: number };

/** The app's functions the helpers call (imported by each test file in its beforeAll). */
export type JourneyModules = {
  currentTotpCode: typeof import("../../db/seed/demo-staff").currentTotpCode;
  hashPassword: typeof import("../../app/lib/password.server").hashPassword;
  encryptTotpSecret: typeof import("../../app/lib/totp.server").encryptTotpSecret;
  newTotpSecret: typeof import("../../app/lib/totp.server").newTotpSecret;
  secretToBase32: typeof import("../../app/lib/totp.server").secretToBase32;
  fileTip: typeof import("../../app/services/file-tip.server").fileTip;
};

export type JourneyContext = {
  browser: Browser;
  server: Awaited<ReturnType<typeof startTestServer>>;
  sql: postgres.Sql;
  m: JourneyModules;
  /** Every email the SMTP listener got. */
  received: Received[];
  /** Every browser context opened, for afterAll to close. */
  contexts: BrowserContext[];
};

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An SMTP listener on a free loopback port that parses each email into `received`. */
export async function startSmtpListener(received: Received[]) {
  const smtp = new SMTPServer({
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
  const port = (smtp.server.address() as AddressInfo).port;
  return { smtp, port };
}

/** Clicks a submit button and waits for its POST to be answered (failing on a server error). */
export async function submit(page: Page, button: Locator) {
  const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), button.click()]);
  expect(response.status(), `${response.request().method()} ${response.url()} answered ${response.status()}`).toBeLessThan(500);
  return response;
}

/** Waits until React has hydrated the page, so a click is handled by Remix, not by a plain post. */
export async function hydrated(page: Page) {
  await page.waitForFunction(() => {
    const form = document.querySelector("main form");
    return !!form && Object.keys(form).some((k) => k.startsWith("__reactFiber"));
  });
}

export const h1 = (page: Page, name: string) => page.getByRole("heading", { level: 1, name, exact: true });
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
export const text = async (locator: Locator) => ((await locator.textContent()) ?? "").trim();

/**
 * Waits for the page titled `name`; if the error page ("出错了") shows instead, fails at once
 * saying where, rather than timing out.
 */
export async function expectPage(page: Page, name: string) {
  const either = page.locator("main h1").filter({ hasText: new RegExp(`^(${escapeRegExp(name)}|${escapeRegExp(zhCN["errors.title"])})$`) });
  await either.first().waitFor();
  const shown = await text(either.first());
  if (shown !== name) throw new Error(`${page.url()} shows the error page ("${await text(page.locator("main"))}") instead of "${name}"`);
}

export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

export function createJourney(ctx: () => JourneyContext) {
  async function newPage(opts: { javaScriptEnabled?: boolean } = {}) {
    const { browser, contexts } = ctx();
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

  /**
   * Signs in at /staff/login with e-mail and password, then the TOTP code computed at that very
   * moment, and checks the staff home (greeting with the person's name and, unless `agencyName`
   * is null — an account of no agency — the agency). Returns how long it took.
   */
  async function staffSignIn(page: Page, who: Login, js: boolean, agencyName: string | null) {
    const { server, m } = ctx();
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
    // A TOTP code is accepted once per 30-second step: when another test signed this account in
    // during the current step, wait for the next one (as a person would wait for a new code).
    const [last] = await ctx().sql<{ step: string | null }[]>`select totp_last_step::text as step from staff_accounts where lower(email) = lower(${who.email})`;
    while (last?.step && Math.floor(Date.now() / 30_000) <= Number(last.step)) await sleep(250);
    await page.getByLabel(zh["auth.field.code"], { exact: true }).fill(m.currentTotpCode(who.totpSecret));
    await submit(page, page.getByRole("button", { name: zh["auth.secondFactor.submit"], exact: true }));

    await expectPage(page, zh["auth.home.title"]);
    expect(new URL(page.url()).pathname).toBe("/staff");
    const home = (await page.locator("section.staff-home").textContent()) ?? "";
    expect(home).toContain(who.displayName);
    if (agencyName !== null) expect(home).toContain(fmt(zh["auth.home.agency"], { agency: agencyName }));
    return Date.now() - started;
  }

  /**
   * The triage part: from the staff home to the queue, find `reference` with the queue's search,
   * open it, check the suggestion (Xihu emergency management, or `agency`), route it. `detailed` adds the
   * checks of the triage journey: the paths, the rules that led to the suggestion, the empty
   * override reason, the done notice and the decision forms gone.
   */
  async function routeFromQueue(page: Page, reference: string, js: boolean, { detailed = false, agency = XIHU_EM.nameZh }: { detailed?: boolean; agency?: string } = {}) {
    await page.locator("section.staff-home .cards").getByRole("link", { name: zh["auth.home.triage.title"], exact: true }).click();
    await expectPage(page, zh["staff.triage.title"]);
    if (detailed) expect(new URL(page.url()).pathname).toBe("/staff/triage");
    if (js) await hydrated(page);
    await page.getByLabel(zh["staff.filters.q"], { exact: true }).fill(reference);
    await page.getByRole("button", { name: zh["staff.filters.apply"], exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get("q") === reference);
    const queue = page.getByTestId("triage-queue");
    if (detailed) await queue.waitFor();
    const link = queue.getByRole("link", { name: reference, exact: true });
    expect(await link.count()).toBe(1);
    await link.click();

    await expectPage(page, fmt(zh["staff.case.title"], { reference }));
    if (detailed) expect(new URL(page.url()).pathname).toBe(`/staff/triage/${reference}`);
    expect(await text(page.getByTestId("case-state"))).toBe(zh["staff.state.submitted"]);
    expect(await text(page.getByTestId("routing-suggestion"))).toBe(fmt(zh["staff.case.routing.suggested"], { agency }));
    if (detailed) {
      // The rules that led there, in words: the sector's default department, at county level.
      const rules = page.locator('section[aria-labelledby="routing-title"] ol li');
      expect(await rules.allTextContents()).toEqual([fmt(zh["staff.rule.sector_default"], { departmentType: XIHU_EM.typeNameZh }), zh["staff.rule.level_county_default"]]);
    }
    // The 交办 form has the suggested agency preselected (and, `detailed`, needs no reason).
    const agencySelect = page.getByLabel(zh["staff.case.routing.agencyId"], { exact: true });
    expect(await text(agencySelect.locator("option:checked"))).toBe(agency);
    if (detailed) expect(await page.getByLabel(zh["staff.case.routing.overrideReason"], { exact: true }).inputValue()).toBe("");

    if (js) await hydrated(page);
    await submit(page, page.getByRole("button", { name: zh["staff.case.routing.submit"], exact: true }));
    if (detailed) await page.getByRole("status").filter({ hasText: zh["staff.case.done"] }).waitFor();
    // With JavaScript the notice shows as soon as the action answers, the revalidated page a moment later.
    await expect.poll(() => text(page.getByTestId("case-state"))).toBe(zh["staff.state.assigned"]);
    expect(await text(page.getByTestId("case-agency"))).toBe(agency);
    // Routed: the decision forms are gone.
    if (detailed) expect(await page.getByRole("button", { name: zh["staff.case.routing.submit"], exact: true }).count()).toBe(0);
  }

  /**
   * The agency part: 本单位案件 → the case → 接收案件 → 已接收. `detailed` adds the checks of the
   * triage journey: the paths, the row's state, the case's agency, the done notice and the accept
   * button gone.
   */
  async function acceptFromInbox(page: Page, reference: string, js: boolean, { detailed = false }: { detailed?: boolean } = {}) {
    await page.locator("nav.staff-nav").getByRole("link", { name: zh["staff.nav.cases"], exact: true }).click();
    await expectPage(page, zh["staff.inbox.title"]);
    if (detailed) expect(new URL(page.url()).pathname).toBe("/staff/cases");
    const row = page.getByTestId("agency-inbox").locator("tr", { has: page.getByRole("link", { name: reference, exact: true }) });
    expect(await row.count()).toBe(1);
    if (detailed) expect(await row.textContent()).toContain(zh["staff.state.assigned"]);
    await row.getByRole("link", { name: reference, exact: true }).click();

    await expectPage(page, fmt(zh["staff.case.title"], { reference }));
    expect(new URL(page.url()).pathname).toBe(`/staff/cases/${reference}`);
    expect(await text(page.getByTestId("case-state"))).toBe(zh["staff.state.assigned"]);
    if (detailed) expect(await text(page.getByTestId("case-agency"))).toBe(XIHU_EM.nameZh);
    if (js) await hydrated(page);
    await submit(page, page.getByRole("button", { name: zh["staff.case.accept"], exact: true }));
    if (detailed) await page.getByRole("status").filter({ hasText: zh["staff.case.done"] }).waitFor();
    await expect.poll(() => text(page.getByTestId("case-state"))).toBe(zh["staff.state.accepted"]);
    if (detailed) expect(await page.getByRole("button", { name: zh["staff.case.accept"], exact: true }).count()).toBe(0);
  }

  async function caseRow(reference: string) {
    const [row] = await ctx().sql<{ id: string; state: string; place_code: string; sector_code: string; agency_inbox: string | null }[]>`
      select t.id, t.state, t.place_code, t.sector_code, a.inbox_email as agency_inbox
      from tips t left join agencies a on a.id = t.agency_id where t.reference = ${reference}`;
    return row;
  }

  /**
   * Emails to `address` received at `since` or later: named by the envelope or, unless
   * `envelopeOnly`, by the To header.
   */
  function mailsTo(address: string, { since = 0, envelopeOnly = false }: { since?: number; envelopeOnly?: boolean } = {}) {
    return ctx().received.filter(
      (r) =>
        r.at >= since &&
        (r.envelopeTo.includes(address) || (!envelopeOnly && [r.mail.to ?? []].flat().some((a) => a.value.some((v) => v.address?.toLowerCase() === address)))),
    );
  }

  /**
   * A staff account with a password and an enrolled authenticator, ready to sign in: tied to the
   * agency given, or to none (administrators and auditors need none).
   */
  async function enrolledStaff(
    role: "triage_officer" | "agency_officer" | "supervisor" | "hotline_operator" | "administrator",
    agency: { departmentType: string; placeCode: string } | null,
    displayName: string,
  ): Promise<Login> {
    const { sql, m } = ctx();
    let agencyId: string | null = null;
    if (agency) {
      const [a] = await sql<{ id: string }[]>`select id from agencies where department_type = ${agency.departmentType} and place_code = ${agency.placeCode}`;
      if (!a) throw new Error(`test setup: no agency ${agency.departmentType}@${agency.placeCode}`);
      agencyId = a.id;
    }
    const tag = randomBytes(4).toString("hex");
    const email = `${role.replace(/_/g, "-")}.${agency?.placeCode ?? "none"}.${tag}@staff.test.invalid`;
    const password = `test-${randomBytes(12).toString("base64url")}`;
    const [row] = await sql<{ id: string }[]>`
      insert into staff_accounts (email, display_name, role, agency_id, password_hash)
      values (${email}, ${displayName}, ${role}, ${agencyId}, ${await m.hashPassword(password)})
      returning id`;
    const secret = m.newTotpSecret();
    // The secret is encrypted bound to the account id, so it is set once the id exists.
    await sql`update staff_accounts set totp_secret_enc = ${m.encryptTotpSecret(row!.id, secret)}, totp_enrolled_at = now() where id = ${row!.id}`;
    return { email, password, totpSecret: m.secretToBase32(secret), displayName };
  }

  /** A tip at Xihu (no severity flags: it goes to the county), filed through the service layer. */
  async function fileXihuTip(description: string) {
    const filed = await ctx().m.fileTip({
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

  return { newPage, staffSignIn, routeFromQueue, acceptFromInbox, caseRow, mailsTo, enrolledStaff, fileXihuTip };
}
