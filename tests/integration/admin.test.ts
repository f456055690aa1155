import { replyDone, replyErrors, replyValues, settle } from "../support/replies";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// App modules are imported in beforeAll: tests/support/env.ts must set DATABASE_URL and
// CANARY_MASTER_KEY first. Loaders and actions are called directly, with a real staff session.
type M = {
  index: typeof import("../../app/routes/staff.admin._index");
  staffList: typeof import("../../app/routes/staff.admin.staff");
  staffOne: typeof import("../../app/routes/staff.admin.staff_.$id");
  approvals: typeof import("../../app/routes/staff.admin.approvals");
  agencies: typeof import("../../app/routes/staff.admin.agencies");
  agencyOne: typeof import("../../app/routes/staff.admin.agencies_.$id");
  routing: typeof import("../../app/routes/staff.admin.routing");
  desks: typeof import("../../app/routes/staff.admin.desks");
  db: typeof import("../../app/lib/db.server").db;
  sqlClient: typeof import("../../app/lib/db.server").sqlClient;
  closeDb: typeof import("../../app/lib/db.server").closeDb;
  createStaffSession: typeof import("../../app/lib/staff-session.server").createStaffSession;
  requireStaff: typeof import("../../app/lib/staff-session.server").requireStaff;
  readStaffSession: typeof import("../../app/lib/staff-session.server").readStaffSession;
  keyedHash: typeof import("../../app/lib/crypto.server").keyedHash;
  entryHash: typeof import("../../app/lib/ledger.server").entryHash;
  GENESIS: typeof import("../../app/lib/ledger.server").GENESIS;
  verify: typeof import("@node-rs/argon2").verify;
  INVITATION_HASH_PURPOSE: string;
};
let m: M;

beforeAll(async () => {
  m = {
    index: await import("../../app/routes/staff.admin._index"),
    staffList: await import("../../app/routes/staff.admin.staff"),
    staffOne: await import("../../app/routes/staff.admin.staff_.$id"),
    approvals: await import("../../app/routes/staff.admin.approvals"),
    agencies: await import("../../app/routes/staff.admin.agencies"),
    agencyOne: await import("../../app/routes/staff.admin.agencies_.$id"),
    routing: await import("../../app/routes/staff.admin.routing"),
    desks: await import("../../app/routes/staff.admin.desks"),
    ...(await import("../../app/lib/db.server")),
    ...(await import("../../app/lib/staff-session.server")),
    ...(await import("../../app/lib/crypto.server")),
    ...(await import("../../app/lib/ledger.server")),
    verify: (await import("@node-rs/argon2")).verify,
    INVITATION_HASH_PURPOSE: (await import("../../app/services/admin-invite-staff.server")).INVITATION_HASH_PURPOSE,
  };
  admin = await signIn("administrator");
  secondAdmin = await signIn("administrator");
});
afterAll(async () => {
  await m?.closeDb();
});

// ------------------------------------------------------------------ helpers

const ORIGIN = "http://canary.test";
const uniq = () => randomBytes(4).toString("hex");
type Json = any;
type Role = "triage_officer" | "agency_officer" | "supervisor" | "administrator" | "auditor";
type Person = { id: string; cookie: string; csrf: string };
let admin: Person;
/** The second administrator of the two-person rule (docs/decisions/014). */
let secondAdmin: Person;

/** The pending role grant of an account, approved by `who` on /staff/admin/approvals. */
async function approveGrantOf(staffId: string, who: Person, reason = "已核实调岗文件，同意授权") {
  const [request] = await m.sqlClient()`select id from approval_requests where kind = 'role_grant' and subject_id = ${staffId} and state = 'pending'`;
  expect(request, "a pending role grant").toBeTruthy();
  return call(m.approvals.action, post("/staff/admin/approvals", who, { intent: "approve", requestId: request!.id as string, reason }));
}


async function agencyId(departmentType: string, placeCode: string): Promise<string> {
  const [row] = await m.sqlClient()`select id from agencies where department_type = ${departmentType} and place_code = ${placeCode}`;
  expect(row).toBeTruthy();
  return row!.id as string;
}

