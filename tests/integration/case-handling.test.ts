import { randomBytes } from "node:crypto";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StaffContext } from "../../app/lib/staff-session.server";
import { acceptedCase as builtAcceptedCase, closedCase, staffMember } from "../support/builders";
import { signedInCookie, staffBehindCookie, staffContextFor, type StaffSpec } from "../support/staff";
import { AppError, errorMessageOf } from "../../app/lib/app-error";
import { replyErrors, replyValues, settle } from "../support/replies";

// App modules are imported in beforeAll: tests/support/env.ts must set DATABASE_URL and
// CANARY_MASTER_KEY first (see triage.test.ts).
type M = typeof import("../../app/lib/db.server") &
  typeof import("../../app/services/file-tip.server") &
  typeof import("../../app/services/get-tip-for-tipster.server") &
  typeof import("../../app/services/triage-route.server") &
  typeof import("../../app/services/triage-queue.server") &
  typeof import("../../app/services/agency-accept.server") &
  typeof import("../../app/services/case-start-investigation.server") &
  typeof import("../../app/services/case-add-note.server") &
  typeof import("../../app/services/case-add-evidence.server") &
  typeof import("../../app/services/case-conclude.server") &
  typeof import("../../app/services/case-verify-rectification.server") &
  typeof import("../../app/services/case-close.server") &
  typeof import("../../app/services/case-request-extension.server") &
  typeof import("../../app/services/case-decide-extension.server") &
  typeof import("../../app/services/case-reopen.server") &
  typeof import("../../app/services/case-details-for-staff.server") &
  typeof import("../../app/forms/case") &
  typeof import("../../db/schema/index") & {
    casePage: typeof import("../../app/routes/staff.cases.$reference");
    drizzle: typeof import("drizzle-orm");
  };
let m: M;

let desk106: StaffContext; // 西湖区安委办 triage desk
let em106: StaffContext; // 西湖区应急管理局 officer
let supEm100: StaffContext; // 杭州市应急管理局 supervisor: 西湖区 is in the subtree
let supEm108: StaffContext; // 滨江区应急管理局 supervisor: not
let supEco100: StaffContext; // 杭州市生态环境局 supervisor: another department type

beforeAll(async () => {
  m = {
    ...(await import("../../app/lib/db.server")),
    ...(await import("../../app/services/file-tip.server")),
    ...(await import("../../app/services/get-tip-for-tipster.server")),
    ...(await import("../../app/services/triage-route.server")),
    ...(await import("../../app/services/triage-queue.server")),
    ...(await import("../../app/services/agency-accept.server")),
    ...(await import("../../app/services/case-start-investigation.server")),
    ...(await import("../../app/services/case-add-note.server")),
    ...(await import("../../app/services/case-add-evidence.server")),
    ...(await import("../../app/services/case-conclude.server")),
    ...(await import("../../app/services/case-verify-rectification.server")),
    ...(await import("../../app/services/case-close.server")),
    ...(await import("../../app/services/case-request-extension.server")),
    ...(await import("../../app/services/case-decide-extension.server")),
    ...(await import("../../app/services/case-reopen.server")),
    ...(await import("../../app/services/case-details-for-staff.server")),
    ...(await import("../../app/forms/case")),
    ...(await import("../../db/schema/index")),
    casePage: await import("../../app/routes/staff.cases.$reference"),
    drizzle: await import("drizzle-orm"),
  };
  const who = staffMember;
  [desk106, em106, supEm100, supEm108, supEco100] = await Promise.all([
    who("triage_officer", "safety_committee", "330106"),
    who("agency_officer", "emergency_management", "330106"),
    who("supervisor", "emergency_management", "330100"),
    who("supervisor", "emergency_management", "330108"),
    who("supervisor", "ecology_environment", "330100"),
  ]);
});
afterAll(async () => {
  await m?.closeDb();
});

// ------------------------------------------------------------------ helpers

const ORIGIN = "http://canary.test";
const CONTEXT = { clientAddress: "203.0.113.9" };
const RUN = randomBytes(3).toString("hex");
const TIME_ZONE = "Asia/Shanghai";

