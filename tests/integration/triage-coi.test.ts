/**
 * Conflict of interest at the desk (issue #10 items 4 and 15): clearing or narrowing an
 * implication needs a reason and a supervisor outside the region; no route or merge may put a
 * case in front of an agency inside an implicated region; a merged tip's facts are shown on the
 * case it joined, to whoever may see that case — and to nobody the merged tip implicates.
 */
import { randomBytes } from "node:crypto";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError, errorMessageOf } from "../../app/lib/app-error";
import { replyErrors, settle } from "../support/replies";
import type { StaffContext } from "../../app/lib/staff-session.server";
import { filedTip, staffMember } from "../support/builders";
import { signedInCookie, staffContextFor, type StaffSpec } from "../support/staff";

type M = typeof import("../../app/lib/db.server") &
  typeof import("../../app/services/file-tip.server") &
  typeof import("../../app/services/case-record.server") &
  typeof import("../../app/services/case-visibility.server") &
  typeof import("../../app/services/triage-view.server") &
  typeof import("../../app/services/triage-route.server") &
  typeof import("../../app/services/triage-merge.server") &
  typeof import("../../app/services/triage-correct.server") &
  typeof import("../../app/services/implication-requests.server") &
  typeof import("../../app/services/implication-decide.server") &
  typeof import("../../app/services/case-details-for-staff.server") &
  typeof import("../../app/services/read-staff-attachment.server") &
  typeof import("../../app/services/post-tip-message.server") &
  typeof import("../../app/lib/attachments.server") & {
    casePage: typeof import("../../app/routes/staff.cases.$reference");
    approvalsPage: typeof import("../../app/routes/staff.approvals");
    mergePage: typeof import("../../app/routes/staff.triage.$reference_.merge");
    attachmentRoute: typeof import("../../app/routes/staff.attachments.$id");
  };
let m: M;

let desk106: StaffContext; // 西湖区安委办 desk
let desk100: StaffContext; // 杭州市安委办 desk
let em106: StaffContext; // 西湖区应急管理局 officer
let em100: StaffContext; // 杭州市应急管理局 officer
let em108: StaffContext; // 滨江区应急管理局 officer
let supSc106: StaffContext; // 西湖区安委办 supervisor (inside a 西湖区 implication)
let supSc100: StaffContext; // 杭州市安委办 supervisor
let supEm000: StaffContext; // 浙江省应急管理厅 supervisor

beforeAll(async () => {
  m = {
    ...(await import("../../app/lib/db.server")),
    ...(await import("../../app/services/file-tip.server")),
    ...(await import("../../app/services/case-record.server")),
    ...(await import("../../app/services/case-visibility.server")),
    ...(await import("../../app/services/triage-view.server")),
    ...(await import("../../app/services/triage-route.server")),
    ...(await import("../../app/services/triage-merge.server")),
    ...(await import("../../app/services/triage-correct.server")),
    ...(await import("../../app/services/implication-requests.server")),
    ...(await import("../../app/services/implication-decide.server")),
    ...(await import("../../app/services/case-details-for-staff.server")),
    ...(await import("../../app/services/read-staff-attachment.server")),
    ...(await import("../../app/services/post-tip-message.server")),
    ...(await import("../../app/lib/attachments.server")),
    casePage: await import("../../app/routes/staff.cases.$reference"),
    approvalsPage: await import("../../app/routes/staff.approvals"),
    mergePage: await import("../../app/routes/staff.triage.$reference_.merge"),
    attachmentRoute: await import("../../app/routes/staff.attachments.$id"),
  };
  const who = staffMember;
  [desk106, desk100, em106, em100, em108, supSc106, supSc100, supEm000] = await Promise.all([
    who("triage_officer", "safety_committee", "330106"),
    who("triage_officer", "safety_committee", "330100"),
    who("agency_officer", "emergency_management", "330106"),
    who("agency_officer", "emergency_management", "330100"),
    who("agency_officer", "emergency_management", "330108"),
    who("supervisor", "safety_committee", "330106"),
    who("supervisor", "safety_committee", "330100"),
    who("supervisor", "emergency_management", "330000"),
  ]);
});
afterAll(async () => {
  await m?.closeDb();
});