/** A staff account with a live session (password and second factor done): its cookie and csrf. */
async function signIn(role: Role, agency?: string | null): Promise<Person> {
  const agencyFor: Record<Role, [string, string] | null> = {
    triage_officer: ["safety_committee", "330100"],
    agency_officer: ["emergency_management", "330106"],
    supervisor: ["emergency_management", "330100"],
    administrator: null,
    auditor: null,
  };
  const a = agency !== undefined ? agency : agencyFor[role] ? await agencyId(...agencyFor[role]!) : null;
  const [row] = await m.sqlClient()`
    insert into staff_accounts (email, display_name, role, agency_id, password_hash)
    values (${`${role}-${uniq()}@staff.canary.invalid`}, ${`测试 ${role}`}, ${role}, ${a}, 'not-a-real-hash')
    returning id`;
  const id = row!.id as string;
  const setCookie = await m.createStaffSession(m.db(), id, { secondFactorDone: true });
  const cookie = setCookie.split(";")[0]!;
  const staff = await m.requireStaff(new Request(`${ORIGIN}/staff`, { headers: { cookie } }));
  return { id, cookie, csrf: staff.csrf };
}

function get(path: string, who: Person | null): Request {
  return new Request(ORIGIN + path, { headers: who ? { cookie: who.cookie } : {} });
}

function post(path: string, who: Person | null, fields: Record<string, string>, opts: { csrf?: boolean } = {}): Request {
  const body = new URLSearchParams(fields);
  if (who && opts.csrf !== false) body.set("csrf", who.csrf);
  return new Request(ORIGIN + path, { method: "POST", body, headers: who ? { cookie: who.cookie } : {} });
}

type RouteModule = { loader: (args: any) => Promise<unknown>; action?: (args: any) => Promise<unknown> };
const call = (fn: (args: any) => Promise<unknown>, request: Request, params: Record<string, string> = {}) => settle(() => fn({ request, params, context: {} }));

async function ledgerFor(subjectId: string) {
  return m.sqlClient()`
    select chain, seq, actor_type, actor_id, action, subject_type, subject_id, details
    from ledger_entries where subject_id = ${subjectId} order by id`;
}

/** Recomputes a chain's hashes: the admin entries are part of the tamper-evident ledger. */
async function expectChainIntact(chain: string) {
  const rows = await m.sqlClient()`
    select chain, seq, recorded_on::text as recorded_on, recorded_at, actor_type, actor_id, action, subject_type, subject_id, details, prev_hash, hash
    from ledger_entries where chain = ${chain} order by seq`;
  let prev = m.GENESIS;
  rows.forEach((r, i) => {
    expect(r.seq).toBe(i + 1);
    expect(Buffer.from(r.prev_hash).equals(prev)).toBe(true);
    const h = m.entryHash({
      chain: r.chain,
      seq: r.seq,
      recordedOn: r.recorded_on,
      recordedAt: r.recorded_at ? new Date(r.recorded_at) : null,
      actorType: r.actor_type,
      actorId: r.actor_id,
      action: r.action,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      details: r.details,
      prevHash: prev,
    });
    expect(h.equals(Buffer.from(r.hash))).toBe(true);
    prev = h;
  });
  return rows.length;
}

function expectLedgerEntry(rows: readonly Record<string, any>[], action: string, reason: string) {
  const entry = rows.find((r) => r.action === action);
  expect(entry, `ledger entry ${action}`).toBeTruthy();
  expect(entry!.actor_type).toBe("staff");
  expect(entry!.actor_id).toBe(admin.id);
  expect(entry!.details.reason).toBe(reason);
  return entry!;
}

const REASON = "新同事入职，负责受理工作";

/** The emails queued to an address (graphile-worker jobs): where invitations and one-time passwords go, never to the screen. */
async function emailsTo(to: string): Promise<{ template: string; data: Record<string, any> }[]> {
  const jobs = await m.sqlClient()`select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'send_email' and j.payload->>'to' = ${to} order by j.id`;
  return jobs.map((j) => j.payload as { template: string; data: Record<string, any> });
}

async function invite(fields: Record<string, string>, who: Person = admin) {
  return call(m.staffList.action, post("/staff/admin/staff", who, { intent: "invite", ...fields }));
}

// ------------------------------------------------------------------ access

