/**
 * A tip's whole life after routing, in the browser and through the real server (express + the
 * Remix build), with the email worker and a real SMTP listener on loopback:
 *
 *   tipster files at /report → triage officer (password + TOTP) routes it to Xihu emergency
 *   management → the agency officer accepts, starts the investigation, concludes "属实" with a
 *   fine of 200,000 元 and a rectification order (→ 整改中), verifies the rectification with a
 *   note and an evidence photo (→ 整改已核查), closes it (→ 已办结（销号）) → the tipster, back
 *   with the receipt, sees the finding, the fine, the public summary and a reward of 30,000 元
 *   (15 % of the fine) on offer, and claims it → the administrator approves the claim at
 *   /staff/admin/rewards with the suggested amount → the tipster sees it approved. The case's
 *   ledger chain holds each transition in order, and the whole ledger verifies.
 *
 * Also: without JavaScript, a public summary carrying a mobile number is refused by the conclude
 * form, naming the number, and everything typed is kept.
 *
 * Every page runs in a context that refuses non-loopback requests (tests/support/browser.ts).
 * Run `node_modules/.bin/remix build` first: the server serves whatever is in build/.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import postgres from "postgres";
import sharp from "sharp";
import type { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authZhCN } from "../../app/i18n/auth.zh-CN";
import { caseZhCN } from "../../app/i18n/case.zh-CN";
import { rectificationZhCN } from "../../app/i18n/rectification.zh-CN";
import { rewardsZhCN } from "../../app/i18n/rewards.zh-CN";
import { staffZhCN } from "../../app/i18n/staff.zh-CN";
import { zhCN } from "../../app/i18n/zh-CN";
import { launchBrowser } from "../support/browser";
import { createJourney, expectPage, fmt, h1, hydrated, startSmtpListener, submit, text, waitFor, XIHU_EM, type Login, type Received } from "../support/journey";
import { startTestServer } from "../support/server";

const zh = { ...zhCN, ...authZhCN, ...staffZhCN, ...caseZhCN, ...rewardsZhCN, ...rectificationZhCN };

const REFERENCE = /JB\d{4}-\d{7,}/;
const RECEIPT_SHAPE = /^\d{4}( \d{4}){6}$/;
const TRIAGE_DESK = "浙江省安全生产委员会办公室";
const TIME_ZONE = "Asia/Shanghai"; // the app's default (env TIME_ZONE), in which it dates everything
const DESCRIPTION = "危化品仓库里过氧化物和易燃溶剂混放在同一个库位，温控设备坏了一个多月没人修。";
const DESCRIPTION_NOJS = "装置区的安全阀前后切断阀被关死，压力表读数已超过设计压力，班组长说先别管。";
const FINE_CNY = 200_000;
const REWARD_CNY = 30_000; // 15 % of the fine (the default reward.fine_rate_percent)
const PUBLIC_SUMMARY = "经现场核查，该企业危化品仓库将过氧化物与易燃溶剂混存、温控设施长期失效的问题属实，已依法处以罚款并责令限期整改。";
const VERIFY_NOTE = "复查时过氧化物已单独存放于专用库位，温控设备已维修并经检测合格。";
const MOBILE = "13812345678";
/** The case transitions, in the order this journey makes them (ledger actions `case.<transition>`). */
const TRANSITIONS = ["route", "accept", "start_investigation", "conclude_with_rectification", "verify_rectification", "close"];
/** The ledger of the one rectification item (docs/decisions/037), between the transitions it sits among. */
const ITEM_ENTRIES = { ordered: "case.rectification_item_ordered", verified: "case.rectification_item_verified" };
const ITEM_ACTION = "过氧化物与易燃溶剂分库存放，修复温控设施并检测合格";

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
  verifyLedger: typeof import("../../app/lib/ledger.server").verifyLedger;
  db: typeof import("../../app/lib/db.server").db;
  closeDb: typeof import("../../app/lib/db.server").closeDb;
};

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let sql: postgres.Sql;
let smtp: SMTPServer;
let stopWorker: (() => Promise<void>) | undefined;
let m: Modules;
let demo: { triage: Login; agency: Login; admin: Login };
let tmpDir: string;
let evidencePhoto: string;
const received: Received[] = [];
const contexts: BrowserContext[] = [];
const timings: Record<string, number> = {};
const { newPage, staffSignIn, routeFromQueue, acceptFromInbox, caseRow, mailsTo, enrolledStaff, fileXihuTip } = createJourney(() => ({ browser, server, sql, m, received, contexts }));