function localDay(d = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
}
function plusDays(iso: string, n: number): string {
  const d = new Date(iso + "T00:00:00Z");
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

let tipCounter = 0;
/** This file's tips: each one numbered, in 西湖区, filed with a verified captcha. */
function caseTip(o: { concealedAccident?: boolean } = {}) {
  const n = ++tipCounter;
  return {
    tip: {
      companyName: `办案测试${RUN}第${n}号化工有限公司`,
      content: { description: `CASE-${RUN}-${n} 储罐区可燃气体报警器被拆除，夜间仍在装卸作业。`, address: "工业园东门北侧" },
      concealedAccident: o.concealedAccident ?? false,
    },
    captcha: "verified" as const,
  };
}

/** A tip routed to 西湖区应急管理局 and accepted; `investigating` also starts the investigation. */
async function acceptedCase(o: { investigating?: boolean; concealedAccident?: boolean } = {}) {
  return builtAcceptedCase(desk106, em106, {
    ...caseTip(o),
    // A concealed accident would go to the city by default: the desk sends it to the county here.
    route: o.concealedAccident ? { agencyId: em106.agency!.id, reason: "测试：由区级部门核查" } : undefined,
    investigating: o.investigating,
  });
}

async function caseRow(reference: string) {
  const [row] = await m.db().select().from(m.tips).where(m.drizzle.eq(m.tips.reference, reference));
  return row!;
}
async function outcomeOf(tipId: string) {
  const [row] = await m.db().select().from(m.caseOutcomes).where(m.drizzle.eq(m.caseOutcomes.tipId, tipId));
  return row ?? null;
}

type LedgerRow = { seq: number; action: string; actor_type: string; actor_id: string | null; details: Record<string, any> };
async function ledgerOf(tipId: string): Promise<LedgerRow[]> {
  return (await m.sqlClient()`
    select seq, action, actor_type, actor_id, details from ledger_entries where chain = ${"tip:" + tipId} order by seq`) as unknown as LedgerRow[];
}

async function emailJobs(template: string, reference: string) {
  return (await m.sqlClient()`
    select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
    where t.identifier = 'send_email' and j.payload->>'template' = ${template} and j.payload->'data'->>'reference' = ${reference}`) as unknown as {
    payload: { template: string; to: string; data: Record<string, string | number> };
  }[];
}

async function refusal(p: Promise<unknown>): Promise<{ code: string; field?: string }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return { code: errorMessageOf(e), field: e.field };
    throw e;
  }
  throw new Error("expected a refusal, but the call succeeded");
}
async function thrownStatus(p: Promise<unknown>): Promise<number> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e.status;
    throw e;
  }
  throw new Error("expected a thrown AppError, but the call succeeded");
}

async function pngBytes(): Promise<Buffer> {
  return sharp({ create: { width: 16, height: 12, channels: 3, background: "#3366cc" } })
    .png()
    .toBuffer();
}

const SUMMARY = "经核查，该企业储罐区可燃气体报警器确被拆除，执法部门已责令限期整改并依法处以罚款。";

/** The conclusion form as a browser posts it, parsed with the form's own schema. */
function concludeInput(fields: Record<string, unknown>) {
  return m.concludeSchema.parse({ publicSummaryZh: SUMMARY, ...fields });
}