describe("access to the administration pages", () => {
  it("refuses every loader and action to staff without the capability (403), and sends the signed-out to sign in", async () => {
    const someone = await signIn("agency_officer");
    const someAgency = await agencyId("emergency_management", "330100");
    const pages: [RouteModule, string, Record<string, string>][] = [
      [m.index, "/staff/admin", {}],
      [m.staffList, "/staff/admin/staff", {}],
      [m.staffOne, `/staff/admin/staff/${someone.id}`, { id: someone.id }],
      [m.agencies, "/staff/admin/agencies", {}],
      [m.agencyOne, `/staff/admin/agencies/${someAgency}`, { id: someAgency }],
      [m.routing, "/staff/admin/routing", {}],
      [m.desks, "/staff/admin/desks", {}],
    ];
    for (const role of ["triage_officer", "agency_officer", "supervisor", "auditor"] as const) {
      const who = await signIn(role);
      for (const [route, path, params] of pages) {
        expect((await call(route.loader, get(path, who), params)).status, `${role} GET ${path}`).toBe(403);
        if (route.action) {
          const res = await call(route.action, post(path, who, { intent: "update", reason: "不应该生效的修改" }), params);
          expect(res.status, `${role} POST ${path}`).toBe(403);
        }
      }
    }
    for (const [route, path, params] of pages) {
      const res = await call(route.loader, get(path, null), params);
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toMatch(/^\/staff\/login\?next=/);
    }
  });

  it("opens every page to an administrator", async () => {
    const someAgency = await agencyId("emergency_management", "330100");
    const overview = await call(m.index.loader, get("/staff/admin", admin));
    expect(overview.status).toBe(200);
    expect(overview.data).toEqual({ staff: true, agencies: true, routing: true, statistics: true });
    expect((await call(m.staffList.loader, get("/staff/admin/staff", admin))).data.rows.some((r: Json) => r.id === admin.id)).toBe(true);
    expect((await call(m.staffOne.loader, get(`/staff/admin/staff/${admin.id}`, admin), { id: admin.id })).data.self).toBe(true);
    expect((await call(m.staffOne.loader, get(`/staff/admin/staff/nope`, admin), { id: "nope" })).status).toBe(404);
    const agencies = await call(m.agencies.loader, get("/staff/admin/agencies?region=330100&type=emergency_management", admin));
    expect(agencies.data.rows.length).toBeGreaterThan(1);
    expect(agencies.data.rows.every((r: Json) => r.placeCode.startsWith("3301") && r.departmentType === "emergency_management")).toBe(true);
    expect((await call(m.agencyOne.loader, get(`/staff/admin/agencies/${someAgency}`, admin), { id: someAgency })).data.agency.id).toBe(someAgency);
    const routing = await call(m.routing.loader, get("/staff/admin/routing", admin));
    expect(routing.data.defaults.find((s: Json) => s.code === "construction").departmentType).toBe("housing_construction");
    // The desks: Hunan has no staffed desk in the test directory, so it is listed.
    const desks = await call(m.desks.loader, get("/staff/admin/desks", admin));
    expect(desks.status).toBe(200);
    expect(desks.data.provincesWithoutDesk.some((p: Json) => p.code === "430000")).toBe(true);
  });

  it("refuses a POST without the csrf token (403) and changes nothing", async () => {
    const email = `no-csrf-${uniq()}@staff.canary.invalid`;
    const target = await signIn("auditor");
    const someAgency = await agencyId("emergency_management", "330100");
    const attempts: [RouteModule, string, Record<string, string>, Record<string, string>][] = [
      [m.staffList, "/staff/admin/staff", {}, { intent: "invite", email, displayName: "某人", role: "auditor", reason: REASON }],
      [m.staffOne, `/staff/admin/staff/${target.id}`, { id: target.id }, { intent: "deactivate", reason: "离职，停用账号" }],
      [m.agencies, "/staff/admin/agencies", {}, { intent: "create", nameZh: "某局", nameEn: "Some bureau", departmentType: "education", placeCode: "330203", inboxEmail: "x@example.org", active: "on", reason: REASON }],
      [m.agencyOne, `/staff/admin/agencies/${someAgency}`, { id: someAgency }, { intent: "update", nameZh: "改名", nameEn: "Renamed", departmentType: "emergency_management", placeCode: "330100", inboxEmail: "x@example.org", active: "on", reason: REASON }],
      [m.routing, "/staff/admin/routing", {}, { intent: "create", regionCode: "330100", sectorCode: "campus", departmentType: "emergency_management", reason: REASON }],
    ];
    for (const [route, path, params, fields] of attempts) {
      expect((await call(route.action!, post(path, admin, fields, { csrf: false }), params)).status, path).toBe(403);
      expect((await call(route.action!, post(path, admin, { ...fields, csrf: "forged-" + admin.csrf.slice(7) }, { csrf: false }), params)).status, path).toBe(403);
    }
    expect(await m.sqlClient()`select 1 from staff_accounts where email = ${email}`).toHaveLength(0);
    expect((await m.sqlClient()`select active from staff_accounts where id = ${target.id}`)[0]!.active).toBe(true);
    expect(await ledgerFor(target.id)).toHaveLength(0);
    expect(await ledgerFor(someAgency)).toHaveLength(0);
  });
});

// ------------------------------------------------------------------ staff

