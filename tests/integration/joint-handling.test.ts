/**
 * Joint handling (联办, issue #13): the lead agency asks another agency to contribute; the
 * contributing agency sees the case (page, inbox, count), adds notes and evidence and marks its
 * part done; the lead concludes only when no ask is open; withdrawn contributors lose sight; an
 * agency of an implicated region is never asked and never sees the case, even when the
 * implication is set after the ask; the ask's email reaches the contributor's inbox only.
 */
import { randomBytes } from "node:crypto";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError, errorMessageOf } from "../../app/lib/app-error";
import type { StaffContext } from "../../app/lib/staff-session.server";
import { acceptedCase, DEFAULT_SUMMARY, staffMember } from "../support/builders";
import { replyDone, replyErrors, settle } from "../support/replies";
import { signedInCookie, staffBehindCookie } from "../support/staff";

type M = typeof import("../../app/lib/db.server") &
  typeof import("../../app/services/case-record.server") &
  typeof import("../../app/services/agency-inbox.server") &
  typeof import("../../app/services/case-add-note.server") &
  typeof import("../../app/services/case-add-evidence.server") &
  typeof import("../../app/services/case-conclude.server") &
  typeof import("../../app/services/case-request-extension.server") &
  typeof import("../../app/services/case-ask-contribution.server") &
  typeof import("../../app/services/case-withdraw-contribution.server") &
  typeof import("../../app/services/case-complete-contribution.server") &
  typeof import("../../app/services/case-visibility.server") &
  typeof import("../../app/services/case-contributions.server") &
  typeof import("../../app/domain/permissions") &
  typeof import("../../app/forms/case") &
  typeof import("../../db/schema/index") & {
    casePage: typeof import("../../app/routes/staff.cases.$reference");
    drizzle: typeof import("drizzle-orm");
  };
let m: M;

let desk106: StaffContext; // 西湖区安委办 triage desk
let desk100: StaffContext; // 杭州市安委办 triage desk (routes the tips implicating 西湖区)
let em106: StaffContext; // 西湖区应急管理局 officer: the lead
let em100: StaffContext; // 杭州市应急管理局 officer: the lead of a tip implicating 西湖区
let eco106: StaffContext; // 西湖区生态环境 officer: asked to contribute
let supEco100: StaffContext; // 杭州市生态环境局 supervisor: above the contributor
let eco100: StaffContext; // 杭州市生态环境局 officer
let hc106: StaffContext; // 西湖区住房和城乡建设 officer: never asked

beforeAll(async () => {
  m = {
    ...(await import("../../app/lib/db.server")),
    ...(await import("../../app/services/case-record.server")),
    ...(await import("../../app/services/agency-inbox.server")),
    ...(await import("../../app/services/case-add-note.server")),
    ...(await import("../../app/services/case-add-evidence.server")),
    ...(await import("../../app/services/case-conclude.server")),
    ...(await import("../../app/services/case-request-extension.server")),
    ...(await import("../../app/services/case-ask-contribution.server")),
    ...(await import("../../app/services/case-withdraw-contribution.server")),
    ...(await import("../../app/services/case-complete-contribution.server")),
    ...(await import("../../app/services/case-visibility.server")),
    ...(await import("../../app/services/case-contributions.server")),
    ...(await import("../../app/domain/permissions")),
    ...(await import("../../app/forms/case")),
    ...(await import("../../db/schema/index")),
    casePage: await import("../../app/routes/staff.cases.$reference"),
    drizzle: await import("drizzle-orm"),
  };
  [desk106, desk100, em106, em100, eco106, supEco100, eco100, hc106] = await Promise.all([
    staffMember("triage_officer", "safety_committee", "330106"),
    staffMember("triage_officer", "safety_committee", "330100"),
    staffMember("agency_officer", "emergency_management", "330106", { displayName: "牵头承办人" }),
    staffMember("agency_officer", "emergency_management", "330100"),
    staffMember("agency_officer", "ecology_environment", "330106", { displayName: "协办承办人" }),
    staffMember("supervisor", "ecology_environment", "330100"),
    staffMember("agency_officer", "ecology_environment", "330100"),
    staffMember("agency_officer", "housing_construction", "330106"),
  ]);
});
afterAll(async () => {
  await m?.closeDb();
});