// Route-level calls with a real session cookie.
async function session(staff: StaffContext) {
  const cookie = await signedInCookie(staff.staffId);
  const { csrf } = await staffBehindCookie(cookie);
  return { cookie, csrf };
}
async function postCase(staff: StaffContext, reference: string, fields: Record<string, string>, files: Buffer[] = []) {
  const { cookie, csrf } = await session(staff);
  const body = new FormData();
  for (const [k, v] of Object.entries({ ...fields, csrf })) body.append(k, v);
  for (const f of files) body.append("evidence", new File([new Uint8Array(f)], "photo.png", { type: "image/png" }));
  // Multipart when files may be sent (as the browser does with encType="multipart/form-data"), else urlencoded.
  const request =
    files.length || /verify/.test(fields.intent ?? "")
      ? new Request(`${ORIGIN}/staff/cases/${reference}`, { method: "POST", body, headers: { cookie } })
      : new Request(`${ORIGIN}/staff/cases/${reference}`, { method: "POST", body: new URLSearchParams({ ...fields, csrf }), headers: { cookie } });
  return settle(() => m.casePage.action({ request, params: { reference }, context: CONTEXT }));
}
async function loadCase(staff: StaffContext, reference: string) {
  const { cookie } = await session(staff);
  return settle(() => m.casePage.loader({ request: new Request(`${ORIGIN}/staff/cases/${reference}`, { headers: { cookie } }), params: { reference }, context: CONTEXT }));
}

// ------------------------------------------------------------------ tests