describe("staff accounts", () => {
  it("invites: the link goes only by email, its token is stored only as a keyed hash, expires in 7 days, and the ledger records who and why", async () => {
    const email = `Invitee-${uniq()}@Staff.Canary.Invalid`;
    const before = Date.now();
    const res = await invite({ email, displayName: "王审计", role: "auditor", agencyId: "", reason: REASON });
    expect(res.status).toBe(200);
    expect(res.data.kind).toBe("invited");
    expect(res.headers.get("cache-control")).toBe("no-store");
    // The link is not on the screen: only in the email queued to the person.
    const [mail] = await emailsTo(email.toLowerCase());
    const token: string = mail!.data.token;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(res.data)).not.toContain(token);

    const [row] = await m.sqlClient()`select * from staff_accounts where id = ${res.data.staffId}`;
    expect(row!.email).toBe(email.toLowerCase());
    expect(row!.role).toBe("auditor");
    expect(row!.agency_id).toBeNull();
    expect(row!.password_hash).toBeNull();
    expect(Buffer.from(row!.invite_token_hash).equals(m.keyedHash(m.INVITATION_HASH_PURPOSE, token))).toBe(true);
    const expires = new Date(row!.invite_expires_at).getTime();
    expect(expires - before).toBeGreaterThanOrEqual(7 * 86400_000 - 1000);
    expect(expires - Date.now()).toBeLessThanOrEqual(7 * 86400_000);
    // The token itself is nowhere in the database: not in the account, not in the ledger.
    const [{ found }] = (await m.sqlClient()`
      select (select count(*) from staff_accounts s where s::text like ${"%" + token + "%"})
           + (select count(*) from ledger_entries e where e::text like ${"%" + token + "%"}) as found`) as unknown as [{ found: string }];
    expect(Number(found)).toBe(0);
    // The invitation email is queued in the same transaction (the job holds the link until it is sent).
    const jobs = await m.sqlClient()`select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'send_email' and j.payload->>'to' = ${email.toLowerCase()}`;
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.payload.template).toBe("staff_invitation");

    const entries = await ledgerFor(res.data.staffId);
    const entry = expectLedgerEntry(entries, "admin.staff.invited", REASON);
    expect(entry.chain).toBe(`admin:staff:${res.data.staffId}`);
    expect(entry.subject_type).toBe("staff");
    expect(entry.details.role).toBe("auditor");
    expect(await expectChainIntact(`admin:staff:${res.data.staffId}`)).toBe(1);

    const list = await call(m.staffList.loader, get(`/staff/admin/staff?q=${encodeURIComponent(email.toLowerCase())}`, admin));
    expect(list.data.rows).toHaveLength(1);
    expect(list.data.rows[0].passwordState).toBe("invited");

    // A new invitation replaces the old link.
    const again = await call(m.staffOne.action, post(`/staff/admin/staff/${res.data.staffId}`, admin, { intent: "reissue-invitation", reason: "第一封邀请丢失了" }), {
      id: res.data.staffId,
    });
    expect(again.data.kind).toBe("invitation");
    const mails = await emailsTo(email.toLowerCase());
    expect(mails).toHaveLength(2);
    const token2: string = mails[1]!.data.token;
    expect(JSON.stringify(again.data)).not.toContain(token2);
    expect(token2).not.toBe(token);
    const [row2] = await m.sqlClient()`select invite_token_hash from staff_accounts where id = ${res.data.staffId}`;
    expect(Buffer.from(row2!.invite_token_hash).equals(m.keyedHash(m.INVITATION_HASH_PURPOSE, token2))).toBe(true);
    expectLedgerEntry(await ledgerFor(res.data.staffId), "admin.staff.invitation_reissued", "第一封邀请丢失了");
  });

  it("keeps what was typed and names each field's problem when an invitation is refused", async () => {
    const email = `kept-${uniq()}@staff.canary.invalid`;
    const res = await invite({ email, displayName: "李承办", role: "agency_officer", agencyId: "", reason: "短" });
    expect(res.status).toBe(400);
    expect(replyDone(res.data)).toBe(false);
    expect(replyValues(res.data)).toMatchObject({ email, displayName: "李承办", role: "agency_officer", reason: "短" });
    expect(replyValues(res.data).csrf).toBeUndefined();
    expect(replyErrors(res.data).reason).toEqual(["admin.errors.reason.tooShort"]);
    expect(replyErrors(res.data).agencyId).toEqual(["admin.errors.agency.requiredForRole"]);

    const bad = await invite({ email: "not-an-address", displayName: "", role: "chief", reason: "" });
    expect(bad.status).toBe(400);
    expect(Object.keys(replyErrors(bad.data)).sort()).toEqual(["displayName", "email", "reason", "role"]);

    // A triage officer needs a safety-committee office, not any agency.
    const wrongDesk = await invite({ email, displayName: "李受理", role: "triage_officer", agencyId: await agencyId("emergency_management", "330100"), reason: REASON });
    expect(wrongDesk.status).toBe(400);
    expect(replyErrors(wrongDesk.data).agencyId).toEqual(["admin.errors.agency.triageNeedsSafetyCommittee"]);
    expect(replyValues(wrongDesk.data).displayName).toBe("李受理");

    // Administrators and auditors need no agency; an e-mail address is taken once (whatever its case).
    expect((await invite({ email, displayName: "赵审计", role: "auditor", agencyId: "", reason: REASON })).data.kind).toBe("invited");
    const twice = await invite({ email: email.toUpperCase(), displayName: "赵审计", role: "auditor", reason: REASON });
    expect(twice.status).toBe(409); // a duplicate (ADR 022; was 400)
    expect(replyErrors(twice.data).email).toEqual(["admin.errors.email.taken"]);
    expect(await m.sqlClient()`select 1 from staff_accounts where lower(email) = ${email}`).toHaveLength(1);
  });

  it("sets a one-time password: argon2id, must be changed at the next sign-in, emailed to the account's own address and never shown, sessions end", async () => {
    const person = await signIn("agency_officer");
    const res = await call(m.staffOne.action, post(`/staff/admin/staff/${person.id}`, admin, { intent: "one-time-password", reason: "本人忘记密码，电话核实身份" }), { id: person.id });
    expect(res.status).toBe(200);
    expect(res.data.kind).toBe("password");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const [account] = await m.sqlClient()<{ email: string }[]>`select email from staff_accounts where id = ${person.id}`;
    const email = account!.email;
    expect(res.data.email).toBe(email);
    const [mail] = await emailsTo(email);
    expect(mail!.template).toBe("staff_one_time_password");
    const password: string = mail!.data.oneTimeCode;
    expect(JSON.stringify(res.data)).not.toContain(password);
    expect(password).toMatch(/^[2-9a-z]{4}(-[2-9a-z]{4}){4}$/);
    const [row] = await m.sqlClient()`select password_hash, must_change_password from staff_accounts where id = ${person.id}`;
    expect(row!.must_change_password).toBe(true);
    expect(row!.password_hash).toMatch(/^\$argon2id\$/);
    expect(await m.verify(row!.password_hash, password)).toBe(true);
    expect(await m.readStaffSession(get("/staff", person))).toBeNull();
    const entry = expectLedgerEntry(await ledgerFor(person.id), "admin.staff.one_time_password_set", "本人忘记密码，电话核实身份");
    expect(JSON.stringify(entry.details)).not.toContain(password);

    const self = await call(m.staffOne.action, post(`/staff/admin/staff/${admin.id}`, admin, { intent: "one-time-password", reason: "给自己重置密码" }), { id: admin.id });
    expect(self.status).toBe(409);
  });

  it("changes role and agency under the agency rules, recording before and after", async () => {
    const person = await signIn("agency_officer");
    const triageDesk = await agencyId("safety_committee", "330100");
    const path = `/staff/admin/staff/${person.id}`;
    const noDesk = await call(m.staffOne.action, post(path, admin, { intent: "update", displayName: "测试 改岗", role: "triage_officer", agencyId: await agencyId("emergency_management", "330106"), reason: "调到受理岗位" }), { id: person.id });
    expect(noDesk.status).toBe(400);
    expect(replyErrors(noDesk.data).agencyId).toEqual(["admin.errors.agency.triageNeedsSafetyCommittee"]);
    expect(replyValues(noDesk.data).displayName).toBe("测试 改岗");

    const ok = await call(m.staffOne.action, post(path, admin, { intent: "update", displayName: "测试 改岗", role: "triage_officer", agencyId: triageDesk, reason: "调到受理岗位" }), { id: person.id });
    expect(ok.status).toBe(303);
    // The name changes now; the new role reads case content, so it waits for a second administrator.
    expect(ok.headers.get("location")).toBe(`${path}?done=awaitingApproval`);
    const [pending] = await m.sqlClient()`select role, agency_id, display_name from staff_accounts where id = ${person.id}`;
    expect(pending).toMatchObject({ role: "agency_officer", display_name: "测试 改岗" });
    const requested = expectLedgerEntry(await ledgerFor(person.id), "admin.staff.role_grant_requested", "调到受理岗位");
    expect(requested.details).toMatchObject({ role: "triage_officer", agencyId: triageDesk });
    expect((await approveGrantOf(person.id, secondAdmin)).status).toBe(303);
    const [row] = await m.sqlClient()`select role, agency_id, display_name from staff_accounts where id = ${person.id}`;
    expect(row).toMatchObject({ role: "triage_officer", agency_id: triageDesk, display_name: "测试 改岗" });
    const approved = (await ledgerFor(person.id)).find((e) => e.action === "admin.staff.role_grant_approved")!;
    expect(approved.actor_id).toBe(secondAdmin.id);
    expect(approved.details).toMatchObject({ role: "triage_officer", agencyId: triageDesk, requestedBy: admin.id });
    // The person's session goes on, with the new role.
    expect((await m.requireStaff(get("/staff", person))).role).toBe("triage_officer");

    // An administrator needs no agency, and cannot give up their own role.
    const demote = await call(m.staffOne.action, post(`/staff/admin/staff/${admin.id}`, admin, { intent: "update", displayName: "我", role: "auditor", agencyId: "", reason: "改成审计员试试" }), { id: admin.id });
    expect(demote.status).toBe(409);
    expect(replyErrors(demote.data).role).toEqual(["admin.errors.staff.selfDemote"]);
  });

  it("deactivates: every session of the person ends and their pages send them to sign in; not oneself", async () => {
    const person = await signIn("supervisor");
    const second = await signIn("supervisor");
    // A second session of the same person.
    const setCookie = await m.createStaffSession(m.db(), person.id, { secondFactorDone: true });
    const otherDevice = { ...person, cookie: setCookie.split(";")[0]! };
    expect(await m.readStaffSession(get("/staff", otherDevice))).not.toBeNull();

    const path = `/staff/admin/staff/${person.id}`;
    const short = await call(m.staffOne.action, post(path, admin, { intent: "deactivate", reason: "走" }), { id: person.id });
    expect(short.status).toBe(400);
    expect(replyErrors(short.data).reason).toEqual(["admin.errors.reason.tooShort"]);
    expect(short.data.intent).toBe("deactivate");

    const res = await call(m.staffOne.action, post(path, admin, { intent: "deactivate", reason: "已调离本单位" }), { id: person.id });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`${path}?done=deactivated`);
    expect(await m.readStaffSession(get("/staff", person))).toBeNull();
    expect(await m.readStaffSession(get("/staff", otherDevice))).toBeNull();
    const page = await settle(() => m.requireStaff(get("/staff/cases", person)));
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toBe(`/staff/login?next=${encodeURIComponent("/staff/cases")}`);
    // Someone else's session is untouched.
    expect(await m.readStaffSession(get("/staff", second))).not.toBeNull();
    expectLedgerEntry(await ledgerFor(person.id), "admin.staff.deactivated", "已调离本单位");

    // A supervisor reads case content: reactivating one waits for a second administrator.
    const back = await call(m.staffOne.action, post(path, admin, { intent: "reactivate", reason: "调回本单位工作" }), { id: person.id });
    expect(back.status).toBe(303);
    expect(back.headers.get("location")).toBe(`${path}?done=awaitingApproval`);
    expect((await m.sqlClient()`select active from staff_accounts where id = ${person.id}`)[0]!.active).toBe(false);
    expectLedgerEntry(await ledgerFor(person.id), "admin.staff.role_grant_requested", "调回本单位工作");
    expect((await approveGrantOf(person.id, secondAdmin)).status).toBe(303);
    expect((await m.sqlClient()`select active from staff_accounts where id = ${person.id}`)[0]!.active).toBe(true);
    expect(await m.readStaffSession(get("/staff", person))).toBeNull(); // ended sessions stay ended
    expect(await expectChainIntact(`admin:staff:${person.id}`)).toBe(3);

    const self = await call(m.staffOne.action, post(`/staff/admin/staff/${admin.id}`, admin, { intent: "deactivate", reason: "我要停用自己" }), { id: admin.id });
    expect(self.status).toBe(409);
    expect(replyErrors(self.data).form).toEqual(["admin.errors.staff.selfDeactivate"]);
    expect((await m.sqlClient()`select active from staff_accounts where id = ${admin.id}`)[0]!.active).toBe(true);
    expect(await m.readStaffSession(get("/staff", admin))).not.toBeNull();
  });
});