const ORIGIN = "http://canary.test";
const CONTEXT = { clientAddress: "203.0.113.9" };
const RUN = randomBytes(3).toString("hex");
const DAY_MS = 86_400_000;
let counter = 0;

type TipOverrides = Partial<import("../../app/services/file-tip.server").NewTip>;
async function newTip(o: { tip?: TipOverrides; daysAgo?: number; files?: import("../../app/lib/attachments.server").SanitisedAttachment[] } = {}) {
  const n = ++counter;
  const description = `COI-${RUN}-${n} 危化品仓库消防通道被堵，夜间违规装卸。`;
  const filed = await filedTip({
    tip: {
      companyName: `回避测试${RUN}第${n}号化工有限公司`,
      content: { description, address: "园区北门" },
      ...o.tip,
    },
    files: o.files,
    captcha: "verified",
    now: o.daysAgo ? new Date(Date.now() - o.daysAgo * DAY_MS) : undefined,
  });
  return { reference: filed.reference, id: filed.id, description };
}
const implicating = (level: "county" | "city") => ({ officialsImplicated: true, implicatedLevel: level });

async function tipRow(reference: string) {
  const [row] = await m.sqlClient()`select id, state, agency_id, officials_implicated, implicated_place_code, merged_into_id from tips where reference = ${reference}`;
  return row!;
}
async function ledgerActions(tipId: string) {
  const rows = await m.sqlClient()`select action, actor_id, details from ledger_entries where chain = ${"tip:" + tipId} order by seq`;
  return rows as unknown as { action: string; actor_id: string | null; details: Record<string, unknown> }[];
}
async function agencyId(departmentType: string, placeCode: string): Promise<string> {
  const [a] = await m.sqlClient()`select id from agencies where department_type = ${departmentType} and place_code = ${placeCode}`;
  return a!.id as string;
}
async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return errorMessageOf(e);
    throw e;
  }
  throw new Error("expected a refusal, but the call succeeded");
}
async function sees(staff: StaffContext, reference: string): Promise<boolean> {
  try {
    await m.findVisibleCase(staff, reference);
    return true;
  } catch (e) {
    if (e instanceof AppError && e.code === "not_found") return false;
    throw e;
  }
}
/** The correction the desk submits: the tip's facts as filed, with the implication given. */
const correction = (implicatedPlaceCode: string | null) => ({
  sectorCode: "hazardous_chemicals",
  placeCode: "330106",
  majorHazard: false,
  concealedAccident: false,
  deaths: null,
  officialsImplicated: implicatedPlaceCode !== null,
  implicatedPlaceCode,
});
async function png() {
  const bytes = await sharp({ create: { width: 12, height: 10, channels: 3, background: "#cc3366" } })
    .png()
    .toBuffer();
  const result = await m.sanitiseAttachment(bytes);
  if (!result.ok) throw new Error("test image refused");
  return result.file;
}
const getRequest = (path: string, cookie: string) => new Request(ORIGIN + path, { headers: { cookie } });
const postRequest = (path: string, cookie: string, fields: Record<string, string>) =>
  new Request(ORIGIN + path, { method: "POST", body: new URLSearchParams(fields), headers: { cookie } });

// ------------------------------------------------------------------ implication changes