describe("case handling: investigation to close-out", () => {
  it("accepted → investigating → rectifying (fine and deadline) → verify refused without evidence → verified → closed, one ledger entry per step by the officer", async () => {
    const tip = await acceptedCase();
    const today = localDay();
    const before = (await ledgerOf(tip.id)).length;

    const page0 = await loadCase(em106, tip.reference);
    expect(page0.data.handling.may.actions).toEqual(["start_investigation"]);

    expect((await postCase(em106, tip.reference, { intent: "start_investigation" })).data).toMatchObject({ intent: "start_investigation", done: true });
    expect((await caseRow(tip.reference)).state).toBe("investigating");

    const deadline = plusDays(today, 30);
    const concluded = await postCase(em106, tip.reference, {
      intent: "conclude",
      finding: "substantiated",
      rectificationOrdered: "on",
      // The rectification list as the form posts it: one row filled, two left blank (docs/decisions/037).
      "items[0].action": "重新安装储罐区可燃气体报警器并接入监控平台",
      "items[0].responsibleRole": "principal",
      "items[0].checkingOfficerId": "",
      "items[0].dueOn": deadline,
      "items[1].action": "",
      "items[1].responsibleRole": "",
      "items[1].dueOn": "",
      "items[2].action": "",
      "items[2].responsibleRole": "",
      "items[2].dueOn": "",
      fineCny: "50000",
      admonitoryTalk: "on",
      officialsHeldAccountable: "2",
      publicSummaryZh: SUMMARY,
      publicSummaryEn: "The gas detectors had indeed been removed; rectification was ordered and a fine imposed.",
    });
    expect(concluded).toMatchObject({ status: 200, data: { intent: "conclude", done: true } });
    let row = await caseRow(tip.reference);
    expect(row).toMatchObject({ state: "rectifying", dueOn: deadline, concludedOn: today });
    expect(await outcomeOf(tip.id)).toMatchObject({
      finding: "substantiated",
      rectificationOrdered: true,
      rectificationDueOn: deadline,
      fineCny: 50000,
      admonitoryTalk: true,
      officialsHeldAccountable: 2,
      suspension: false,
      publicSummaryZh: SUMMARY,
      verifiedOn: null,
    });

    // Verification needs evidence: refused without a file, nothing changes.
    const noFile = await postCase(em106, tip.reference, { intent: "item_verify_1", note: "现场复查，报警器已重新安装并联网。" });
    expect(noFile.status).toBe(400);
    expect(replyErrors(noFile.data)).toEqual({ evidence: ["errors.verify.evidenceRequired"] });
    expect(replyValues(noFile.data).note).toBe("现场复查，报警器已重新安装并联网。");
    expect((await caseRow(tip.reference)).state).toBe("rectifying");

    const verified = await postCase(em106, tip.reference, { intent: "item_verify_1", note: "现场复查，报警器已重新安装并联网。" }, [await pngBytes()]);
    expect(verified).toMatchObject({ status: 200, data: { intent: "item_verify_1", done: true } });
    row = await caseRow(tip.reference);
    expect(row.state).toBe("verified");
    expect(await outcomeOf(tip.id)).toMatchObject({ verifiedOn: today, verificationNote: "现场复查，报警器已重新安装并联网。" });
    const files = await m.sqlClient()`select origin, media_type from attachments where tip_id = ${tip.id}`;
    expect(files).toEqual([{ origin: "staff", media_type: "image/png" }]);

    expect((await postCase(em106, tip.reference, { intent: "close" })).data).toMatchObject({ intent: "close", done: true });
    row = await caseRow(tip.reference);
    expect(row).toMatchObject({ state: "closed", closedOn: today, dueOn: null });

    const steps = (await ledgerOf(tip.id)).slice(before);
    expect(steps.map((s) => s.action)).toEqual([
      "case.start_investigation",
      "case.conclude_with_rectification",
      "case.rectification_item_ordered",
      "case.rectification_item_verified",
      "case.verify_rectification",
      "case.close",
    ]);
    for (const s of steps) expect(s).toMatchObject({ actor_type: "staff", actor_id: em106.staffId });
    expect(steps[2]!.details).toMatchObject({ position: 1, dueOn: deadline, responsibleRole: "principal" });
    expect(steps[1]!.details).toMatchObject({ from: "investigating", to: "rectifying", finding: "substantiated", dueOn: deadline, fineCny: 50000 });

    // The page shows the outcome.
    const page = await loadCase(em106, tip.reference);
    expect(page.data.handling.outcome).toMatchObject({ finding: "substantiated", fineCny: 50000 });
    expect(page.data.handling.may.actions).toEqual([]);
  });

  it("unsubstantiated → concluded → closed; an unsubstantiated finding cannot carry actions", async () => {
    const tip = await acceptedCase({ investigating: true });
    const withFine = await refusal(m.concludeCase(em106, tip.reference, concludeInput({ finding: "unsubstantiated", fineCny: "1000" })));
    expect(withFine).toEqual({ code: "errors.conclude.unsubstantiatedWithActions", field: "finding" });
    expect(await outcomeOf(tip.id)).toBeNull();

    const r = await m.concludeCase(em106, tip.reference, concludeInput({ finding: "unsubstantiated" }));
    expect(r).toEqual({ state: "concluded", dueOn: null });
    expect(await caseRow(tip.reference)).toMatchObject({ state: "concluded", concludedOn: localDay(), dueOn: null });
    expect(await outcomeOf(tip.id)).toMatchObject({ finding: "unsubstantiated", rectificationOrdered: false, fineCny: null });
    await m.closeCase(em106, tip.reference);
    expect((await caseRow(tip.reference)).state).toBe("closed");
    expect((await ledgerOf(tip.id)).map((l) => l.action).slice(-2)).toEqual(["case.conclude_nothing_to_rectify", "case.close"]);
  });

  it("rectification needs an item due after today; partly substantiated without rectification goes to concluded", async () => {
    const tip = await acceptedCase({ investigating: true });
    const item = { action: "重新安装可燃气体报警器", responsibleRole: "principal" };
    expect(await refusal(m.concludeCase(em106, tip.reference, concludeInput({ finding: "substantiated", rectificationOrdered: "on", items: [{ ...item, dueOn: localDay() }] })))).toEqual({
      code: "errors.conclude.deadlineNotAfterToday",
      field: "items[0].dueOn",
    });
    expect(await refusal(m.concludeCase(em106, tip.reference, concludeInput({ finding: "substantiated", rectificationOrdered: "on" })))).toEqual({
      code: "errors.rectification.itemsRequired",
      field: "items[0].action",
    });
    await m.concludeCase(em106, tip.reference, concludeInput({ finding: "partly_substantiated", suspension: "on" }));
    expect((await caseRow(tip.reference)).state).toBe("concluded");
  });

  it("a concealed-accident case needs the verified accident level and deaths", async () => {
    const tip = await acceptedCase({ investigating: true, concealedAccident: true });
    expect((await refusal(m.concludeCase(em106, tip.reference, concludeInput({ finding: "substantiated" })))).code).toBe("errors.conclude.accidentLevelRequired");
    await m.concludeCase(em106, tip.reference, concludeInput({ finding: "substantiated", accidentLevel: "larger", concealedDeathsVerified: "3", criminalReferral: "on" }));
    expect(await outcomeOf(tip.id)).toMatchObject({ accidentLevel: "larger", concealedDeathsVerified: 3, criminalReferral: true });
  });

  it("a public summary with a phone number, ID number or email is refused with the right message, and nothing is saved", async () => {
    const tip = await acceptedCase({ investigating: true });
    const ledgerBefore = (await ledgerOf(tip.id)).length;

    const phone = `经核查，举报属实，企业负责人（电话13812345678）已被约谈，责令整改。`;
    const res = await postCase(em106, tip.reference, { intent: "conclude", finding: "substantiated", admonitoryTalk: "on", publicSummaryZh: phone, publicSummaryEn: "Contact: zhang@example.com" });
    expect(res.status).toBe(400);
    expect(replyErrors(res.data).publicSummaryZh).toEqual(["errors.publicSummary.mobile|n=13812345678"]);
    expect(replyErrors(res.data).publicSummaryEn).toEqual(["errors.publicSummary.email|n=zhang@example.com"]);
    expect(replyValues(res.data)).toMatchObject({ finding: "substantiated", admonitoryTalk: "on", publicSummaryZh: phone });

    // The service checks too (a caller that skips the form's schema).
    const id = "11010519491231002X";
    const raw = (zh: string, en?: string) => ({ ...concludeInput({ finding: "substantiated" }), publicSummaryZh: zh, publicSummaryEn: en });
    expect(await refusal(m.concludeCase(em106, tip.reference, raw(`经核查属实，当事人身份证号${id}，已依法处理完毕并责令整改。`)))).toEqual({
      code: `errors.publicSummary.id_number|n=${id}`,
      field: "publicSummaryZh",
    });
    expect(await refusal(m.concludeCase(em106, tip.reference, raw(SUMMARY, "Call 0571-87654321")))).toEqual({ code: "errors.publicSummary.landline|n=0571-87654321", field: "publicSummaryEn" });
    expect(await refusal(m.concludeCase(em106, tip.reference, raw(`经核查属实，请联系 li.si@example.cn 了解整改进展情况。`)))).toEqual({
      code: "errors.publicSummary.email|n=li.si@example.cn",
      field: "publicSummaryZh",
    });

    expect(await outcomeOf(tip.id)).toBeNull();
    expect(await caseRow(tip.reference)).toMatchObject({ state: "investigating", concludedOn: null });
    expect(await ledgerOf(tip.id)).toHaveLength(ledgerBefore);
  });

  it("an illegal transition (close while investigating) is refused with errors.transition.not_allowed_in_state", async () => {
    const tip = await acceptedCase({ investigating: true });
    expect((await refusal(m.closeCase(em106, tip.reference))).code).toBe("errors.transition.not_allowed_in_state");
    const res = await postCase(em106, tip.reference, { intent: "close" });
    expect(res.status).toBe(409);
    expect(replyErrors(res.data)).toEqual({ form: ["errors.transition.not_allowed_in_state"] });
    expect((await caseRow(tip.reference)).state).toBe("investigating");
    // The supervisor may not conclude the agency's case either.
    expect((await refusal(m.startInvestigation(supEm100, tip.reference))).code).toBe("errors.transition.not_allowed_for_actor");
  });
});