const ORIGIN = "http://canary.test";
const CONTEXT = { clientAddress: "203.0.113.9" };
const RUN = randomBytes(3).toString("hex");
let n = 0;
const tipOf = (o: { implicated?: "county" } = {}) => {
  const i = ++n;
  return {
    tip: {
      companyName: `联办测试${RUN}第${i}号化工有限公司`,
      content: { description: `JOINT-${RUN}-${i} 化工厂储罐泄漏，废水经暗管排入河道。`, address: "工业园东门" },
      ...(o.implicated ? { officialsImplicated: true, implicatedLevel: o.implicated } : {}),
    },
    captcha: "verified" as const,
    investigating: true,
  };
};

async function session(staff: StaffContext) {
  const cookie = await signedInCookie(staff.staffId);
  const { csrf } = await staffBehindCookie(cookie);
  return { cookie, csrf };
}
async function postCase(staff: StaffContext, reference: string, fields: Record<string, string>) {
  const { cookie, csrf } = await session(staff);
  const request = new Request(`${ORIGIN}/staff/cases/${reference}`, { method: "POST", body: new URLSearchParams({ ...fields, csrf }), headers: { cookie } });
  return settle(() => m.casePage.action({ request, params: { reference }, context: CONTEXT }));
}
async function loadCase(staff: StaffContext, reference: string) {
  const { cookie } = await session(staff);
  return settle(() => m.casePage.loader({ request: new Request(`${ORIGIN}/staff/cases/${reference}`, { headers: { cookie } }), params: { reference }, context: CONTEXT }));
}
async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return `${e.status} ${errorMessageOf(e)}`;
    throw e;
  }
  throw new Error("expected a refusal, but the call succeeded");
}
const inboxRefs = async (staff: StaffContext, reference: string) => (await m.listAgencyInbox(staff, { q: reference })).rows.map((r) => r.reference);
async function visibleCount(staff: StaffContext, reference: string): Promise<number> {
  const { and, eq, sql } = m.drizzle;
  const [row] = await m
    .db()
    .select({ n: sql<number>`count(*)::int` })
    .from(m.tips)
    .where(and(eq(m.tips.reference, reference), m.visibleCases(staff)));
  return row!.n;
}
/** Everything an officer could notice of the case: the page, the inbox list, the count. */
async function noticed(staff: StaffContext, reference: string): Promise<string[]> {
  const seen: string[] = [];
  if ((await loadCase(staff, reference)).status === 200) seen.push("page");
  if ((await inboxRefs(staff, reference)).includes(reference)) seen.push("inbox");
  if ((await visibleCount(staff, reference)) > 0) seen.push("count");
  return seen;
}
const ALL = ["page", "inbox", "count"];
const photo = () => sharp({ create: { width: 16, height: 12, channels: 3, background: "#3366cc" } }).png().toBuffer();
const conclusion = () => m.concludeSchema.parse({ finding: "unsubstantiated", publicSummaryZh: DEFAULT_SUMMARY });
async function ledgerActions(tipId: string) {
  const rows = await m.sqlClient()`select action, actor_id::text as actor, details from ledger_entries where chain = ${"tip:" + tipId} and action like 'case.contribution_%' order by seq`;
  return rows.map((r) => ({ action: r.action as string, actor: r.actor as string, agencyId: (r.details as { agencyId?: string }).agencyId }));
}
async function emailsAbout(reference: string) {
  const rows = await m.sqlClient()`
    select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
    where t.identifier = 'send_email' and j.payload->>'template' = 'contribution_asked' and j.payload->'data'->>'reference' = ${reference}`;
  return rows.map((r) => (r.payload as { to: string }).to);
}
async function inboxOf(agencyId: string) {
  const [row] = await m.sqlClient()`select inbox_email from agencies where id = ${agencyId}`;
  return row!.inbox_email as string;
}
const ask = (lead: StaffContext, reference: string, contributor: StaffContext) =>
  postCase(lead, reference, { intent: "contribution_ask", agencyId: contributor.agency!.id, request: "请核查企业排污口及河道水质，提供监测数据。" });