describe("clearing or narrowing an implication: a reason, then a supervisor outside the region", () => {
  let tip: Awaited<ReturnType<typeof newTip>>;
  let requestId: string;

  beforeAll(async () => {
    tip = await newTip({ tip: implicating("county") });
  });

  it("clearing it alone is refused without a reason; with one it only creates a pending request — the tip stays implicated and invisible to 西湖区", async () => {
    expect(await refusal(m.correctCase(desk100, tip.reference, correction(null)))).toBe("errors.implication.reasonRequired");
    expect(await refusal(m.correctCase(desk100, tip.reference, correction(null), { reason: "   " }))).toBe("errors.implication.reasonRequired");
    expect(await refusal(m.correctCase(desk100, tip.reference, correction("330108"), {}))).toBe("errors.implication.reasonRequired"); // moved elsewhere
    expect(await tipRow(tip.reference)).toMatchObject({ officials_implicated: true, implicated_place_code: "330106" });

    const reason = "经核实举报人所称区领导与该企业无关联";
    expect(await m.correctCase(desk100, tip.reference, correction(null), { reason })).toEqual({ approvalRequested: true });
    expect(await tipRow(tip.reference)).toMatchObject({ officials_implicated: true, implicated_place_code: "330106" });
    const [request] = await m.sqlClient()`select id, state, reason, requested_by, payload from approval_requests where subject_id = ${tip.id} and kind = 'implication_change'`;
    expect(request).toMatchObject({ state: "pending", reason, requested_by: desk100.staffId, payload: { to: { officialsImplicated: false, implicatedPlaceCode: null } } });
    requestId = request!.id as string;
    expect((await ledgerActions(tip.id)).map((e) => e.action)).toContain("case.implication_change_requested");

    for (const staff of [desk106, em106, supSc106]) expect(await sees(staff, tip.reference), `${staff.role}@${staff.agency!.placeCode}`).toBe(false);
    expect((await m.triageView(desk100, tip.reference)).pendingImplicationChange).toMatchObject({ reason });
    // One pending request per tip.
    expect(await refusal(m.correctCase(desk100, tip.reference, correction("330108"), { reason: "另一项申请理由" }))).toBe("errors.implication.alreadyPending");
  });

  it("the requester, a supervisor inside the region, and a supervisor who asked themselves cannot approve", async () => {
    expect(await refusal(m.decideImplicationChange(desk100, requestId, { decision: "approve", note: "我自己批准自己" }))).toBe("errors.implication.ownRequest");
    expect(await refusal(m.decideImplicationChange(supSc106, requestId, { decision: "approve", note: "区里认为可以撤销" }))).toBe("errors.implication.notFound");
    expect(await m.listImplicationRequests(supSc106)).toEqual([]);
    expect(await m.listImplicationRequests(desk100)).toEqual([]);

    // A supervisor's own request (made directly in the table): listed for others, refused for them.
    const other = await newTip({ tip: implicating("county") });
    const [own] = await m.sqlClient()`
      insert into approval_requests (kind, subject_type, subject_id, payload, reason, requested_by)
      values ('implication_change', 'tip', ${other.id}, ${JSON.stringify({
      from: { officialsImplicated: true, implicatedPlaceCode: "330106" },
      to: { officialsImplicated: false, implicatedPlaceCode: null },
    })}::jsonb, '测试自批', ${supSc100.staffId})
      returning id`;
    expect(await refusal(m.decideImplicationChange(supSc100, own!.id as string, { decision: "approve", note: "我自己批准自己" }))).toBe("errors.implication.ownRequest");
    expect((await m.listImplicationRequests(supSc100)).map((r) => r.id)).not.toContain(own!.id);
    expect(await tipRow(tip.reference)).toMatchObject({ officials_implicated: true, implicated_place_code: "330106" });
    expect(await sees(desk106, tip.reference)).toBe(false);
  });

  it("a supervisor outside the region approves (on /staff/approvals, with a note): applied, ledgered requested → approved → applied; 西湖区 now sees it", async () => {
    expect((await m.listImplicationRequests(supSc100)).map((r) => r.reference)).toContain(tip.reference);
    const cookie = await signedInCookie(supSc100.staffId);
    const page = (await m.approvalsPage.loader({ request: getRequest("/staff/approvals", cookie), params: {}, context: CONTEXT })) as Awaited<
      ReturnType<M["approvalsPage"]["loader"]>
    >;
    expect(page.requests.map((r) => r.reference)).toContain(tip.reference);

    const short = await settle(() =>
      m.approvalsPage.action({
        request: postRequest("/staff/approvals", cookie, { csrf: page.csrf, requestId, reference: tip.reference, decision: "approve", note: "行" }),
        params: {},
        context: CONTEXT,
      }),
    );
    expect(short.status).toBe(400);
    expect(replyErrors(short.data).note).toEqual(["errors.implication.noteRequired"]);
    expect(await tipRow(tip.reference)).toMatchObject({ implicated_place_code: "330106" });

    const note = "核查材料充分，同意撤销";
    const ok = await settle(() =>
      m.approvalsPage.action({
        request: postRequest("/staff/approvals", cookie, { csrf: page.csrf, requestId, reference: tip.reference, decision: "approve", note }),
        params: {},
        context: CONTEXT,
      }),
    );
    expect(ok.status).toBe(200);
    expect(await tipRow(tip.reference)).toMatchObject({ officials_implicated: false, implicated_place_code: null });
    const [request] = await m.sqlClient()`select state, decided_by, decision_note from approval_requests where id = ${requestId}`;
    expect(request).toMatchObject({ state: "approved", decided_by: supSc100.staffId, decision_note: note });
    const entries = (await ledgerActions(tip.id)).filter((e) => e.action.startsWith("case.implication_change"));
    expect(entries.map((e) => e.action)).toEqual(["case.implication_change_requested", "case.implication_change_approved", "case.implication_change_applied"]);
    expect(entries[1]).toMatchObject({ actor_id: supSc100.staffId, details: { note } });
    expect(entries[2]!.details).toMatchObject({ before: "330106", after: null });
    expect(await sees(desk106, tip.reference)).toBe(true);
    // Decided once.
    expect(await refusal(m.decideImplicationChange(supSc100, requestId, { decision: "refuse", note: "再次审批试试" }))).toBe("errors.implication.decided");
  });

  it("refused: nothing changes, the refusal is ledgered", async () => {
    const t2 = await newTip({ tip: implicating("city") });
    expect(await sees(desk100, t2.reference)).toBe(false); // the city desk cannot even see it
    expect((await tipRow(t2.reference)).implicated_place_code).toBe("330100");
    const province = await staffContextFor(m.db(), { role: "triage_officer", departmentType: "safety_committee", placeCode: "330000" });
    await m.correctCase(province, t2.reference, correction("330106"), { reason: "仅区级人员涉及" });
    const supSc000 = await staffContextFor(m.db(), { role: "supervisor", departmentType: "safety_committee", placeCode: "330000" });
    expect(await m.listImplicationRequests(supSc100)).not.toContainEqual(expect.objectContaining({ reference: t2.reference })); // inside the implicated city
    const [request] = await m.listImplicationRequests(supSc000).then((rs) => rs.filter((r) => r.reference === t2.reference));
    await m.decideImplicationChange(supSc000, request!.id, { decision: "refuse", note: "证据不足，不同意缩小" });
    expect((await tipRow(t2.reference)).implicated_place_code).toBe("330100");
    expect((await ledgerActions(t2.id)).map((e) => e.action)).toContain("case.implication_change_refused");
    expect((await ledgerActions(t2.id)).map((e) => e.action)).not.toContain("case.implication_change_applied");
  });

  it("setting or widening applies at once, with a ledger entry, and needs no approval", async () => {
    const none = await newTip();
    expect(await m.correctCase(desk100, none.reference, correction("330106"))).toEqual({ approvalRequested: false });
    expect(await tipRow(none.reference)).toMatchObject({ officials_implicated: true, implicated_place_code: "330106" });
    expect(await sees(desk106, none.reference)).toBe(false);
    const county = await newTip({ tip: implicating("county") });
    const province = await staffContextFor(m.db(), { role: "triage_officer", departmentType: "safety_committee", placeCode: "330000" });
    await m.correctCase(province, county.reference, correction("330100"));
    expect((await tipRow(county.reference)).implicated_place_code).toBe("330100");
    expect(await sees(desk100, county.reference)).toBe(false);
    expect((await ledgerActions(county.id)).find((e) => e.action === "case.corrected")!.details).toMatchObject({
      before: { implicatedPlaceCode: "330106" },
      after: { implicatedPlaceCode: "330100" },
    });
    const [{ n }] = (await m.sqlClient()`select count(*)::int as n from approval_requests where subject_id in (${none.id}, ${county.id})`) as unknown as [{ n: number }];
    expect(n).toBe(0);
  });
});

