import { replyErrors, settle } from "../support/replies";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Issue #10 item 5: an administrator alone cannot come to read cases. A role that reads case
// content is granted only when a different administrator approves (docs/decisions/014); the
// invitation link and one-time passwords go only by email to the account's own address.

type M = typeof import("../../app/lib/db.server") &
  typeof import("../../app/lib/staff-session.server") &
  typeof import("../../app/services/accept-staff-invitation.server") & {
    staffList: typeof import("../../app/routes/staff.admin.staff");
    staffOne: typeof import("../../app/routes/staff.admin.staff_.$id");
    approvals: typeof import("../../app/routes/staff.admin.approvals");
  };
let m: M;
type Person = { id: string; cookie: string; csrf: string };
let adminA: Person;
let adminB: Person;
let auditor: Person;
let triageDesk: string;

const ORIGIN = "http://canary.test";
const uniq = () => randomBytes(4).toString("hex");
async function account(role: string, agencyId: string | null = null): Promise<Person> {
  const [row] = await m.sqlClient()`
    insert into staff_accounts (email, display_name, role, agency_id, password_hash)
    values (${`${role}-${uniq()}@two.canary.invalid`}, ${`两人 ${role}`}, ${role}, ${agencyId}, 'not-a-real-hash') returning id`;
  const id = row!.id as string;
  const cookie = (await m.createStaffSession(m.db(), id, { secondFactorDone: true })).split(";")[0]!;
  const staff = await m.requireStaff(new Request(`${ORIGIN}/staff`, { headers: { cookie } }));
  return { id, cookie, csrf: staff.csrf };
}

const get = (path: string, who: Person) => new Request(ORIGIN + path, { headers: { cookie: who.cookie } });
const post = (path: string, who: Person, fields: Record<string, string>) => {
  const body = new URLSearchParams({ ...fields, csrf: who.csrf });
  return new Request(ORIGIN + path, { method: "POST", body, headers: { cookie: who.cookie } });
};
const call = (fn: (args: any) => Promise<unknown>, request: Request, params: Record<string, string> = {}) => settle(() => fn({ request, params, context: {} }));

const invite = (who: Person, fields: Record<string, string>) => call(m.staffList.action, post("/staff/admin/staff", who, { intent: "invite", ...fields }));
const decide = (who: Person, intent: "approve" | "refuse", requestId: string, reason = "已电话核实，同意授权") =>
  call(m.approvals.action, post("/staff/admin/approvals", who, { intent, requestId, reason }));

async function emailsTo(to: string) {
  const jobs = await m.sqlClient()`select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'send_email' and j.payload->>'to' = ${to} order by j.id`;
  return jobs.map((j) => j.payload as { template: string; data: Record<string, any> });
}
const requestOf = async (staffId: string) => (await m.sqlClient()`select * from approval_requests where kind = 'role_grant' and subject_id = ${staffId} order by requested_at`) as any[];
const ledgerOf = async (staffId: string) => (await m.sqlClient()`select actor_id, action, details from ledger_entries where chain = ${"admin:staff:" + staffId} order by seq`) as any[];
const accountRow = async (id: string) => (await m.sqlClient()`select role, agency_id, active, password_hash, invite_token_hash from staff_accounts where id = ${id}`)[0]!;

beforeAll(async () => {
  m = {
    ...(await import("../../app/lib/db.server")),
    ...(await import("../../app/lib/staff-session.server")),
    ...(await import("../../app/services/accept-staff-invitation.server")),
    staffList: await import("../../app/routes/staff.admin.staff"),
    staffOne: await import("../../app/routes/staff.admin.staff_.$id"),
    approvals: await import("../../app/routes/staff.admin.approvals"),
  };
  triageDesk = (await m.sqlClient()`select id from agencies where department_type = 'safety_committee' and place_code = '330100'`)[0]!.id as string;
  adminA = await account("administrator");
  adminB = await account("administrator");
  auditor = await account("auditor");
});
afterAll(async () => m?.closeDb());