// ------------------------------------------------------------------ agencies

describe("agencies", () => {
  /** A county with no agency of this type yet (counties outside the demo city have none). */
  async function freeCounty(type: string): Promise<string> {
    const [row] = await m.sqlClient()`
      select p.code from places p where p.level = 'county' and p.code like '33%'
        and not exists (select 1 from agencies a where a.place_code = p.code and a.department_type = ${type})
      order by p.code desc limit 1`;
    return row!.code as string;
  }

  it("creates and edits an agency, with a ledger entry for each", async () => {
    const county = await freeCounty("education");
    const fields = { intent: "create", nameZh: "测试县教育局", nameEn: "Test County Education Bureau", departmentType: "education", placeCode: county, inboxEmail: "Edu@Example.org", active: "on", reason: "新设立的承办单位" };
    const created = await call(m.agencies.action, post("/staff/admin/agencies", admin, fields));
    expect(created.status).toBe(303);
    const id = /^\/staff\/admin\/agencies\/([0-9a-f-]{36})\?done=created$/.exec(created.headers.get("location") ?? "")![1]!;
    const [row] = await m.sqlClient()`select * from agencies where id = ${id}`;
    expect(row).toMatchObject({ name_zh: "测试县教育局", department_type: "education", place_code: county, inbox_email: "edu@example.org", active: true });
    const entry = expectLedgerEntry(await ledgerFor(id), "admin.agency.created", "新设立的承办单位");
    expect(entry.chain).toBe(`admin:agency:${id}`);

    const listed = await call(m.agencies.loader, get(`/staff/admin/agencies?region=${county}&type=education`, admin));
    expect(listed.data.rows.map((r: Json) => r.id)).toEqual([id]);

    const twin = await call(m.agencies.action, post("/staff/admin/agencies", admin, fields));
    expect(twin.status).toBe(409);
    expect(replyErrors(twin.data).placeCode).toEqual(["admin.errors.agency.duplicate"]);
    expect(replyValues(twin.data).nameZh).toBe("测试县教育局");

    const edited = await call(m.agencyOne.action, post(`/staff/admin/agencies/${id}`, admin, { ...fields, intent: "update", nameZh: "测试县教育和体育局", active: "", reason: "机构改革更名并暂停交办" }), { id });
    expect(edited.status).toBe(303);
    expect(edited.headers.get("location")).toBe(`/staff/admin/agencies/${id}?done=updated`);
    const [after] = await m.sqlClient()`select name_zh, active from agencies where id = ${id}`;
    expect(after).toMatchObject({ name_zh: "测试县教育和体育局", active: false });
    const update = expectLedgerEntry(await ledgerFor(id), "admin.agency.updated", "机构改革更名并暂停交办");
    expect(update.details.changes).toEqual({ nameZh: { from: "测试县教育局", to: "测试县教育和体育局" }, active: { from: true, to: false } });
    expect(await expectChainIntact(`admin:agency:${id}`)).toBe(2);

    const page = await call(m.agencyOne.loader, get(`/staff/admin/agencies/${id}?done=updated`, admin), { id });
    expect(page.data.done).toBe("updated");
    expect(page.data.agency.nameZh).toBe("测试县教育和体育局");
  });

  it("refuses impossible agencies and keeps what was typed", async () => {
    const base = { intent: "create", nameZh: "某矿山安全监察分局", nameEn: "Mine Safety", inboxEmail: "mine@example.org", active: "on", reason: "测试不允许的单位" };
    const cityMine = await call(m.agencies.action, post("/staff/admin/agencies", admin, { ...base, departmentType: "mine_safety", placeCode: "330200" }));
    expect(cityMine.status).toBe(400);
    expect(replyErrors(cityMine.data).placeCode).toEqual(["admin.errors.agency.provincialOnly"]);
    const nowhere = await call(m.agencies.action, post("/staff/admin/agencies", admin, { ...base, departmentType: "education", placeCode: "339999" }));
    expect(replyErrors(nowhere.data).placeCode).toEqual(["admin.errors.place.unknown"]);
    const invalid = await call(m.agencies.action, post("/staff/admin/agencies", admin, { ...base, nameZh: "", departmentType: "", placeCode: "33", inboxEmail: "nope", reason: "" }));
    expect(invalid.status).toBe(400);
    expect(Object.keys(replyErrors(invalid.data)).sort()).toEqual(["departmentType", "inboxEmail", "nameZh", "placeCode", "reason"]);
    expect(replyValues(invalid.data)).toMatchObject({ nameEn: "Mine Safety", placeCode: "33", inboxEmail: "nope" });

    // An agency with active staff stays active; a triage desk with triage officers stays a triage desk.
    const desk = await agencyId("safety_committee", "330100");
    await signIn("triage_officer", desk);
    const [d] = await m.sqlClient()`select * from agencies where id = ${desk}`;
    const deskFields = { intent: "update", nameZh: d!.name_zh, nameEn: d!.name_en, departmentType: d!.department_type, placeCode: d!.place_code, inboxEmail: d!.inbox_email, active: "on" };
    const off = await call(m.agencyOne.action, post(`/staff/admin/agencies/${desk}`, admin, { ...deskFields, active: "", reason: "停用安委办试试" }), { id: desk });
    expect(off.status).toBe(409);
    expect(replyErrors(off.data).active).toEqual(["admin.errors.agency.hasActiveStaff"]);
    const retype = await call(m.agencyOne.action, post(`/staff/admin/agencies/${desk}`, admin, { ...deskFields, departmentType: "education", reason: "改成教育局试试" }), { id: desk });
    expect(retype.status).toBe(409);
    expect(replyErrors(retype.data).departmentType).toEqual(["admin.errors.agency.hasTriageOfficers"]);
    const same = await call(m.agencyOne.action, post(`/staff/admin/agencies/${desk}`, admin, { ...deskFields, reason: "什么都没有改" }), { id: desk });
    expect(replyErrors(same.data).form).toEqual(["admin.errors.nothingChanged"]);
    expect(await ledgerFor(desk)).toHaveLength(0);
  });
});

