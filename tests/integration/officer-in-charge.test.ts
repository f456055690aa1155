import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StaffContext } from "../../app/lib/staff-session.server";
import { AppError } from "../../app/lib/app-error";
import { acceptedCase, closedCase, routedTip, staffMember, type BuiltTip } from "../support/builders";

// The officer in charge of a case (承办人, issue 15, ADR 036), on real PostgreSQL: acceptance puts the
// accepting officer in charge, a supervisor of the same agency reassigns with a reason, both in the
// ledger; visibility is unchanged (another agency gets the 404); a deactivated or moved officer's
// cases are unassigned at once in the views and the workload; reminders reach the officer's own
// address once, and never when the conflict-of-interest rule bars the agency.

type M = typeof import("../../app/lib/db.server") &
  typeof import("../../app/services/agency-accept.server") &
  typeof import("../../app/services/agency-return.server") &
  typeof import("../../app/services/agency-inbox.server") &
  typeof import("../../app/services/case-assignment.server") &
  typeof import("../../app/services/case-reassign.server") &
  typeof import("../../app/services/case-details-for-staff.server") &
  typeof import("../../app/services/send-deadline-reminders.server") &
  typeof import("../../app/services/case-reopen.server") &
  typeof import("../../app/services/triage-route.server");
let m: M;

let desk: StaffContext; // 西湖区安委办 triage desk
let wang: StaffContext; // 西湖区应急管理局 officer, accepts
let li: StaffContext; // a second officer of the same agency
let lead: StaffContext; // 西湖区应急管理局 supervisor: reassigns
let citySup: StaffContext; // 杭州市应急管理局 supervisor: sees the case, does not reassign
let binjiang: StaffContext; // 滨江区应急管理局 officer: another agency
let binjiangSup: StaffContext; // 滨江区应急管理局 supervisor

beforeAll(async () => {
  m = {
    ...(await import("../../app/lib/db.server")),
    ...(await import("../../app/services/agency-accept.server")),
    ...(await import("../../app/services/agency-return.server")),
    ...(await import("../../app/services/agency-inbox.server")),
    ...(await import("../../app/services/case-assignment.server")),
    ...(await import("../../app/services/case-reassign.server")),
    ...(await import("../../app/services/case-details-for-staff.server")),
    ...(await import("../../app/services/send-deadline-reminders.server")),
    ...(await import("../../app/services/case-reopen.server")),
    ...(await import("../../app/services/triage-route.server")),
  };
  [desk, wang, li, lead, citySup, binjiang, binjiangSup] = await Promise.all([
    staffMember("triage_officer", "safety_committee", "330106"),
    staffMember("agency_officer", "emergency_management", "330106", { displayName: "王五" }),
    staffMember("agency_officer", "emergency_management", "330106", { displayName: "李四" }),
    staffMember("supervisor", "emergency_management", "330106", { displayName: "赵督办" }),
    staffMember("supervisor", "emergency_management", "330100"),
    staffMember("agency_officer", "emergency_management", "330108"),
    staffMember("supervisor", "emergency_management", "330108"),
  ]);
});
afterAll(async () => {
  await m?.closeDb();
});

const sql = () => m.sqlClient();
const REASON = "王五参加专项检查两周，由李四接手";

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string; field?: string }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return { code: e.code, message: e.messageKey, field: e.field };
    throw e;
  }
  throw new Error("expected a refusal");
}

async function officerOf(tip: BuiltTip) {
  const [row] = await sql()`select assigned_officer_id::text as id from tips where id = ${tip.id}::uuid`;
  return (row?.id as string | null) ?? null;
}

async function ledger(tip: BuiltTip, action: string) {
  const rows = await sql()`select actor_id::text as actor, details from ledger_entries where chain = ${"tip:" + tip.id} and action = ${action} order by seq`;
  return rows.map((r) => ({ actor: r.actor as string, details: r.details as Record<string, unknown> }));
}

const inboxRefs = async (staff: StaffContext, view?: "all" | "mine" | "unassigned") => (await m.listAgencyInbox(staff, { view })).rows.map((r) => r.reference);