// ------------------------------------------------------------------ route and merge

describe("no route and no merge puts a case in front of an implicated agency", () => {
  it("route: an agency inside the implicated region is refused, chosen or suggested (a merged tip's implication counts too)", async () => {
    const tip = await newTip({ tip: implicating("county") });
    expect(await refusal(m.routeCase(desk100, tip.reference, { agencyId: await agencyId("emergency_management", "330106"), reason: "由区应急局办理更快" }))).toBe(
      "errors.route.implicated"
    );
    expect((await tipRow(tip.reference)).state).toBe("submitted");

    // The suggestion for a plain tip is the county; once a tip implicating the county is merged into it, routing "as suggested" is refused.
    const earlier = await newTip({ daysAgo: 2 });
    const later = await newTip({ tip: implicating("county") });
    await m.mergeCase(desk100, later.reference, { into: earlier.reference, reason: "同一仓库同一问题", sameMatter: true });
    expect(await refusal(m.routeCase(desk100, earlier.reference, {}))).toBe("errors.route.implicated");
    expect((await m.triageView(desk100, earlier.reference)).candidates.filter((a) => a.placeCode === "330106")).toEqual([]);
    expect((await tipRow(earlier.reference)).state).toBe("submitted");
    await m.routeCase(desk100, earlier.reference, { agencyId: await agencyId("emergency_management", "330100"), reason: "合并的举报涉及区里，改由市局办理" });
    expect((await tipRow(earlier.reference)).state).toBe("assigned");
  });

  it("merge: into a case held by an agency inside the merged tip's implicated region is refused, and into a case the desk may not see", async () => {
    const held = await newTip({ daysAgo: 3 });
    await m.routeCase(desk100, held.reference, {});
    expect((await tipRow(held.reference)).agency_id).toBe(await agencyId("emergency_management", "330106"));
    const implicatingCounty = await newTip({ tip: implicating("county") });
    expect((await m.mergeView(desk100, implicatingCounty.reference, held.reference)).problem).toBe("errors.merge.implicated");
    expect(await refusal(m.mergeCase(desk100, implicatingCounty.reference, { into: held.reference, reason: "同一企业同一问题", sameMatter: true }))).toBe("errors.merge.implicated");
    expect((await tipRow(implicatingCounty.reference)).state).toBe("submitted");

    const hidden = await newTip({ tip: implicating("city"), daysAgo: 3 });
    const plain = await newTip();
    expect(await refusal(m.mergeCase(desk100, plain.reference, { into: hidden.reference, reason: "同一企业同一问题", sameMatter: true }))).toBe("errors.merge.targetNotFound");
    expect(await refusal(m.mergeCase(desk100, plain.reference, { into: held.reference, reason: " ", sameMatter: true }))).toBe("errors.merge.reasonRequired");
  });
});

