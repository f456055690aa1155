/**
 * Issue 15 part C, in the browser through the real server (ADR 038): a supervisor of the
 * supervising agency publishes a public notice of a supervised major hazard on the case page
 * (without JavaScript after listing the case for supervision there; a refusal first keeps what
 * was typed), a member of the public reads it on /notices — with
 * JavaScript off in Chinese, on in English (the page is sent no script either way, ADR 039),
 * reached from the home page — and, after close-out,
 * the supervisor lifts it and /notices shows it lifted with the date. Publishing is done once
 * with JavaScript off and once on (two cases), lifting with JavaScript on.
 *
 * The cases are brought to "major hazard, listed for supervision" through the services (routing,
 * acceptance, a supervision note) and closed out through them too; the browser does the notice.
 * Run `node_modules/.bin/remix build` first: the server serves whatever is in build/.
 */
import { randomBytes } from "node:crypto";
import type { Browser, BrowserContext, Page } from "playwright-core";
import postgres from "postgres";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authZhCN } from "../../app/i18n/auth.zh-CN";
import { noticesEn } from "../../app/i18n/notices.en";
import { noticesZhCN } from "../../app/i18n/notices.zh-CN";
import { staffZhCN } from "../../app/i18n/staff.zh-CN";
import { zhCN } from "../../app/i18n/zh-CN";
import type { StaffContext } from "../../app/lib/staff-session.server";
import { acceptedCase, staffMember, type BuiltTip } from "../support/builders";
import { launchBrowser } from "../support/browser";
import { createJourney, expectPage, fmt, h1, hydrated, submit, text, type Login, type Received } from "../support/journey";
import { startTestServer } from "../support/server";

const zh = { ...zhCN, ...authZhCN, ...staffZhCN, ...noticesZhCN };
const en = noticesEn;
const RUN = randomBytes(3).toString("hex");
const EM = "emergency_management";
const CITY_EM = "杭州市应急管理局";
const NOTICE_ZH = `该企业储罐区可燃气体报警装置被拆除，构成重大事故隐患，现予挂牌督办，责令限期整改。${RUN}`;
const NOTICE_EN = `Gas detectors were removed at the tank farm: a major accident hazard, listed for supervision. ${RUN}`;
const LIFT_NOTE = `隐患已整改完毕，经复查合格，案件已销号。${RUN}`;

type Modules = import("../support/journey").JourneyModules & {
  db: typeof import("../../app/lib/db.server").db;
  closeDb: typeof import("../../app/lib/db.server").closeDb;
  setSupervision: typeof import("../../app/services/set-supervision.server").setSupervision;
  concludeCase: typeof import("../../app/services/case-conclude.server").concludeCase;
  verifyRectification: typeof import("../../app/services/case-verify-rectification.server").verifyRectification;
  closeCase: typeof import("../../app/services/case-close.server").closeCase;
  concludeSchema: typeof import("../../app/forms/case").concludeSchema;
};

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let sql: postgres.Sql;
let m: Modules;
let supervisor: Login;
let officer: StaffContext;
const received: Received[] = [];
const contexts: BrowserContext[] = [];
const { newPage, staffSignIn } = createJourney(() => ({ browser, server, sql, m, received, contexts }));
const cases: { js: boolean; subject: string; tip: BuiltTip }[] = [];

/** A major-hazard case at 西湖区, held by 西湖区应急管理局 and listed for supervision by a supervisor's note. */
async function supervisedCase(subject: string, listed = true): Promise<BuiltTip> {
  const desk = await staffMember("triage_officer", "safety_committee", "330000");
  const [xihu] = await sql<{ id: string }[]>`select id from agencies where department_type = ${EM} and place_code = '330106'`;
  const tip = await acceptedCase(desk, officer, { tip: { majorHazard: true, companyName: subject }, route: { agencyId: xihu!.id, reason: "属地企业，由区应急管理局办理" }, investigating: true });
  if (listed) await m.setSupervision(await staffMember("supervisor", EM, "330100"), tip.reference, { note: "重大事故隐患，挂牌督办" });
  return tip;
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
    ...(await import("../../app/services/set-supervision.server")),
    ...(await import("../../app/services/case-conclude.server")),
    ...(await import("../../app/services/case-verify-rectification.server")),
    ...(await import("../../app/services/case-close.server")),
    ...(await import("../../app/forms/case")),
  };
  const { enrolledStaff } = createJourney(() => ({ browser, server, sql, m, received, contexts }));
  supervisor = await enrolledStaff("supervisor", { departmentType: EM, placeCode: "330100" }, `督办人${RUN}`);
  officer = await staffMember("agency_officer", EM, "330106");
  for (const js of [false, true]) {
    const subject = `杭州${RUN}${js ? "乙" : "甲"}化工有限公司`;
    // Without JavaScript the supervisor lists the case for supervision on the case page first.
    cases.push({ js, subject, tip: await supervisedCase(subject, js) });
  }
}, 120_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await m?.closeDb();
  await sql?.end({ timeout: 5 });
  await server?.close();
});