describe("acceptance puts the accepting officer in charge", () => {
  it("sets the officer and writes case.assigned in the same transaction as case.accept", async () => {
    const tip = await acceptedCase(desk, wang);
    expect(await officerOf(tip)).toBe(wang.staffId);
    const entries = await sql()`select action from ledger_entries where chain = ${"tip:" + tip.id} order by seq`;
    const actions = entries.map((e) => e.action as string);
    expect(actions.slice(-2)).toEqual(["case.accept", "case.assigned"]);
    expect(await ledger(tip, "case.assigned")).toEqual([{ actor: wang.staffId, details: { officerId: wang.staffId, officerName: "王五" } }]);
    // The inbox names the officer; the case page's view too.
    const row = (await m.listAgencyInbox(wang, {})).rows.find((r) => r.reference === tip.reference)!;
    expect(row.officerName).toBe("王五");
    const [c] = await sql()`select state, agency_id::text as "agencyId", assigned_officer_id::text as "assignedOfficerId" from tips where id = ${tip.id}::uuid`;
    const view = await m.caseAssignmentView(lead, c as { state: string; agencyId: string; assignedOfficerId: string });
    expect(view.officer?.displayName).toBe("王五");
    expect(view.mayReassign).toBe(true);
    expect(view.candidates.map((o) => o.displayName)).toContain("李四");
    expect(view.candidates.map((o) => o.id)).not.toContain(wang.staffId);
    expect((await m.caseAssignmentView(wang, c as { state: string; agencyId: string; assignedOfficerId: string })).mayReassign).toBe(false);
  });

  it("a routed case not yet accepted has nobody in charge; a return clears the officer", async () => {
    const tip = await routedTip(desk);
    expect(await officerOf(tip)).toBeNull();
    const accepted = await acceptedCase(desk, wang);
    await sql()`update tips set state = 'assigned' where id = ${accepted.id}::uuid`; // as if re-routed to the same agency
    await m.returnCase(wang, accepted.reference, { reason: "不属于本单位职责范围" });
    expect(await officerOf(accepted)).toBeNull();
  });
});

describe("a case that leaves the agency", () => {
  it("a closed case keeps its officer; a reopen clears it; the next acceptance puts the accepting officer in charge", async () => {
    const tip = await closedCase(desk, wang);
    expect(await officerOf(tip)).toBe(wang.staffId);
    await m.reopenCase(citySup, tip.reference, { reason: "举报人补充了新的现场照片，报警器仍未安装。" });
    expect(await officerOf(tip)).toBeNull();
    await m.routeCase(desk, tip.reference, {});
    expect(await officerOf(tip)).toBeNull();
    await m.acceptCase(li, tip.reference);
    expect(await officerOf(tip)).toBe(li.staffId);
    expect((await ledger(tip, "case.assigned")).map((e) => e.actor)).toEqual([wang.staffId, li.staffId]);
  });
});