// ------------------------------------------------------------------ merged tips on the joined case

describe("a merged tip is shown on the case it joined", () => {
  let joined: Awaited<ReturnType<typeof newTip>>;
  let mergedTip: Awaited<ReturnType<typeof newTip>>;
  let attachmentId: string;
  const reason = "同一企业同一仓库，举报事实相同";

  beforeAll(async () => {
    joined = await newTip({ daysAgo: 4 });
    await m.routeCase(desk100, joined.reference, { agencyId: await agencyId("emergency_management", "330100"), reason: "涉及多个区县，由市局办理" });
    mergedTip = await newTip({ files: [await png()] });
    await m.postTipMessage({ tipId: mergedTip.id, author: { type: "tipster" }, body: `THREAD-${RUN} 我补充：仓库后门也堵住了。` });
    const [a] = await m.sqlClient()`select id from attachments where tip_id = ${mergedTip.id} and message_id is null`;
    attachmentId = a!.id as string;
  });

  it("the confirmation shows both cases; the merge is ledgered with the reason on both chains", async () => {
    const cookie = await signedInCookie(desk100.staffId);
    const page = (await m.mergePage.loader({
      request: getRequest(`/staff/triage/${mergedTip.reference}/merge?into=${joined.reference}`, cookie),
      params: { reference: mergedTip.reference },
      context: CONTEXT,
    })) as Awaited<ReturnType<M["mergePage"]["loader"]>>;
    expect(page.preview).toMatchObject({ tip: { reference: mergedTip.reference }, target: { reference: joined.reference, state: "assigned" } });
    expect((await tipRow(mergedTip.reference)).state).toBe("submitted"); // the preview changes nothing
    const noReason = await settle(() =>
      m.mergePage.action({
        request: postRequest(`/staff/triage/${mergedTip.reference}/merge`, cookie, { csrf: page.csrf, intent: "merge", into: joined.reference, reason: "" }),
        params: { reference: mergedTip.reference },
        context: CONTEXT,
      }),
    );
    expect(noReason.status).toBe(400);
    expect(replyErrors(noReason.data)).toEqual({ reason: ["errors.merge.reasonRequired"] });
    expect((await tipRow(mergedTip.reference)).state).toBe("submitted");
    const done = (await m.mergePage.action({
      request: postRequest(`/staff/triage/${mergedTip.reference}/merge`, cookie, { csrf: page.csrf, intent: "merge", into: joined.reference, reason, sameMatter: "on" }),
      params: { reference: mergedTip.reference },
      context: CONTEXT,
    })) as Response;
    expect(done.status).toBe(303);
    expect(await tipRow(mergedTip.reference)).toMatchObject({ state: "merged", merged_into_id: joined.id });
    expect((await ledgerActions(mergedTip.id)).find((e) => e.action === "case.merge")!.details).toMatchObject({ into: joined.reference, reason });
    expect((await ledgerActions(joined.id)).find((e) => e.action === "case.merged_in")).toMatchObject({
      actor_id: desk100.staffId,
      details: { merged: mergedTip.reference, reason },
    });
  });

  it("the agency holding the joined case, and the supervisor above it, read its text, thread and file", async () => {
    for (const staff of [em100, supEm000]) {
      const details = await m.caseDetailsForStaff(staff, joined.reference);
      expect(details.merged.map((t) => t.reference)).toEqual([mergedTip.reference]);
      expect(details.merged[0]!.content.description).toBe(mergedTip.description);
      expect(details.merged[0]!.messages.map((x) => x.body)).toEqual([`THREAD-${RUN} 我补充：仓库后门也堵住了。`]);
      expect(details.merged[0]!.attachments.map((a) => a.id)).toEqual([attachmentId]);
      expect((await m.readStaffAttachment(staff, attachmentId))?.mediaType).toBe("image/png");
    }
    const cookie = await signedInCookie(em100.staffId);
    const page = await m.casePage.loader({ request: getRequest(`/staff/cases/${joined.reference}`, cookie), params: { reference: joined.reference }, context: CONTEXT });
    expect(page.merged[0]!.content.description).toBe(mergedTip.description);
    const download = (await m.attachmentRoute.loader({
      request: getRequest(`/staff/attachments/${attachmentId}`, cookie),
      params: { id: attachmentId },
      context: CONTEXT,
    })) as Response;
    expect(download.status).toBe(200);
    // Another agency sees neither the case nor the file.
    expect(await m.readStaffAttachment(em108, attachmentId)).toBeNull();
  });

  it("a merge made before merges were ledgered on the joined case (merged_into_id only) is shown too, and its implication still bars routing", async () => {
    const target = await newTip({ daysAgo: 4 });
    const old = await newTip({ tip: implicating("county") });
    // As the one-click merge of earlier versions left it: the tip merged, no case.merged_in entry on the target.
    await m.sqlClient()`update tips set state = 'merged', merged_into_id = ${target.id} where id = ${old.id}`;
    expect((await ledgerActions(target.id)).some((e) => e.action === "case.merged_in")).toBe(false);
    expect((await m.caseDetailsForStaff(desk100, target.reference)).merged.map((t) => t.reference)).toEqual([old.reference]);
    expect(await refusal(m.routeCase(desk100, target.reference, { agencyId: await agencyId("emergency_management", "330106"), reason: "区县局就近办理" }))).toBe("errors.route.implicated");
  });

  it("an account that may not see the merged tip (it implicates their county) sees neither it nor its files on the joined case", async () => {
    const target = await newTip({ daysAgo: 4 });
    await m.routeCase(desk100, target.reference, { agencyId: await agencyId("emergency_management", "330100"), reason: "涉及多个区县，由市局办理" });
    const secret = await newTip({ tip: implicating("county"), files: [await png()] });
    await m.mergeCase(desk100, secret.reference, { into: target.reference, reason, sameMatter: true });
    const [a] = await m.sqlClient()`select id from attachments where tip_id = ${secret.id}`;

    // The 西湖区 desk still sees the joined case (placed in its county, implicating nobody)…
    const county = await m.caseDetailsForStaff(desk106, target.reference);
    expect(county.merged).toEqual([]);
    expect(JSON.stringify(county)).not.toContain(secret.description);
    expect(await m.readStaffAttachment(desk106, a!.id as string)).toBeNull();
    // …while the city agency holding it reads the merged tip and its file.
    expect((await m.caseDetailsForStaff(em100, target.reference)).merged.map((t) => t.content.description)).toEqual([secret.description]);
    expect(await m.readStaffAttachment(em100, a!.id as string)).not.toBeNull();
  });
});