describe("joint handling (联办)", () => {
  it("the lead asks 西湖区生态环境; the contributor sees the case (page, inbox with its badge, count), adds a note and evidence and marks done; the lead concludes only after", async () => {
    const c = await acceptedCase(desk106, em106, tipOf());
    expect(await noticed(eco106, c.reference)).toEqual([]);

    const asked = await ask(em106, c.reference, eco106);
    expect(asked.status).toBe(200);
    expect(replyDone(asked.data)).toBe(true);

    expect(await noticed(eco106, c.reference)).toEqual(ALL);
    expect(await noticed(supEco100, c.reference)).toEqual(ALL); // the supervisor above the contributor
    expect(await noticed(hc106, c.reference)).toEqual([]); // an agency not asked
    const [row] = (await m.listAgencyInbox(eco106, { q: c.reference })).rows;
    expect(row!.contributing).toBe(true);
    expect((await m.listAgencyInbox(em106, { q: c.reference })).rows[0]!.contributing).toBe(false);

    // The page: lead and contributor, what is asked; the contributor may mark its part done, take no transition.
    const page = (await loadCase(eco106, c.reference)).data;
    expect(page.handling.joint.lead.nameZh).toContain("应急管理");
    expect(page.handling.joint.contributing).toBe(true);
    expect(page.handling.joint.contributions).toEqual([expect.objectContaining({ state: "asked", request: "请核查企业排污口及河道水质，提供监测数据。", askedBy: "牵头承办人" })]);
    expect(new Date(page.handling.joint.contributions[0].askedAt).getTime()).not.toBeNaN();
    expect(page.handling.may).toMatchObject({ actions: [], completeContribution: true, askContribution: false, withdrawContribution: false, requestExtension: false });
    expect(page.handling.may.actions).toEqual([]);
    expect(page.handling.may.askTipster).toBe(false);

    // Notes and evidence of its own.
    await m.addCaseNote(eco106, c.reference, { body: "协办：已现场采样，排污口水样送检。" });
    expect(await m.addCaseEvidence(eco106, c.reference, { files: [await photo()] })).toEqual({ stored: 1 });
    const lead = (await loadCase(em106, c.reference)).data;
    expect(lead.handling.notes.map((x: { author: string }) => x.author)).toContain("协办承办人");

    // Contributors may not conclude, extend or ask the tipster.
    const concludeByContributor = await postCase(eco106, c.reference, { intent: "conclude", finding: "unsubstantiated", publicSummaryZh: DEFAULT_SUMMARY });
    expect(concludeByContributor.status).toBe(403);
    expect(replyErrors(concludeByContributor.data).form).toEqual(["errors.joint.leadOnly"]);
    expect(await refusal(m.requestExtension(eco106, c.reference, { days: 10, reason: "需要更多时间" }))).toBe("403 errors.joint.leadOnly");
    expect((await postCase(eco106, c.reference, { intent: "ask", question: "请问排污口的具体位置？" })).status).toBe(403);

    // The lead's conclusion is refused while the ask is open, naming the agency.
    const early = await postCase(em106, c.reference, { intent: "conclude", finding: "unsubstantiated", publicSummaryZh: DEFAULT_SUMMARY });
    expect(early.status).toBe(409);
    const [message] = replyErrors(early.data).form!;
    expect(message).toContain("errors.joint.contributionsOpen");
    expect(message).toContain("生态环境");
    expect((await m.findVisibleCase(em106, c.reference)).state).toBe("investigating");

    // Only the asked agency marks its part done.
    expect((await postCase(hc106, c.reference, { intent: "contribution_complete", note: "不相干的部门" })).status).toBe(404);
    const done = await postCase(eco106, c.reference, { intent: "contribution_complete", note: "水样检测结果超标，已移交执法。" });
    expect(replyDone(done.data)).toBe(true);
    expect((await postCase(eco106, c.reference, { intent: "contribution_complete", note: "再标记一次" })).status).toBe(409);
    const after = (await loadCase(em106, c.reference)).data.handling.joint.contributions[0];
    expect(after).toMatchObject({ state: "done", doneBy: "协办承办人", doneNote: "水样检测结果超标，已移交执法。" });

    expect(await m.concludeCase(em106, c.reference, conclusion())).toMatchObject({ state: "concluded" });
    // A done contributor still sees the case it worked on.
    expect(await noticed(eco106, c.reference)).toEqual(ALL);

    expect(await ledgerActions(c.id)).toEqual([
      { action: "case.contribution_asked", actor: em106.staffId, agencyId: eco106.agency!.id },
      { action: "case.contribution_done", actor: eco106.staffId, agencyId: eco106.agency!.id },
    ]);
    // The email went to the contributor's inbox, and to no other.
    expect(await emailsAbout(c.reference)).toEqual([await inboxOf(eco106.agency!.id)]);
  });

  it("an ask made while rectification runs holds up the verification (and so the close-out)", async () => {
    const c = await acceptedCase(desk106, em106, { ...tipOf(), investigating: true });
    const { addDays, localDate } = await import("../../app/domain/working-days");
    const due = addDays(localDate(new Date(), process.env.TIME_ZONE ?? "Asia/Shanghai"), 30);
    const ordered = m.concludeSchema.parse({ finding: "substantiated", rectificationOrdered: "on", items: [{ action: "重新安装可燃气体报警器并联网", responsibleRole: "principal", dueOn: due }], publicSummaryZh: DEFAULT_SUMMARY });
    expect(await m.concludeCase(em106, c.reference, ordered)).toMatchObject({ state: "rectifying" });
    await ask(em106, c.reference, eco106);
    const { verifyRectification } = await import("../../app/services/case-verify-rectification.server");
    expect(await refusal(verifyRectification(em106, c.reference, { note: "现场复查：已整改到位。", evidence: { files: [await photo()] } }))).toMatch(/^409 errors\.joint\.contributionsOpen/);
    expect((await m.findVisibleCase(em106, c.reference)).state).toBe("rectifying");
    // Done, the lead verifies.
    await m.completeContribution(eco106, c.reference, { note: "已复测下游河道水质，达标。" });
    await verifyRectification(em106, c.reference, { note: "现场复查：已整改到位。", evidence: { files: [await photo()] } });
    expect((await m.findVisibleCase(em106, c.reference)).state).toBe("verified");
  });

  it("a contributor takes no transition of the lead's: starting the investigation is refused", async () => {
    const c = await acceptedCase(desk106, em106, { ...tipOf(), investigating: false });
    await ask(em106, c.reference, eco106);
    const start = await postCase(eco106, c.reference, { intent: "start_investigation" });
    expect(start.status).toBe(403);
    expect(replyErrors(start.data).form).toEqual(["errors.joint.leadOnly"]);
    expect((await m.findVisibleCase(em106, c.reference)).state).toBe("accepted");
  });

  it("the lead withdraws the ask with a reason: the contributor loses sight, and the lead may conclude", async () => {
    const c = await acceptedCase(desk106, em106, tipOf());
    await ask(em106, c.reference, eco106);
    expect(await noticed(eco106, c.reference)).toEqual(ALL);
    const [k] = (await loadCase(em106, c.reference)).data.handling.joint.contributions;
    const short = await postCase(em106, c.reference, { intent: "contribution_withdraw", contributionId: String(k.id), reason: "不" });
    expect(replyErrors(short.data).reason).toEqual(["errors.joint.reasonLength"]);
    // The contributor cannot withdraw its own ask.
    expect((await postCase(eco106, c.reference, { intent: "contribution_withdraw", contributionId: String(k.id), reason: "我们不想做" })).status).toBe(403);
    const withdrawn = await postCase(em106, c.reference, { intent: "contribution_withdraw", contributionId: String(k.id), reason: "已由本局自行完成采样" });
    expect(replyDone(withdrawn.data)).toBe(true);
    expect(await noticed(eco106, c.reference)).toEqual([]);
    expect(await noticed(supEco100, c.reference)).toEqual([]);
    expect(await refusal(m.completeContribution(eco106, c.reference, { note: "已经完成了" }))).toMatch(/^404 /);
    expect((await loadCase(em106, c.reference)).data.handling.joint.contributions[0]).toMatchObject({ state: "withdrawn", withdrawnReason: "已由本局自行完成采样" });
    expect(await m.concludeCase(em106, c.reference, conclusion())).toMatchObject({ state: "concluded" });
    expect((await ledgerActions(c.id)).map((e) => e.action)).toEqual(["case.contribution_asked", "case.contribution_withdrawn"]);
    // Asked again after a withdrawal: a new row is allowed (one open row per case and agency) — but not once concluded.
    expect((await ask(em106, c.reference, eco106)).status).toBe(409);
  });

  it("an agency inside the implicated region cannot be asked (service and page), one above it can", async () => {
    // A tip implicating 西湖区 goes to 杭州市应急管理局 (异地办理).
    const c = await acceptedCase(desk100, em100, tipOf({ implicated: "county" }));
    const candidates = (await loadCase(em100, c.reference)).data.handling.joint.candidates.map((a: { id: string }) => a.id);
    expect(candidates).not.toContain(eco106.agency!.id);
    expect(candidates).toContain(eco100.agency!.id);
    expect(candidates).not.toContain(em100.agency!.id);
    const refused = await ask(em100, c.reference, eco106);
    expect(refused.status).toBe(400);
    expect(replyErrors(refused.data).agencyId).toEqual(["errors.joint.implicated"]);
    expect(await noticed(eco106, c.reference)).toEqual([]);
    expect(await emailsAbout(c.reference)).toEqual([]);
    expect(replyDone((await ask(em100, c.reference, eco100)).data)).toBe(true);
    expect(await noticed(eco100, c.reference)).toEqual(ALL);
    expect(await noticed(eco106, c.reference)).toEqual([]);
    expect(await emailsAbout(c.reference)).toEqual([await inboxOf(eco100.agency!.id)]);
  });

  it("an agency asked before the implication was set never sees the case once it is set", async () => {
    const c = await acceptedCase(desk106, em106, tipOf());
    await ask(em106, c.reference, eco106);
    expect(await noticed(eco106, c.reference)).toEqual(ALL);
    // The implication as the desk's correction writes it (set on a reopened case, say): the county's officials.
    await m.sqlClient()`update tips set officials_implicated = true, implicated_place_code = '330106' where id = ${c.id}`;
    expect(await noticed(eco106, c.reference)).toEqual([]);
    expect(await refusal(m.addCaseNote(eco106, c.reference, { body: "还能写吗？" }))).toMatch(/^404 /);
    expect(await refusal(m.completeContribution(eco106, c.reference, { note: "协办已完成。" }))).toMatch(/^404 /);
    // The supervisor above the county, outside the region, still sees it.
    expect(await noticed(supEco100, c.reference)).toEqual(ALL);
  });

  it("only the lead agency asks: not an officer of another agency, nor one of another region", async () => {
    const c = await acceptedCase(desk106, em106, tipOf());
    expect((await ask(hc106, c.reference, eco106)).status).toBe(404);
    const far = await postCase(em106, c.reference, { intent: "contribution_ask", agencyId: (await staffMember("agency_officer", "ecology_environment", "330108")).agency!.id, request: "请协助核查相邻区的排污情况。" });
    expect(replyErrors(far.data).agencyId).toEqual(["errors.joint.outside_case_region"]);
    const self = await postCase(em106, c.reference, { intent: "contribution_ask", agencyId: em106.agency!.id, request: "请本局协助。" });
    expect(replyErrors(self.data).agencyId).toEqual(["errors.joint.lead_itself"]);
    expect(replyDone((await ask(em106, c.reference, eco106)).data)).toBe(true);
    expect(replyErrors((await ask(em106, c.reference, eco106)).data).agencyId).toEqual(["errors.joint.already_asked"]);
  });

  it("canSeeCase and visibleCases agree for every viewer of this file over every case it built (asked, done, withdrawn, implicated)", async () => {
    const viewers = [desk106, desk100, em106, em100, eco106, supEco100, eco100, hc106, await staffMember("supervisor", "emergency_management", "330100"), await staffMember("supervisor", "ecology_environment", "330000")];
    const rows = await m.sqlClient()`
      select t.id::text as id, t.reference, t.place_code, t.agency_id::text as agency_id, a.place_code as agency_place, a.department_type as agency_type, t.implicated_place_code
      from tips t left join agencies a on a.id = t.agency_id where t.company_name like ${`联办测试${RUN}%`}`;
    expect(rows.length).toBeGreaterThanOrEqual(6);
    const contributors = new Map<string, { agencyId: string; placeCode: string; departmentType: string }[]>();
    for (const k of await m.sqlClient()`
      select k.tip_id::text as tip, a.id::text as id, a.place_code, a.department_type from case_contributions k join agencies a on a.id = k.agency_id
      where k.state <> 'withdrawn' and k.tip_id in ${m.sqlClient()(rows.map((r) => r.id as string))}`)
      contributors.set(k.tip as string, [...(contributors.get(k.tip as string) ?? []), { agencyId: k.id as string, placeCode: k.place_code as string, departmentType: k.department_type as string }]);
    let seen = 0;
    for (const r of rows) {
      const facts = {
        placeCode: r.place_code as string,
        agencyId: r.agency_id as string | null,
        agencyPlaceCode: r.agency_place as string | null,
        agencyDepartmentType: r.agency_type as string | null,
        implicatedPlaceCode: (r.implicated_place_code as string | null) ?? null,
        contributors: contributors.get(r.id as string) ?? [],
      };
      for (const v of viewers) {
        const expected = m.canSeeCase({ role: v.role, agency: v.agency }, facts);
        expect((await visibleCount(v, r.reference as string)) === 1, `${v.role}@${v.agency!.departmentType}/${v.agency!.placeCode} on ${r.reference}`).toBe(expected);
        if (expected) seen++;
      }
    }
    expect(seen).toBeGreaterThan(0);
  });
});