describe("extension", () => {
  it("asked once (a second request is refused), approved by the supervisor: due date moved, emails queued; a supervisor outside the subtree gets 404", async () => {
    const tip = await acceptedCase({ investigating: true });
    const dueBefore = (await caseRow(tip.reference)).dueOn!;

    const bad = await postCase(em106, tip.reference, { intent: "extension_request", days: "31", reason: "短" });
    expect(bad.status).toBe(400);
    expect(replyErrors(bad.data)).toEqual({ days: ["errors.extension.days"], reason: ["errors.extension.reasonRequired"] });

    const asked = await postCase(em106, tip.reference, { intent: "extension_request", days: "10", reason: "需委托第三方机构检测，检测报告尚未出具。" });
    expect(asked.data).toMatchObject({ intent: "extension_request", done: true });
    expect(await caseRow(tip.reference)).toMatchObject({ state: "investigating", extensionState: "requested", extensionDays: 10, dueOn: dueBefore });
    const requestedJobs = await emailJobs("extension_requested", tip.reference);
    expect(requestedJobs).toHaveLength(1);
    // To the supervising agency: the city's emergency-management bureau.
    expect(requestedJobs[0]!.payload).toMatchObject({ to: "emergency-management.330100@agencies.canary.invalid", data: { extraDays: 10, currentDeadline: dueBefore, requestedDeadline: plusDays(dueBefore, 10) } });

    expect(await refusal(m.requestExtension(em106, tip.reference, { days: 5, reason: "再次申请延期，理由充分。" }))).toMatchObject({ code: "errors.extension.alreadyRequested" });

    // Outside the subtree: the same 404 as a case that does not exist.
    expect(await thrownStatus(m.decideExtension(supEm108, tip.reference, { decision: "approve" }))).toBe(404);
    expect(await thrownStatus(m.decideExtension(supEco100, tip.reference, { decision: "refuse", reason: "不同意延期申请。" }))).toBe(404);
    // The officer cannot decide their own request.
    expect((await refusal(m.decideExtension(em106, tip.reference, { decision: "approve" }))).code).toBe("errors.transition.not_allowed_for_actor");

    const page = await loadCase(supEm100, tip.reference);
    expect(page.data.handling.may.decideExtension).toBe(true);
    const decided = await postCase(supEm100, tip.reference, { intent: "extension_decide", decision: "approve" });
    expect(decided.data).toMatchObject({ intent: "extension_decide", done: true });
    expect(await caseRow(tip.reference)).toMatchObject({ extensionState: "approved", dueOn: plusDays(dueBefore, 10) });
    const decidedJobs = await emailJobs("extension_decided", tip.reference);
    expect(decidedJobs).toHaveLength(1);
    expect(decidedJobs[0]!.payload).toMatchObject({ to: "emergency-management.330106@agencies.canary.invalid", data: { decision: "approved", deadline: plusDays(dueBefore, 10) } });

    const actions = (await ledgerOf(tip.id)).map((l) => l.action);
    expect(actions.filter((a) => a.startsWith("case.extension"))).toEqual(["case.extension_requested", "case.extension_approved"]);
    expect(await refusal(m.decideExtension(supEm100, tip.reference, { decision: "approve" }))).toMatchObject({ code: "errors.extension.notRequested" });
  });

  it("refused by the supervisor with a reason: deadline unchanged, the agency is told", async () => {
    const tip = await acceptedCase();
    const dueBefore = (await caseRow(tip.reference)).dueOn!;
    await m.requestExtension(em106, tip.reference, { days: 30, reason: "涉及多个部门联合调查，需要更多时间。" });
    expect((await refusal(m.decideExtension(supEm100, tip.reference, { decision: "refuse" }))).code).toBe("errors.extension.refusalReasonRequired");
    await m.decideExtension(supEm100, tip.reference, { decision: "refuse", reason: "调查事项简单，应按期办结。" });
    expect(await caseRow(tip.reference)).toMatchObject({ extensionState: "refused", dueOn: dueBefore });
    expect((await emailJobs("extension_decided", tip.reference))[0]!.payload.data).toMatchObject({ decision: "rejected", deadline: dueBefore });
    expect(await refusal(m.requestExtension(em106, tip.reference, { days: 5, reason: "再次申请延期，理由充分。" }))).toMatchObject({ code: "errors.extension.alreadyRequested" });
  });
});