// ------------------------------------------------------------------ routing

describe("routing overrides", () => {
  it("adds and deletes a regional override, each in the routing chain of the ledger", async () => {
    const fields = { intent: "create", regionCode: "330200", sectorCode: "city_gas", departmentType: "emergency_management", reason: "宁波市燃气由应急管理局牵头" };
    const created = await call(m.routing.action, post("/staff/admin/routing", admin, fields));
    expect(created.status).toBe(303);
    expect(created.headers.get("location")).toBe("/staff/admin/routing?done=created");
    const [row] = await m.sqlClient()`select id, department_type from routing_overrides where region_code = '330200' and sector_code = 'city_gas'`;
    expect(row!.department_type).toBe("emergency_management");
    const entry = expectLedgerEntry(await ledgerFor(row!.id), "admin.routing_override.created", fields.reason);
    expect(entry.chain).toBe("admin:routing");
    expect(entry.subject_type).toBe("routing_override");

    const page = await call(m.routing.loader, get("/staff/admin/routing", admin));
    expect(page.data.overrides.some((o: Json) => o.id === row!.id && o.regionCode === "330200")).toBe(true);

    const twin = await call(m.routing.action, post("/staff/admin/routing", admin, { ...fields, departmentType: "energy" }));
    expect(twin.status).toBe(409); // a duplicate (ADR 022; was 400)
    expect(replyErrors(twin.data).sectorCode).toEqual(["admin.errors.override.duplicate"]);
    expect(replyValues(twin.data).departmentType).toBe("energy");

    const bad = await call(m.routing.action, post("/staff/admin/routing", admin, { intent: "create", regionCode: "3302", sectorCode: "no_such_sector", departmentType: "", reason: "test" }));
    expect(bad.status).toBe(400);
    expect(Object.keys(replyErrors(bad.data)).sort()).toEqual(["departmentType", "reason", "regionCode"]);
    const unknownSector = await call(m.routing.action, post("/staff/admin/routing", admin, { ...fields, sectorCode: "no_such_sector" }));
    expect(replyErrors(unknownSector.data).sectorCode).toEqual(["admin.errors.sector.unknown"]);

    const noReason = await call(m.routing.action, post("/staff/admin/routing", admin, { intent: "delete", id: row!.id, reason: "" }));
    expect(noReason.status).toBe(400);
    expect(replyErrors(noReason.data).reason).toEqual(["admin.errors.reason.required"]);

    const deleted = await call(m.routing.action, post("/staff/admin/routing", admin, { intent: "delete", id: row!.id, reason: "恢复默认分工" }));
    expect(deleted.status).toBe(303);
    expect(deleted.headers.get("location")).toBe("/staff/admin/routing?done=deleted");
    expect(await m.sqlClient()`select 1 from routing_overrides where id = ${row!.id}`).toHaveLength(0);
    const gone = expectLedgerEntry(await ledgerFor(row!.id), "admin.routing_override.deleted", "恢复默认分工");
    expect(gone.details.override).toEqual({ regionCode: "330200", sectorCode: "city_gas", departmentType: "emergency_management" });

    const again = await call(m.routing.action, post("/staff/admin/routing", admin, { intent: "delete", id: row!.id, reason: "再删一次试试" }));
    expect(again.status).toBe(404);
    expect(await expectChainIntact("admin:routing")).toBeGreaterThanOrEqual(2);
  });
});