async function openCase(page: Page, reference: string, js: boolean) {
  await page.goto(`${server.url}/staff/cases/${reference}`);
  await expectPage(page, fmt(zh["staff.case.title"], { reference }));
  if (js) await hydrated(page);
  return page.getByTestId("public-notice");
}

/** The notice of `subject` on /notices as a reader sees it. */
function noticeOn(page: Page, subject: string) {
  return page.getByTestId("notice").filter({ has: page.getByRole("heading", { level: 2, name: new RegExp(subject) }) });
}

describe("a public notice of a supervised major hazard", () => {
  for (const js of [false, true]) {
    it(`a supervisor publishes it on the case page (JavaScript ${js ? "on" : "off"}); a refusal keeps what was typed`, async () => {
      const { subject, tip } = cases.find((c) => c.js === js)!;
      const { page, pageErrors } = await newPage({ javaScriptEnabled: js });
      await staffSignIn(page, supervisor, js, CITY_EM);
      const section = await openCase(page, tip.reference, js);
      await section.getByRole("heading", { name: zh["case.notice.title"] }).waitFor();
      if (!js) {
        // Not listed yet: the section says so and offers the listing (a supervision note).
        expect(await text(section)).toContain(fmt(zh["case.notice.notOffered"], { reason: zh["errors.notice.not_listed"] }));
        expect(await section.getByRole("button", { name: zh["case.notice.submit"], exact: true }).count()).toBe(0);
        await section.getByLabel(zh["case.notice.list.note"], { exact: true }).fill("重大事故隐患，列入督办。");
        await submit(page, section.getByRole("button", { name: zh["case.notice.list.submit"], exact: true }));
        await page.getByRole("status").filter({ hasText: zh["staff.case.done"] }).waitFor();
      }
      // Prefilled: the company named in the tip, for the supervisor to check, and a deadline.
      const subjectField = section.getByLabel(zh["case.notice.subject"], { exact: true });
      expect(await subjectField.inputValue()).toBe(subject);
      expect(await section.getByLabel(zh["case.notice.dueOn"], { exact: true }).inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      await section.getByLabel(zh["case.notice.textZh"], { exact: true }).fill(NOTICE_ZH);
      await section.getByLabel(zh["case.notice.textEn"], { exact: true }).fill(NOTICE_EN);
      // Not confirmed: refused on the checkbox, everything typed kept.
      const response = await submit(page, section.getByRole("button", { name: zh["case.notice.submit"], exact: true }));
      expect(response.status()).toBe(400);
      const again = page.getByTestId("public-notice");
      await again.getByText(zh["errors.notice.confirmSubject"]).waitFor();
      expect(await again.getByLabel(zh["case.notice.textZh"], { exact: true }).inputValue()).toBe(NOTICE_ZH);
      expect(await again.getByLabel(zh["case.notice.subject"], { exact: true }).inputValue()).toBe(subject);

      await again.getByLabel(zh["case.notice.confirmSubject"], { exact: true }).check();
      if (js) await hydrated(page);
      const done = await submit(page, again.getByRole("button", { name: zh["case.notice.submit"], exact: true }));
      expect(done.status()).toBeLessThan(400);
      await page.getByRole("status").filter({ hasText: zh["staff.case.done"] }).waitFor();
      const list = page.getByTestId("case-notices");
      await expect.poll(() => text(list)).toContain(fmt(zh["case.notice.subjectShown"], { subject }));
      expect(await text(list)).toContain(NOTICE_ZH);
      // Published once: the form is gone.
      expect(await page.getByRole("button", { name: zh["case.notice.submit"], exact: true }).count()).toBe(0);
      // The refusal's 400 is the browser's only complaint.
      expect(pageErrors.filter((e) => !e.includes("status of 400"))).toEqual([]);
    });
  }

  it("a member of the public finds it from the home page and reads it on /notices without JavaScript, in Chinese", async () => {
    const { page } = await newPage({ javaScriptEnabled: false });
    await page.goto(`${server.url}/`);
    await page.getByRole("link", { name: zh["home.notices"], exact: true }).click();
    await h1(page, zh["notices.title"]).waitFor();
    expect(new URL(page.url()).pathname).toBe("/notices");
    for (const { subject, tip } of cases) {
      const notice = noticeOn(page, subject);
      expect(await notice.count()).toBe(1);
      const said = await text(notice);
      expect(said).toContain(zh["notices.standing.current"]);
      expect(said).toContain("西湖区");
      expect(said).toContain(CITY_EM);
      expect(said).toContain(NOTICE_ZH);
      expect(await text(notice.getByTestId("notice-progress"))).toBe(zh["notices.progress.investigating"]);
      // Nothing of the tip: not its reference, not its text.
      expect(said).not.toContain(tip.reference);
    }
    expect(await text(page.locator("main"))).not.toContain("装卸作业");
    // On a phone (390 px) nothing scrolls sideways; each notice's height is printed.
    await page.setViewportSize({ width: 390, height: 844 });
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    const heights = await page.getByTestId("notice").evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().height)));
    console.log(`/notices at 390 px (zh-CN, no JavaScript): notice heights ${heights.join(", ")} px`);
    // The province filter, by GET.
    await page.getByLabel(zh["notices.filter.province"], { exact: true }).selectOption("320000");
    await page.getByRole("button", { name: zh["notices.filter.apply"], exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get("province") === "320000");
    expect(await noticeOn(page, cases[0]!.subject).count()).toBe(0);
    await page.getByText(zh["notices.empty"]).waitFor();
  });

  it("reads it with JavaScript in English", async () => {
    const { context, page, pageErrors } = await newPage({ javaScriptEnabled: true });
    await context.addCookies([{ name: "lang", value: "en", url: server.url }]);
    await page.goto(`${server.url}/notices`);
    await h1(page, en["notices.title"]).waitFor();
    const notice = noticeOn(page, cases[1]!.subject);
    const said = await text(notice);
    expect(said).toContain(en["notices.standing.current"]);
    expect(said).toContain(NOTICE_EN);
    expect(said).toContain("Xihu District");
    expect(await text(notice.getByTestId("notice-progress"))).toBe(en["notices.progress.investigating"]);
    expect(pageErrors).toEqual([]);
  });

  it("after close-out the supervisor lifts it (JavaScript on), and /notices shows it lifted with the date", async () => {
    const { subject, tip } = cases[0]!;
    const { page, pageErrors } = await newPage({ javaScriptEnabled: true });
    await staffSignIn(page, supervisor, true, CITY_EM);
    // Before close-out: no lift form.
    let section = await openCase(page, tip.reference, true);
    expect(await section.getByRole("button", { name: zh["case.notice.lift.submit"], exact: true }).count()).toBe(0);

    // The agency concludes with one rectification item, verifies it with evidence and closes the case (销号).
    const dueOn = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const input = m.concludeSchema.parse({
      finding: "substantiated",
      rectificationOrdered: "on",
      items: [{ action: "重新安装储罐区可燃气体报警器并联网", responsibleRole: "principal", dueOn }],
      publicSummaryZh: "经核查，该企业储罐区可燃气体报警器确被拆除，已责令限期整改。",
    });
    await m.concludeCase(officer, tip.reference, input);
    const photo = await sharp({ create: { width: 16, height: 12, channels: 3, background: "#3366cc" } })
      .png()
      .toBuffer();
    await m.verifyRectification(officer, tip.reference, { note: "现场复查：报警器已重新安装并联网。", evidence: { files: [photo] } });
    await m.closeCase(officer, tip.reference);

    section = await openCase(page, tip.reference, true);
    await section.getByLabel(zh["case.notice.lift.note"], { exact: true }).fill(LIFT_NOTE);
    await submit(page, section.getByRole("button", { name: zh["case.notice.lift.submit"], exact: true }));
    await page.getByRole("status").filter({ hasText: zh["staff.case.done"] }).waitFor();
    await expect.poll(() => text(page.getByTestId("case-notice-lifted"))).toContain(LIFT_NOTE);
    expect(pageErrors).toEqual([]);

    const [row] = await sql<{ published: string; lifted: string }[]>`select published_on::text as published, lifted_on::text as lifted from public_notices where subject = ${subject}`;
    for (const js of [false, true]) {
      const reader = await newPage({ javaScriptEnabled: js });
      await reader.page.goto(`${server.url}/notices`);
      await h1(reader.page, zh["notices.title"]).waitFor();
      const notice = noticeOn(reader.page, subject);
      expect(await notice.getAttribute("data-standing")).toBe("lifted");
      const said = await text(notice);
      expect(said).toContain(zh["notices.standing.lifted"]);
      expect(said).toContain(LIFT_NOTE);
      expect(await text(notice.getByTestId("notice-dates"))).toBe(fmt(zh["notices.lifted_line"], { published: row!.published, lifted: row!.lifted }));
      // Its rectification item, verified, by number, state and deadline (docs/decisions/037).
      expect(await text(notice.getByTestId("notice-progress"))).toBe(fmt(zh["notices.progress.item"], { position: "1", state: zh["notices.item.verified"], dueOn }));
      // The other notice is still current.
      expect(await noticeOn(reader.page, cases[1]!.subject).getAttribute("data-standing")).toBe("current");
      expect(reader.pageErrors).toEqual([]);
    }
  });
});