describe("notes and evidence", () => {
  it("notes are encrypted, listed on the staff page, recorded in the ledger without their text, and never shown to the tipster", async () => {
    const tip = await acceptedCase({ investigating: true });
    const secret = `内部记录-${RUN}：约谈了车间主任，怀疑举报人是夜班操作工。`;
    const res = await postCase(em106, tip.reference, { intent: "note", body: secret });
    expect(res.data).toMatchObject({ intent: "note", done: true });
    await m.addCaseNote(supEm100, tip.reference, { body: "督办意见：请于本周内完成现场检查。" });

    const [stored] = await m.sqlClient()`select body_enc from case_notes where tip_id = ${tip.id} order by id limit 1`;
    expect(Buffer.from(stored!.body_enc as Uint8Array).toString("utf8")).not.toContain("约谈");

    const page = await loadCase(em106, tip.reference);
    expect(page.data.handling.notes.map((n: { body: string }) => n.body)).toEqual([secret, "督办意见：请于本周内完成现场检查。"]);

    const noted = (await ledgerOf(tip.id)).filter((l) => l.action === "case.note_added");
    expect(noted).toHaveLength(2);
    expect(noted[0]).toMatchObject({ actor_id: em106.staffId, details: { noteId: expect.any(Number) } });
    expect(JSON.stringify(noted)).not.toContain("约谈");

    const tipsterView = await m.getTipForTipster(tip.id);
    expect(tipsterView).not.toBeNull();
    expect(JSON.stringify(tipsterView)).not.toContain("约谈了车间主任");
    expect(JSON.stringify(tipsterView)).not.toContain("督办意见");

    expect(replyErrors((await postCase(em106, tip.reference, { intent: "note", body: "  " })).data)).toEqual({ body: ["errors.note.empty"] });
  });

  it("the agency adds evidence (origin staff, same checks as intake)", async () => {
    const tip = await acceptedCase({ investigating: true });
    const res = await postCase(em106, tip.reference, { intent: "evidence" }, [await pngBytes()]);
    expect(res.data).toMatchObject({ intent: "evidence", done: true });
    const bad = await postCase(em106, tip.reference, { intent: "evidence" }, [Buffer.from("not an image at all")]);
    expect(bad.status).toBe(400);
    expect(replyErrors(bad.data)).toEqual({ evidence: ["errors.attachments.unsupported_type|n=1"] });
    expect(await m.sqlClient()`select origin from attachments where tip_id = ${tip.id}`).toEqual([{ origin: "staff" }]);
    expect((await ledgerOf(tip.id)).filter((l) => l.action === "case.evidence_added")).toEqual([expect.objectContaining({ details: { attachments: 1 } })]);
  });
});