describe("reassigning", () => {
  it("a supervisor of the holding agency reassigns to another active officer: case.reassigned with from, to and reason", async () => {
    const tip = await acceptedCase(desk, wang, { investigating: true });
    await m.reassignCase(lead, tip.reference, { officerId: li.staffId, reason: `  ${REASON} ` });
    expect(await officerOf(tip)).toBe(li.staffId);
    expect(await ledger(tip, "case.reassigned")).toEqual([
      { actor: lead.staffId, details: { fromOfficerId: wang.staffId, fromName: "王五", toOfficerId: li.staffId, toName: "李四", reason: REASON } },
    ]);
    expect(await inboxRefs(li, "mine")).toContain(tip.reference);
    expect(await inboxRefs(wang, "mine")).not.toContain(tip.reference);
    // Wang still sees the case (it is his agency's), as before.
    expect(await inboxRefs(wang)).toContain(tip.reference);
  });

  it("refuses the officers, the supervisor above, a wrong target and a missing reason", async () => {
    const tip = await acceptedCase(desk, wang);
    expect(await refusal(m.reassignCase(wang, tip.reference, { officerId: li.staffId, reason: REASON }))).toMatchObject({ code: "forbidden", message: "errors.assign.not_lead" });
    expect(await refusal(m.reassignCase(li, tip.reference, { officerId: li.staffId, reason: REASON }))).toMatchObject({ code: "forbidden", message: "errors.assign.not_lead" });
    // The city supervisor sees the case (its subtree) but does not manage the county's officers.
    expect(await refusal(m.reassignCase(citySup, tip.reference, { officerId: li.staffId, reason: REASON }))).toMatchObject({ code: "forbidden", message: "errors.assign.not_lead" });
    expect(await refusal(m.reassignCase(lead, tip.reference, { officerId: binjiang.staffId, reason: REASON }))).toMatchObject({
      code: "invalid_input",
      field: "officerId",
      message: "errors.assign.other_agency",
    });
    expect(await refusal(m.reassignCase(lead, tip.reference, { officerId: lead.staffId, reason: REASON }))).toMatchObject({ code: "invalid_input", message: "errors.assign.not_officer" });
    expect(await refusal(m.reassignCase(lead, tip.reference, { officerId: wang.staffId, reason: REASON }))).toMatchObject({ code: "invalid_input", message: "errors.assign.same_officer" });
    expect(await refusal(m.reassignCase(lead, tip.reference, { officerId: li.staffId, reason: "  短 " }))).toMatchObject({
      code: "invalid_input",
      field: "reason",
      message: "errors.assign.reason_required",
    });
    expect(await refusal(m.reassignCase(lead, tip.reference, { officerId: "00000000-0000-4000-8000-000000000000", reason: REASON }))).toMatchObject({ code: "invalid_input", field: "officerId" });
    expect(await officerOf(tip)).toBe(wang.staffId);
    expect(await ledger(tip, "case.reassigned")).toEqual([]);
  });

  it("another agency gets the 404, on the case and on the reassignment, as before", async () => {
    const tip = await acceptedCase(desk, wang);
    for (const other of [binjiang, binjiangSup]) {
      expect(await refusal(m.caseDetailsForStaff(other, tip.reference))).toMatchObject({ code: "not_found" });
      expect(await refusal(m.reassignCase(other, tip.reference, { officerId: li.staffId, reason: REASON }))).toMatchObject({ code: "not_found" });
      expect(await inboxRefs(other)).not.toContain(tip.reference);
    }
    // Not even to one of its own officers.
    expect(await refusal(m.reassignCase(binjiangSup, tip.reference, { officerId: binjiang.staffId, reason: REASON }))).toMatchObject({ code: "not_found" });
    expect(await officerOf(tip)).toBe(wang.staffId);
  });

  it("a case not yet accepted cannot be given an officer", async () => {
    const tip = await routedTip(desk);
    expect(await refusal(m.reassignCase(lead, tip.reference, { officerId: li.staffId, reason: REASON }))).toMatchObject({ code: "conflict", message: "errors.assign.not_assignable" });
  });
});

describe("a deactivated or moved officer's cases are unassigned at once", () => {
  it("in the views, the case page and the workload; a supervisor then puts someone in charge", async () => {
    const zhou = await staffMember("agency_officer", "emergency_management", "330106", { displayName: "周六" });
    const a = await acceptedCase(desk, zhou);
    const b = await acceptedCase(desk, zhou, { investigating: true });
    const before = await m.agencyWorkload(lead);
    expect(before.officers.find((o) => o.id === zhou.staffId)).toMatchObject({ open: 2 });
    expect(await inboxRefs(lead, "unassigned")).not.toContain(a.reference);

    await sql()`update staff_accounts set active = false where id = ${zhou.staffId}::uuid`;
    const after = await m.agencyWorkload(lead);
    expect(after.officers.map((o) => o.id)).not.toContain(zhou.staffId);
    expect(after.unassigned.open).toBe(before.unassigned.open + 2);
    const unassigned = await inboxRefs(lead, "unassigned");
    expect(unassigned).toEqual(expect.arrayContaining([a.reference, b.reference]));
    expect((await m.listAgencyInbox(lead, {})).rows.find((r) => r.reference === a.reference)!.officerName).toBeNull();
    const [row] = await sql()`select state, agency_id::text as "agencyId", assigned_officer_id::text as "assignedOfficerId" from tips where id = ${a.id}::uuid`;
    expect((await m.caseAssignmentView(lead, row as { state: string; agencyId: string; assignedOfficerId: string })).officer).toBeNull();

    // Nobody in charge: the supervisor gives it to Li; the ledger says it came from nobody.
    await m.reassignCase(lead, a.reference, { officerId: li.staffId, reason: REASON });
    expect((await ledger(a, "case.reassigned"))[0]!.details).toMatchObject({ fromOfficerId: null, toOfficerId: li.staffId });
    expect(await inboxRefs(lead, "unassigned")).not.toContain(a.reference);
    // A deactivated officer cannot be chosen.
    expect(await refusal(m.reassignCase(lead, b.reference, { officerId: zhou.staffId, reason: REASON }))).toMatchObject({ code: "invalid_input", message: "errors.assign.inactive" });
  });

  it("an officer moved to another agency: their old agency's cases are unassigned, the new agency does not see them", async () => {
    const qian = await staffMember("agency_officer", "emergency_management", "330106", { displayName: "钱七" });
    const tip = await acceptedCase(desk, qian);
    const [binjiangAgency] = await sql()`select id from agencies where department_type = 'emergency_management' and place_code = '330108'`;
    await sql()`update staff_accounts set agency_id = ${binjiangAgency!.id} where id = ${qian.staffId}::uuid`;
    expect(await inboxRefs(lead, "unassigned")).toContain(tip.reference);
    const moved = { ...qian, agency: { ...binjiang.agency! } };
    expect(await inboxRefs(moved, "mine")).not.toContain(tip.reference);
    expect(await refusal(m.caseDetailsForStaff(moved, tip.reference))).toMatchObject({ code: "not_found" });
  });
});