beforeAll(async () => {
  const t0 = Date.now();
  let smtpPort: number;
  ({ smtp, port: smtpPort } = await startSmtpListener(received));

  // A small real photo for the rectification evidence (the server re-encodes what it accepts).
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "canary-case-journey-"));
  evidencePhoto = path.join(tmpDir, "rectified.png");
  await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 40, g: 160, b: 90 } } })
    .png()
    .toFile(evidencePhoto);

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
    ...(await import("../../app/lib/ledger.server")),
    ...(await import("../../app/lib/db.server")),
  };
  // The email worker runs here, in the test process (the test server starts none).
  stopWorker = await m.startWorker({ connectionString: process.env.DATABASE_URL!, ...m.workerJobs(), pollInterval: 200 });
  const logins = await m.seedDemoStaff();
  const pick = (role: string): Login => {
    const l = logins.find((x) => x.role === role)!;
    return { email: l.email, password: l.password, totpSecret: l.totpSecret, displayName: l.displayName };
  };
  demo = { triage: pick("triage_officer"), agency: pick("agency_officer"), admin: pick("administrator") };
  timings.beforeAll = Date.now() - t0;
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await stopWorker?.();
  m?.resetMailer();
  await m?.closeDb();
  await sql?.end({ timeout: 5 });
  await server?.close();
  if (smtp) await new Promise<void>((resolve) => smtp.close(() => resolve()));
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
  console.log("case-journey timings (ms):", timings);
});

// ---------------------------------------------------------------------------------------------
// Helpers (the patterns of triage-journey.test.ts)
// ---------------------------------------------------------------------------------------------