describe("reopen", () => {
  it("the supervisor reopens a closed case on new evidence: back to the triage queue, without an agency", async () => {
    const tip = await closedCase(desk106, em106, { ...caseTip(), conclusion: { finding: "unsubstantiated" } });
    // The agency officer may not reopen.
    expect((await refusal(m.reopenCase(em106, tip.reference, { reason: "举报人补充了新的现场照片。" }))).code).toBe("errors.transition.not_allowed_for_actor");

    const res = await postCase(supEm100, tip.reference, { intent: "reopen", reason: "举报人补充了新的现场照片，显示报警器仍未安装。" });
    expect(res.status).toBe(303);
    const row = await caseRow(tip.reference);
    expect(row).toMatchObject({ state: "reopened", agencyId: null, closedOn: null });
    const queue = await m.listTriageQueue(desk106, { q: tip.reference });
    expect(queue.rows.map((r) => r.reference)).toEqual([tip.reference]);
    const last = (await ledgerOf(tip.id)).at(-1)!;
    expect(last).toMatchObject({ action: "case.reopen", actor_id: supEm100.staffId, details: { from: "closed", to: "reopened", reason: "举报人补充了新的现场照片，显示报警器仍未安装。" } });

    // Routed and worked again, a new conclusion replaces the outcome.
    await m.routeCase(desk106, tip.reference, {});
    await m.acceptCase(em106, tip.reference);
    await m.startInvestigation(em106, tip.reference);
    await m.concludeCase(em106, tip.reference, concludeInput({ finding: "substantiated", rectificationOrdered: "on", items: [{ action: "重新安装可燃气体报警器", responsibleRole: "principal", dueOn: plusDays(localDay(), 15) }] }));
    expect(await outcomeOf(tip.id)).toMatchObject({ finding: "substantiated", rectificationOrdered: true });
  });
});