describe("two-person rule for roles that read case content", () => {
  it("inviting a triage officer grants nothing and sends nothing until a different administrator approves; then the invitation is emailed", async () => {
    const email = `desk-${uniq()}@two.canary.invalid`;
    const res = await invite(adminA, { email, displayName: "钱受理", role: "triage_officer", agencyId: triageDesk, reason: "新同事入职，负责受理工作" });
    expect(res.status).toBe(200);
    expect(res.data.kind).toBe("awaiting-approval");
    expect(JSON.stringify(res.data)).not.toMatch(/invitation\//);
    const staffId = res.data.staffId as string;
    // Not active, no invitation token, no email: the link the issue opened does not exist yet.
    expect(await accountRow(staffId)).toMatchObject({ active: false, password_hash: null, invite_token_hash: null });
    expect(await emailsTo(email)).toHaveLength(0);
    const [request] = await requestOf(staffId);
    expect(request).toMatchObject({ state: "pending", requested_by: adminA.id, reason: "新同事入职，负责受理工作", payload: { role: "triage_officer", agencyId: triageDesk, invitation: true } });

    // The requester cannot approve it, whatever the page shows (server-side check).
    const own = await decide(adminA, "approve", request.id);
    expect(own.status).toBe(403);
    expect(replyErrors(own.data).form).toEqual(["admin.errors.approval.ownRequest"]);
    expect((await requestOf(staffId))[0].state).toBe("pending");
    // The auditor changes nothing: the approvals page and its action are not theirs.
    expect((await call(m.approvals.loader, get("/staff/admin/approvals", auditor))).status).toBe(403);
    expect((await decide(auditor, "approve", request.id)).status).toBe(403);
    expect(await emailsTo(email)).toHaveLength(0);

    // The page lists it for the second administrator, with an approve form, and for the requester without one.
    const pageB = await call(m.approvals.loader, get("/staff/admin/approvals", adminB));
    expect(pageB.data.requests.find((r: any) => r.id === request.id)).toMatchObject({ mine: false, role: "triage_officer", staff: { id: staffId } });
    const pageA = await call(m.approvals.loader, get("/staff/admin/approvals", adminA));
    expect(pageA.data.requests.find((r: any) => r.id === request.id).mine).toBe(true);

    const ok = await decide(adminB, "approve", request.id);
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe("/staff/admin/approvals?done=approved");
    expect(await accountRow(staffId)).toMatchObject({ active: true, role: "triage_officer", agency_id: triageDesk });
    const mails = await emailsTo(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.template).toBe("staff_invitation");
    expect(await m.findStaffInvitation(mails[0]!.data.token)).toMatchObject({ kind: "valid", email });
    // Approved once: a second decision is refused.
    expect((await decide(adminB, "approve", request.id)).status).toBe(409);

    const ledger = await ledgerOf(staffId);
    expect(ledger.map((e) => e.action)).toEqual(["admin.staff.invited", "admin.staff.role_grant_requested", "admin.staff.role_grant_approved"]);
    expect(ledger[1]).toMatchObject({ actor_id: adminA.id, details: { role: "triage_officer", agencyId: triageDesk, reason: "新同事入职，负责受理工作" } });
    expect(ledger[2]).toMatchObject({ actor_id: adminB.id, details: { role: "triage_officer", agencyId: triageDesk, requestedBy: adminA.id, reason: "已电话核实，同意授权" } });
  });

  it("an administrator cannot approve a grant for their own account, and a refused grant grants nothing", async () => {
    const auditorToBe = await account("auditor");
    const r = await call(m.staffOne.action, post(`/staff/admin/staff/${auditorToBe.id}`, adminA, { intent: "update", displayName: "两人 auditor", role: "supervisor", agencyId: triageDesk, reason: "调到督办岗位" }), {
      id: auditorToBe.id,
    });
    expect(r.status).toBe(303);
    expect(r.headers.get("location")).toBe(`/staff/admin/staff/${auditorToBe.id}?done=awaitingApproval`);
    // A second request for the same account is refused while one is pending.
    const again = await call(m.staffOne.action, post(`/staff/admin/staff/${auditorToBe.id}`, adminA, { intent: "update", displayName: "两人 auditor", role: "agency_officer", agencyId: triageDesk, reason: "改为承办岗位" }), {
      id: auditorToBe.id,
    });
    expect(again.status).toBe(409);
    expect(replyErrors(again.data).form).toEqual(["admin.errors.approval.alreadyPending"]);
    const [request] = await requestOf(auditorToBe.id);

    const refused = await decide(adminB, "refuse", request.id, "没有调岗文件，不予授权");
    expect(refused.status).toBe(303);
    expect(refused.headers.get("location")).toBe("/staff/admin/approvals?done=refused");
    expect(await accountRow(auditorToBe.id)).toMatchObject({ role: "auditor", active: true });
    expect((await requestOf(auditorToBe.id))[0]).toMatchObject({ state: "refused", decided_by: adminB.id, decision_note: "没有调岗文件，不予授权" });
    const refusedEntry = (await ledgerOf(auditorToBe.id)).find((e) => e.action === "admin.staff.role_grant_refused");
    expect(refusedEntry).toMatchObject({ actor_id: adminB.id, details: { role: "supervisor", reason: "没有调岗文件，不予授权", requestedBy: adminA.id } });

    // A grant for adminB themselves (moved to a desk by adminA) cannot be approved by adminB.
    const toDesk = await call(m.staffOne.action, post(`/staff/admin/staff/${adminB.id}`, adminA, { intent: "update", displayName: "两人 administrator", role: "triage_officer", agencyId: triageDesk, reason: "兼任受理员" }), { id: adminB.id });
    expect(toDesk.status).toBe(303);
    const [selfRequest] = await requestOf(adminB.id);
    const self = await decide(adminB, "approve", selfRequest.id);
    expect(self.status).toBe(403);
    expect(replyErrors(self.data).form).toEqual(["admin.errors.approval.ownAccount"]);
    // The one who asked may withdraw it.
    const withdrawn = await decide(adminA, "refuse", selfRequest.id, "填错了，撤回");
    expect(withdrawn.headers.get("location")).toBe("/staff/admin/approvals?done=withdrawn");
    expect((await accountRow(adminB.id)).role).toBe("administrator");
  });

  it("moving an agency officer to another agency waits for approval; the reason is required", async () => {
    const em106 = (await m.sqlClient()`select id from agencies where department_type = 'emergency_management' and place_code = '330106'`)[0]!.id as string;
    const em108 = (await m.sqlClient()`select id from agencies where department_type = 'emergency_management' and place_code = '330108'`)[0]!.id as string;
    const officer = await account("agency_officer", em106);
    const path = `/staff/admin/staff/${officer.id}`;
    const noReason = await call(m.staffOne.action, post(path, adminA, { intent: "update", displayName: "两人 agency_officer", role: "agency_officer", agencyId: em108, reason: "" }), { id: officer.id });
    expect(noReason.status).toBe(400);
    expect(replyErrors(noReason.data).reason).toEqual(["admin.errors.reason.required"]);
    expect(await requestOf(officer.id)).toHaveLength(0);
    const moved = await call(m.staffOne.action, post(path, adminA, { intent: "update", displayName: "两人 agency_officer", role: "agency_officer", agencyId: em108, reason: "调到滨江区应急管理局" }), { id: officer.id });
    expect(moved.headers.get("location")).toBe(`${path}?done=awaitingApproval`);
    expect((await accountRow(officer.id)).agency_id).toBe(em106);
    expect((await call(m.staffOne.loader, get(path, adminA), { id: officer.id })).data.person.awaitingApproval).toBe(true);
    const [request] = await requestOf(officer.id);
    expect((await decide(adminB, "approve", request.id)).status).toBe(303);
    expect((await accountRow(officer.id)).agency_id).toBe(em108);
  });

  it("a one-time password for a content-reading account is emailed to its own address, never shown to the administrator", async () => {
    const desk = await account("triage_officer", triageDesk);
    const [row] = await m.sqlClient()<{ email: string }[]>`select email from staff_accounts where id = ${desk.id}`;
    const email = row!.email;
    const r = await call(m.staffOne.action, post(`/staff/admin/staff/${desk.id}`, adminA, { intent: "one-time-password", reason: "本人忘记密码，电话核实" }), { id: desk.id });
    expect(r.status).toBe(200);
    // Conform's done reply (the form reset) and the notice: nothing else, never the password.
    expect(r.data).toEqual({ intent: "one-time-password", result: expect.any(Object), done: true, kind: "password", email });
    const [mail] = await emailsTo(email);
    expect(mail!.template).toBe("staff_one_time_password");
    expect(JSON.stringify(r.data)).not.toContain(mail!.data.oneTimeCode);
    expect(mail!.data.oneTimeCode).toMatch(/^[2-9a-z]{4}(-[2-9a-z]{4}){4}$/);
  });

  it("a reissued invitation is emailed, not shown", async () => {
    const email = `audit-${uniq()}@two.canary.invalid`;
    const res = await invite(adminA, { email, displayName: "孙审计", role: "auditor", agencyId: "", reason: "新同事入职，负责审计" });
    expect(res.data.kind).toBe("invited");
    const again = await call(m.staffOne.action, post(`/staff/admin/staff/${res.data.staffId}`, adminA, { intent: "reissue-invitation", reason: "邮件被拦截了" }), { id: res.data.staffId });
    expect(again.data).toMatchObject({ kind: "invitation", email });
    expect(again.data.link).toBeUndefined();
    const mails = await emailsTo(email);
    expect(mails).toHaveLength(2);
    expect(JSON.stringify(again.data)).not.toContain(mails[1]!.data.token);
  });
});