/** Today and `days` later, as the app dates them (YYYY-MM-DD in its time zone). */
function localDate(days = 0) {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
/** 200000 → "200,000", as the pages format amounts in zh-CN. */
const cny = (n: number) => new Intl.NumberFormat("zh-CN", { maximumFractionDigits: 0 }).format(n);

/** One decision on the agency's case page: click `button`, expect 已保存。 and the new state. */
async function caseStep(page: Page, button: string, state: string) {
  const response = await submit(page, page.getByRole("button", { name: button, exact: true }));
  if (response.status() !== 200) {
    const alert = page.locator("main [role=alert]").first();
    const said = await alert.waitFor({ timeout: 2_000 }).then(() => text(alert), () => (response.text().catch(() => "")));
    throw new Error(`${button} answered ${response.status()}: ${said}`);
  }
  await page.getByRole("status").filter({ hasText: zh["staff.case.done"] }).waitFor();
  await expect.poll(() => text(page.getByTestId("case-state"))).toBe(state);
  expect(await page.locator("main [role=alert]").count()).toBe(0);
}

/** Fills the 办理结论 form: 属实, rectification (one item, in the first of the list's rows) by `dueOn`, a fine, and `summary`. */
async function fillConclusion(page: Page, dueOn: string, summary: string) {
  await page.getByLabel(zh["case.finding.substantiated"], { exact: true }).check();
  await page.getByLabel(zh["case.action.rectification"], { exact: true }).check();
  await page.locator('[name="items[0].action"]').fill(ITEM_ACTION);
  await page.locator('[name="items[0].responsibleRole"]').selectOption("principal");
  await page.locator('[name="items[0].dueOn"]').fill(dueOn);
  await page.getByLabel(zh["case.action.fineCny"], { exact: true }).fill(String(FINE_CNY));
  await page.getByLabel(zh["case.summary.zh"], { exact: true }).fill(summary);
}

/** The tipster signs in at /status with the receipt. */
async function tipsterSignIn(page: Page, receipt: string, reference: string) {
  await page.goto(`${server.url}/status`);
  await h1(page, zh["status.title"]).waitFor();
  await hydrated(page);
  await page.getByLabel(zh["status.receipt"], { exact: true }).fill(receipt);
  await submit(page, page.getByRole("button", { name: zh["status.signin"], exact: true }));
  await page.getByTestId("reference").waitFor();
  expect(await text(page.getByTestId("reference"))).toBe(reference);
}

// ---------------------------------------------------------------------------------------------
// Journeys
// ---------------------------------------------------------------------------------------------

describe("a case from filing to the reward (JavaScript on)", () => {
  it("file → route → accept → investigate → conclude (整改中) → verify → close → tipster claims 30,000 元 → admin approves", async () => {
    const t0 = Date.now();
    const blockedAll: string[][] = [];
    const errorsAll: string[][] = [];
    const track = (p: Awaited<ReturnType<typeof newPage>>) => {
      blockedAll.push(p.blocked);
      errorsAll.push(p.pageErrors);
      return p.page;
    };
    const dueOn = localDate(10);

    // 1. The tipster files through /report (not a major hazard: it goes to the county) and keeps the receipt.
    const tipster = track(await newPage());
    let page = tipster;
    await page.goto(`${server.url}/report`);
    await h1(page, zh["report.title"]).waitFor();
    await hydrated(page);
    await page.getByLabel(zh["report.sector"], { exact: true }).selectOption("hazardous_chemicals");
    await page.getByLabel(zh["report.province"], { exact: true }).selectOption({ label: "浙江省" });
    await page.getByLabel(zh["report.city"], { exact: true }).selectOption({ label: "杭州市" });
    await page.getByLabel(zh["report.county"], { exact: true }).selectOption({ label: "西湖区" });
    expect(await page.getByLabel(zh["report.county"], { exact: true }).inputValue()).toBe(XIHU_EM.placeCode);
    expect(await page.getByLabel(zh["report.majorHazard"], { exact: true }).isChecked()).toBe(false);
    await page.getByLabel(zh["report.description"], { exact: true }).fill(DESCRIPTION);
    await submit(page, page.getByRole("button", { name: zh["report.submit"], exact: true }));
    await h1(page, zh["receipt.title"]).waitFor();
    const receipt = await text(page.getByTestId("receipt"));
    expect(receipt).toMatch(RECEIPT_SHAPE);
    const lead = (await page.locator(".filed p", { hasText: zh["receipt.lead"].split("{reference}")[0]! }).first().textContent()) ?? "";
    const reference = REFERENCE.exec(lead)?.[0];
    if (!reference) throw new Error(`no reference in the receipt page's lead: ${lead}`);
    const tipId = (await caseRow(reference))!.id;
    timings.file = Date.now() - t0;

    // 2. The triage officer signs in with TOTP and routes it to Xihu emergency management.
    let t = Date.now();
    page = track(await newPage());
    await staffSignIn(page, demo.triage, true, TRIAGE_DESK);
    await routeFromQueue(page, reference, true);
    expect(await caseRow(reference)).toMatchObject({ state: "assigned", agency_inbox: XIHU_EM.inbox });
    timings.triage = Date.now() - t;

    // 3. The agency officer: accept, investigate, conclude, verify, close.
    t = Date.now();
    const agency = track(await newPage());
    page = agency;
    await staffSignIn(page, demo.agency, true, XIHU_EM.nameZh);
    await acceptFromInbox(page, reference, true);

    await hydrated(page);
    await caseStep(page, zh["case.investigate.submit"], zh["staff.state.investigating"]);

    // 办理结论: 属实, fine 200,000 元, rectification within 10 days, a public summary.
    await page.getByRole("heading", { level: 2, name: zh["case.conclude.title"], exact: true }).waitFor();
    await fillConclusion(page, dueOn, PUBLIC_SUMMARY);
    await caseStep(page, zh["case.conclude.submit"], zh["staff.state.rectifying"]);
    const outcome = page.getByTestId("case-outcome");
    await outcome.waitFor();
    const outcomeText = await text(outcome);
    expect(outcomeText).toContain(zh["case.finding.substantiated"]);
    expect(outcomeText).toContain(fmt(zh["case.outcome.rectification"], { date: dueOn }));
    expect(outcomeText).toContain(fmt(zh["case.outcome.fine"], { amount: cny(FINE_CNY) }));
    expect(outcomeText).toContain(PUBLIC_SUMMARY);
    const [outcomeRow] = await sql`select finding, fine_cny, rectification_ordered, rectification_due_on::text as due_on, public_summary_zh from case_outcomes where tip_id = ${tipId}`;
    expect(outcomeRow).toMatchObject({ finding: "substantiated", rectification_ordered: true, due_on: dueOn, public_summary_zh: PUBLIC_SUMMARY });
    expect(Number(outcomeRow!.fine_cny)).toBe(FINE_CNY);
    // The conclusion form is gone; the verification form is offered.
    expect(await page.getByRole("button", { name: zh["case.conclude.submit"], exact: true }).count()).toBe(0);

    // 整改核查 of the one item: a note and one photo.
    await page.getByRole("heading", { level: 2, name: zh["rectification.title"], exact: true }).waitFor();
    await page.getByLabel(zh["case.verify.note"], { exact: true }).fill(VERIFY_NOTE);
    const evidenceInput = page.locator("#item_verify_1-evidence");
    // Shown after a client-side revalidation (rendered by the browser, not the server): it must still carry its name, or no file is sent.
    expect(await evidenceInput.getAttribute("name"), "the evidence file input has no name in the browser-rendered form").toBe("evidence");
    await evidenceInput.setInputFiles(evidencePhoto);
    await caseStep(page, zh["rectification.verify.submit"], zh["staff.state.verified"]);
    await expect.poll(() => text(page.getByTestId("case-outcome"))).toContain(VERIFY_NOTE);
    expect(await text(page.getByTestId("case-outcome"))).toContain(zh["case.outcome.verifiedOn"]);
    const [{ n: staffFiles }] = (await sql`select count(*)::int as n from attachments where tip_id = ${tipId} and origin = 'staff'`) as unknown as [{ n: number }];
    expect(staffFiles).toBe(1);

    // 销号.
    await page.getByRole("heading", { level: 2, name: zh["case.close.title"], exact: true }).waitFor();
    await caseStep(page, zh["case.close.submit"], zh["staff.state.closed"]);
    expect((await caseRow(reference))!.state).toBe("closed");
    for (const b of [zh["rectification.verify.submit"], zh["case.close.submit"], zh["case.investigate.submit"]]) {
      expect(await page.getByRole("button", { name: b, exact: true }).count(), b).toBe(0);
    }
    timings.agency = Date.now() - t;

    // 4. The tipster comes back: the outcome, the public summary, and a reward on offer; claims it.
    t = Date.now();
    page = track(await newPage());
    const back = page;
    await tipsterSignIn(page, receipt, reference);
    expect(await text(page.getByTestId("public-status"))).toBe(zh["status.public.closed"]);
    expect(await text(page.getByTestId("agency"))).toBe(XIHU_EM.nameZh);
    const steps = (await page.getByTestId("steps").locator("li").allTextContents()).map((s) => s.replace(/^\d{4}-\d{2}-\d{2}\s*/, "").trim());
    expect(steps).toEqual(["submitted", "assigned", "accepted", "concluded", "closed"].map((s) => zh[`status.step.${s}` as keyof typeof zh]));
    expect(await text(page.getByTestId("finding"))).toBe(zh["status.finding.substantiated"]);
    const actions = (await page.getByTestId("actions").locator("li").allTextContents()).map((s) => s.trim());
    expect(actions).toEqual([fmt(zh["status.action.rectificationDue"], { dueOn }), fmt(zh["status.action.fine"], { amount: cny(FINE_CNY) })]);
    expect(await text(page.getByTestId("public-summary"))).toBe(PUBLIC_SUMMARY);
    // The rectification item: what, and verified on which day — not who.
    expect(await text(page.getByTestId("status-rectification-items").locator("li"))).toBe(`${ITEM_ACTION} — ${fmt(zh["status.items.verified"], { on: localDate() })}`);
    // The staff's verification note is internal to the case: it is not shown to the tipster.
    expect(await page.content()).not.toContain(VERIFY_NOTE);

    const reward = page.getByTestId("reward");
    expect(await text(reward)).toContain(fmt(zh["status.reward.lead"], { amount: cny(REWARD_CNY) }));
    expect(await page.getByTestId("reward-claim").count()).toBe(0);
    await submit(page, reward.getByRole("button", { name: zh["status.reward.claim"], exact: true }));
    await reward.getByRole("status").filter({ hasText: zh["status.reward.claimed"] }).waitFor();
    const claim = page.getByTestId("reward-claim");
    await expect.poll(() => claim.getAttribute("data-state").catch(() => null)).toBe("requested");
    expect(await text(claim)).toBe(fmt(zh["status.reward.requested"], { on: localDate(), amount: cny(REWARD_CNY) }));
    expect(await reward.getByRole("button", { name: zh["status.reward.claim"], exact: true }).count()).toBe(0);
    const [claimRow] = await sql`select state, suggested_cny from reward_claims where tip_id = ${tipId}`;
    expect(claimRow).toMatchObject({ state: "requested" });
    expect(Number(claimRow!.suggested_cny)).toBe(REWARD_CNY);
    timings.tipsterClaim = Date.now() - t;

    // 5. The administrator approves the claim with the suggested amount.
    t = Date.now();
    const mailsBefore = mailsTo(XIHU_EM.inbox, { envelopeOnly: true }).length;
    page = track(await newPage());
    await staffSignIn(page, demo.admin, true, null);
    await page.locator("nav.staff-nav").getByRole("link", { name: zh["staff.nav.rewards"], exact: true }).click();
    await expectPage(page, zh["rewards.title"]);
    expect(new URL(page.url()).pathname).toBe("/staff/admin/rewards");
    await hydrated(page);
    const card = page.locator("section.card", { has: page.getByRole("heading", { level: 2, name: reference, exact: true }) });
    expect(await card.count()).toBe(1);
    const cardText = await text(card);
    expect(cardText).toContain(fmt(zh["rewards.amount"], { amount: cny(REWARD_CNY) }));
    expect(cardText).toContain(XIHU_EM.nameZh);
    expect(cardText).toContain(zh["rewards.finding.substantiated"]);
    expect(cardText).toContain(fmt(zh["rewards.fine"], { amount: cny(FINE_CNY) }));
    expect(cardText).toContain(PUBLIC_SUMMARY);
    const amount = card.getByLabel(zh["rewards.approve.amount"], { exact: true });
    expect(await amount.inputValue()).toBe(String(REWARD_CNY));
    const approveResponse = await submit(page, card.getByRole("button", { name: zh["rewards.approve.submit"], exact: true }));
    expect(approveResponse.status()).toBe(200);
    await page.getByRole("status").filter({ hasText: zh["rewards.done.approve"] }).waitFor();
    // Decided: no longer among the claims waiting.
    await expect.poll(() => card.count()).toBe(0);
    timings.admin = Date.now() - t;

    // The agency's inbox is told of the decision (never the tipster).
    await waitFor("the reward decision email", () => mailsTo(XIHU_EM.inbox, { envelopeOnly: true }).slice(mailsBefore).some((r) => (r.mail.subject ?? "").includes(reference)));

    // 6. The tipster's page shows the claim approved.
    page = back;
    await page.goto(`${server.url}/status`);
    await page.getByTestId("reference").waitFor();
    await expect.poll(() => page.getByTestId("reward-claim").getAttribute("data-state")).toBe("approved");
    expect(await text(page.getByTestId("reward-claim"))).toBe(fmt(zh["status.reward.approved"], { amount: cny(REWARD_CNY) }));
    const [decided] = await sql`select state, approved_cny from reward_claims where tip_id = ${tipId}`;
    expect(decided).toMatchObject({ state: "approved" });
    expect(Number(decided!.approved_cny)).toBe(REWARD_CNY);

    // 7. The case's ledger: every transition, in order; the whole ledger verifies.
    const chain = await sql<{ action: string; seq: number }[]>`select action, seq from ledger_entries where chain = ${`tip:${tipId}`} order by seq`;
    const chainActions = chain.map((e) => e.action);
    // Acceptance also puts the accepting officer in charge (承办人, issue 15): case.assigned right after case.accept;
    // the one rectification item is ordered with the conclusion and verified before the case (docs/decisions/037).
    const transitions = TRANSITIONS.flatMap((a) => (a === "accept" ? ["case.accept", "case.assigned"] : [`case.${a}`]));
    const concluded = transitions.indexOf("case.conclude_with_rectification") + 1;
    expect(chainActions).toEqual(["tip.submitted", ...transitions.slice(0, concluded), ITEM_ENTRIES.ordered, ITEM_ENTRIES.verified, ...transitions.slice(concluded), "reward.claimed", "reward.approved"]);
    expect(chain.map((e) => e.seq)).toEqual(chain.map((_, i) => chain[0]!.seq + i));
    expect((await m.verifyLedger(m.db())).problem).toBeNull();

    // No page of the journey asked for anything beyond loopback, and none logged an error.
    expect(blockedAll.flat()).toEqual([]);
    expect(errorsAll.flat()).toEqual([]);
    timings.journey = Date.now() - t0;
  });
});

describe("the conclude form without JavaScript", () => {
  it("refuses a public summary with a mobile number, naming it, and keeps what was typed", async () => {
    const t0 = Date.now();
    const reference = await fileXihuTip(DESCRIPTION_NOJS);
    const [triageLogin, agencyLogin] = await Promise.all([
      enrolledStaff("triage_officer", { departmentType: "safety_committee", placeCode: "330000" }, "无脚本受理员"),
      enrolledStaff("agency_officer", XIHU_EM, "无脚本承办人"),
    ]);

    const triage = await newPage({ javaScriptEnabled: false });
    await staffSignIn(triage.page, triageLogin, false, TRIAGE_DESK);
    await routeFromQueue(triage.page, reference, false);

    const { page, blocked } = await newPage({ javaScriptEnabled: false });
    await staffSignIn(page, agencyLogin, false, XIHU_EM.nameZh);
    await acceptFromInbox(page, reference, false);
    await caseStep(page, zh["case.investigate.submit"], zh["staff.state.investigating"]);

    const dueOn = localDate(10);
    const summary = `经现场核查，举报反映的安全阀切断阀被关闭问题属实，联系人电话${MOBILE}，已责令整改。`;
    await fillConclusion(page, dueOn, summary);
    const response = await submit(page, page.getByRole("button", { name: zh["case.conclude.submit"], exact: true }));
    expect(response.status()).toBe(400);
    await expectPage(page, fmt(zh["staff.case.title"], { reference }));

    // The message sits with the summary field and names the number.
    const error = page.locator("#conclude-publicSummaryZh-error");
    expect(await text(error)).toBe(fmt(zh["errors.publicSummary.mobile"], { n: MOBILE }));
    expect(await page.getByRole("status").filter({ hasText: zh["staff.case.done"] }).count()).toBe(0);

    // Everything typed is still there.
    expect(await page.getByLabel(zh["case.summary.zh"], { exact: true }).inputValue()).toBe(summary);
    expect(await page.getByLabel(zh["case.finding.substantiated"], { exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel(zh["case.action.rectification"], { exact: true }).isChecked()).toBe(true);
    expect(await page.locator('[name="items[0].action"]').inputValue()).toBe(ITEM_ACTION);
    expect(await page.locator('[name="items[0].dueOn"]').inputValue()).toBe(dueOn);
    expect(await page.getByLabel(zh["case.action.fineCny"], { exact: true }).inputValue()).toBe(String(FINE_CNY));

    // Nothing was saved.
    expect(await text(page.getByTestId("case-state"))).toBe(zh["staff.state.investigating"]);
    const row = (await caseRow(reference))!;
    expect(row.state).toBe("investigating");
    expect(await sql`select 1 from case_outcomes where tip_id = ${row.id}`).toHaveLength(0);

    expect([...triage.blocked, ...blocked]).toEqual([]);
    timings.noJsConclude = Date.now() - t0;
  });
});