describe("views and workload", () => {
  it("my cases lists only the viewer's; a supervisor has no 'mine'; the workload counts overdue and due within 7 days", async () => {
    const sun = await staffMember("agency_officer", "emergency_management", "330106", { displayName: "孙八" });
    const due = await acceptedCase(desk, sun);
    const overdue = await acceptedCase(desk, sun, { investigating: true });
    const later = await acceptedCase(desk, sun);
    const [{ today }] = (await sql()`select (now() at time zone 'Asia/Shanghai')::date::text as today`) as unknown as [{ today: string }];
    await sql()`update tips set due_on = ${today}::date + 3 where id = ${due.id}::uuid`;
    await sql()`update tips set due_on = ${today}::date - 2 where id = ${overdue.id}::uuid`;
    await sql()`update tips set due_on = ${today}::date + 40 where id = ${later.id}::uuid`;
    expect((await inboxRefs(sun, "mine")).sort()).toEqual([due.reference, overdue.reference, later.reference].sort());
    expect(await inboxRefs(lead, "mine")).toEqual([]);
    const w = await m.agencyWorkload(wang);
    expect(w.officers.find((o) => o.id === sun.staffId)).toMatchObject({ displayName: "孙八", open: 3, overdue: 1, dueWeek: 1 });
    // Another agency's workload knows nothing of these.
    const other = await m.agencyWorkload(binjiangSup);
    expect(other.officers.map((o) => o.id)).not.toContain(sun.staffId);
  });
});

describe("deadline reminders reach the officer in charge", () => {
  async function reminderJobs(reference: string) {
    const rows = await sql()`
      select j.payload, j.key from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
      where t.identifier = 'send_email' and j.payload->>'template' = 'deadline_reminder' and j.payload->'data'->>'reference' = ${reference}`;
    return rows.map((r) => (r.payload as { to: string }).to).sort();
  }

  it("the agency's inbox and the officer's own address, once each however often the job runs", async () => {
    const tip = await acceptedCase(desk, wang);
    await sql()`update tips set due_on = (now() at time zone 'Asia/Shanghai')::date + 2 where id = ${tip.id}::uuid`;
    await Promise.all([m.sendDeadlineReminders(), m.sendDeadlineReminders()]);
    await m.sendDeadlineReminders();
    expect(await reminderJobs(tip.reference)).toEqual(["emergency-management.330106@agencies.canary.invalid", wang.email].sort());
  });

  it("nobody in charge (officer deactivated): the inbox only", async () => {
    const wu = await staffMember("agency_officer", "emergency_management", "330106");
    const tip = await acceptedCase(desk, wu);
    await sql()`update staff_accounts set active = false where id = ${wu.staffId}::uuid`;
    await sql()`update tips set due_on = (now() at time zone 'Asia/Shanghai')::date + 1 where id = ${tip.id}::uuid`;
    await m.sendDeadlineReminders();
    expect(await reminderJobs(tip.reference)).toEqual(["emergency-management.330106@agencies.canary.invalid"]);
  });

  it("a case implicating the agency's county: neither the inbox nor the officer is told", async () => {
    const tip = await acceptedCase(desk, wang);
    await sql()`update tips set due_on = (now() at time zone 'Asia/Shanghai')::date + 1, implicated_place_code = '330106' where id = ${tip.id}::uuid`;
    await m.sendDeadlineReminders();
    expect(await reminderJobs(tip.reference)).toEqual([]);
    // Nor do the views or the workload show it to the agency any longer.
    expect(await inboxRefs(wang, "mine")).not.toContain(tip.reference);
  });
});
