import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedInCookie, staffBehindCookie, staffContextFor } from "../support/staff";
import { replyErrors, settle } from "../support/replies";

// Deadlines, escalation (挂牌督办), retention and the supervision page. The job queue is shared
// by every worker connected to a database: this file's database is its own, as every file's is
// (tests/support/env.ts).

type M = typeof import("../../app/lib/db.server") &
  typeof import("../../app/lib/jobs.server") &
  typeof import("../../app/jobs/index.server") &
  typeof import("../../app/services/file-tip.server") &
  typeof import("../../app/services/escalate-overdue.server") &
  typeof import("../../app/services/send-deadline-reminders.server") &
  typeof import("../../app/services/erase-expired-contacts.server") &
  typeof import("../../app/services/send-weekly-digest.server") &
  typeof import("../../app/services/set-supervision.server") &
  typeof import("../../app/services/deadline-common.server") & {
    route: typeof import("../../app/routes/staff.supervision");
  };
let m: M;
const stops: Array<() => Promise<void>> = [];
let today: string;

beforeAll(async () => {
  m = {
    ...(await import("../../app/lib/db.server")),
    ...(await import("../../app/lib/jobs.server")),
    ...(await import("../../app/jobs/index.server")),
    ...(await import("../../app/services/file-tip.server")),
    ...(await import("../../app/services/escalate-overdue.server")),
    ...(await import("../../app/services/send-deadline-reminders.server")),
    ...(await import("../../app/services/erase-expired-contacts.server")),
    ...(await import("../../app/services/send-weekly-digest.server")),
    ...(await import("../../app/services/set-supervision.server")),
    ...(await import("../../app/services/deadline-common.server")),
    route: await import("../../app/routes/staff.supervision"),
  };
  today = m.todayLocal();
});

afterAll(async () => {
  for (const stop of stops) await stop().catch(() => {});
  await m?.closeDb();
});

const sql = () => m.sqlClient();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

type Case = { id: string; reference: string };

/** A tip filed as the public does, then put by SQL into the state, agency and deadline a test needs. */
async function makeCase(opts: {
  state: string;
  dueOn: string | null;
  placeCode?: string;
  agency?: { type: string; place: string } | null;
  closedOn?: string;
  contact?: boolean;
}): Promise<Case> {
  const placeCode = opts.placeCode ?? "330106";
  const filed = await m.fileTip({
    submissionId: randomBytes(16).toString("base64url"),
    channel: "web",
    captcha: "not_required",
    files: [],
    tip: {
      sectorCode: "hazardous_chemicals",
      placeCode,
      content: { description: "储罐区可燃气体报警器被拆除，夜间仍在装卸作业。" },
      contact: opts.contact ? { name: "张三", phone: "13800000000" } : undefined,
      majorHazard: false,
      concealedAccident: false,
      officialsImplicated: false,
      tipsterWorksThere: false,
    },
  });
  const [row] = await sql()`select id::text as id from tips where reference = ${filed.reference}`;
  const id = row!.id as string;
  let agencyId: string | null = null;
  if (opts.agency) {
    const [a] = await sql()`select id::text as id from agencies where department_type = ${opts.agency.type} and place_code = ${opts.agency.place}`;
    agencyId = a!.id as string;
  }
  await sql()`
    update tips set state = ${opts.state}, agency_id = ${agencyId}::uuid, due_on = ${opts.dueOn}::date,
      assigned_on = case when ${agencyId}::uuid is null then null else ${today}::date end, closed_on = ${opts.closedOn ?? null}::date
    where id = ${id}::uuid`;
  return { id, reference: filed.reference };
}

const EM = "emergency_management";
const CTX = { clientAddress: "127.0.0.1" };

async function ledgerCount(c: Case, action: string): Promise<number> {
  const [r] = await sql()`select count(*)::int as n from ledger_entries where subject_type = 'tip' and subject_id = ${c.id} and action = ${action}`;
  return r!.n as number;
}

async function emailJobs(c: Case, template: string): Promise<{ to: string; key: string | null; data: Record<string, unknown> }[]> {
  const rows = await sql()`
    select j.payload, j.key from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
    where t.identifier = 'send_email' and j.payload->>'template' = ${template} and j.payload->'data'->>'reference' = ${c.reference}`;
  return rows.map((r) => ({ to: (r.payload as { to: string }).to, key: r.key as string | null, data: (r.payload as { data: Record<string, unknown> }).data }));
}

async function tipRow(c: Case) {
  const [r] = await sql()`
    select due_on::text as due_on, overdue_since::text as overdue_since, escalated_at, reminded_for_due_on::text as reminded_for_due_on,
      supervision_note, contact_enc, contact_erased_on::text as contact_erased_on
    from tips where id = ${c.id}::uuid`;
  return r!;
}

async function inbox(type: string, place: string): Promise<string> {
  const [a] = await sql()`select inbox_email from agencies where department_type = ${type} and place_code = ${place}`;
  return a!.inbox_email as string;
}

describe("overdue escalation (挂牌督办)", () => {
  let countyCase: Case;
  let deskCase: Case;

  it("escalates each overdue case exactly once when two runs race", async () => {
    countyCase = await makeCase({ state: "investigating", dueOn: m.addDays(today, -5), agency: { type: EM, place: "330106" } });
    deskCase = await makeCase({ state: "submitted", dueOn: m.addDays(today, -2), agency: null });
    const notYet = await makeCase({ state: "assigned", dueOn: today, agency: { type: EM, place: "330106" } });
    const closed = await makeCase({ state: "closed", dueOn: m.addDays(today, -30), agency: { type: EM, place: "330106" }, closedOn: m.addDays(today, -1) });

    const [a, b] = await Promise.all([m.escalateOverdue(), m.escalateOverdue()]);
    expect(a.escalated + b.escalated).toBe(2);

    for (const c of [countyCase, deskCase]) {
      expect(await ledgerCount(c, "case.overdue_escalated")).toBe(1);
      expect(await emailJobs(c, "case_overdue_escalation")).toHaveLength(1);
      const row = await tipRow(c);
      expect(row.overdue_since).toBe(today);
      expect(row.escalated_at).not.toBeNull();
    }
    // The county agency's case goes to the same department one level up (the city bureau).
    const [email] = await emailJobs(countyCase, "case_overdue_escalation");
    expect(email!.to).toBe(await inbox(EM, "330100"));
    expect(email!.data).toMatchObject({ reference: countyCase.reference, stage: "conclude", deadline: m.addDays(today, -5), daysOverdue: 5 });
    // The desk's own case: the province safety-committee office.
    expect((await emailJobs(deskCase, "case_overdue_escalation"))[0]!.to).toBe(await inbox("safety_committee", "330000"));

    for (const c of [notYet, closed]) {
      expect(await ledgerCount(c, "case.overdue_escalated")).toBe(0);
      expect((await tipRow(c)).overdue_since).toBeNull();
    }

    // Running again changes nothing.
    expect((await m.escalateOverdue()).escalated).toBe(0);
    expect(await ledgerCount(countyCase, "case.overdue_escalated")).toBe(1);
  });

  it("escalates once with two graphile-worker instances on the same due job", async () => {
    const c1 = await makeCase({ state: "assigned", dueOn: m.addDays(today, -3), agency: { type: EM, place: "330102" } });
    const c2 = await makeCase({ state: "rectifying", dueOn: m.addDays(today, -1), agency: { type: EM, place: "330100" } });
    // On demand: asking twice while it is queued queues one job.
    const first = await m.runTaskNow(m.db(), "escalate_overdue");
    const again = await m.runTaskNow(m.db(), "escalate_overdue");
    expect(again.jobId).toBe(first.jobId);
    // And a second, unkeyed job, so both workers run the task at the same moment.
    await m.runTaskNow(m.db(), "escalate_overdue", { jobKey: null });

    const opts = { connectionString: process.env.DATABASE_URL!, ...m.workerJobs(), concurrency: 2, pollInterval: 100, cron: false, tasks: [...m.SCHEDULED_TASKS] };
    stops.push(await m.startWorker(opts), await m.startWorker(opts));
    await waitFor("the escalation jobs to finish", async () => {
      const [r] = await sql()`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'escalate_overdue'`;
      return r!.n === 0;
    });

    for (const c of [c1, c2]) {
      expect(await ledgerCount(c, "case.overdue_escalated")).toBe(1);
      expect(await emailJobs(c, "case_overdue_escalation")).toHaveLength(1);
    }
    // A city agency's case goes to the province bureau of the same type.
    expect((await emailJobs(c2, "case_overdue_escalation"))[0]!.to).toBe(await inbox(EM, "330000"));
    expect((await emailJobs(c2, "case_overdue_escalation"))[0]!.data).toMatchObject({ stage: "rectify" });
  });

  it("lists the supervisor's subtree only, and is 403 for an agency officer", async () => {
    const elsewhere = await makeCase({ state: "accepted", dueOn: m.addDays(today, -4), placeCode: "330203", agency: { type: EM, place: "330200" } });
    const otherType = await makeCase({ state: "accepted", dueOn: m.addDays(today, -4), agency: { type: "housing_construction", place: "330106" } });
    await m.escalateOverdue();

    const officer = await staffContextFor(m.db(), { role: "agency_officer", departmentType: EM, placeCode: "330106" });
    const officerCookie = await signedInCookie(officer.staffId);
    const get = (cookie: string) => new Request("http://canary.test/staff/supervision", { headers: { cookie } });
    expect((await settle(() => m.route.loader({ request: get(officerCookie), params: {}, context: CTX }))).status).toBe(403);

    const citySupervisor = await staffContextFor(m.db(), { role: "supervisor", departmentType: EM, placeCode: "330100" });
    const cookie = await signedInCookie(citySupervisor.staffId);
    const page = await m.route.loader({ request: get(cookie), params: {}, context: CTX });
    const refs = page.rows.map((r) => r.reference);
    expect(refs).toContain(countyCase.reference);
    expect(refs).not.toContain(elsewhere.reference);
    expect(refs).not.toContain(otherType.reference);
    expect(refs).not.toContain(deskCase.reference);
    // Oldest overdue first.
    const dues = page.rows.map((r) => r.dueOn!);
    expect([...dues].sort()).toEqual(dues);

    const provinceSupervisor = await staffContextFor(m.db(), { role: "supervisor", departmentType: EM, placeCode: "330000" });
    const all = await m.route.loader({ request: get(await signedInCookie(provinceSupervisor.staffId)), params: {}, context: CTX });
    expect(all.rows.map((r) => r.reference)).toEqual(expect.arrayContaining([countyCase.reference, elsewhere.reference]));
    expect(all.rows.map((r) => r.reference)).not.toContain(otherType.reference);
  });

  it("refuses bad supervision forms field by field (and without csrf)", async () => {
    const supervisor = await staffContextFor(m.db(), { role: "supervisor", departmentType: EM, placeCode: "330100" });
    const cookie = await signedInCookie(supervisor.staffId);
    const real = await staffBehindCookie(cookie);
    const post = (fields: Record<string, string>) =>
      m.route.action({
        request: new Request("http://canary.test/staff/supervision", { method: "POST", body: new URLSearchParams(fields), headers: { cookie } }),
        params: {},
        context: CTX,
      });

    expect((await settle(() => post({ reference: countyCase.reference, note: "请尽快办结" }))).status).toBe(403);

    const noNote = await settle(() => post({ csrf: real.csrf, reference: countyCase.reference, note: "  ", dueOn: "" }));
    expect(noNote.status).toBe(400);
    expect(replyErrors(noNote.data)).toEqual({ note: ["supervision.errors.noteRequired"] });

    const todayDue = await settle(() => post({ csrf: real.csrf, reference: countyCase.reference, note: "请尽快办结", dueOn: today }));
    expect(todayDue.status).toBe(400);
    expect(todayDue.data).toMatchObject({ done: false, intent: `supervise-${countyCase.reference}` });
    expect(replyErrors(todayDue.data)).toEqual({ dueOn: ["supervision.errors.dueOnNotAfterToday"] });

    const badDate = await settle(() => post({ csrf: real.csrf, reference: countyCase.reference, note: "请尽快办结", dueOn: "2026-02-30" }));
    expect(replyErrors(badDate.data)).toEqual({ dueOn: ["supervision.errors.dueOnInvalid"] });

    expect(await ledgerCount(countyCase, "case.supervision_set")).toBe(0);
  });

  it("a new deadline from the supervisor resets overdue, and the case escalates again when it passes", async () => {
    const supervisor = await staffContextFor(m.db(), { role: "supervisor", departmentType: EM, placeCode: "330100" });
    const cookie = await signedInCookie(supervisor.staffId);
    const real = await staffBehindCookie(cookie);
    const newDue = m.addDays(today, 10);
    const res = await settle(() => m.route.action({
      request: new Request("http://canary.test/staff/supervision", {
        method: "POST",
        body: new URLSearchParams({ csrf: real.csrf, reference: countyCase.reference, note: "挂牌督办：10 日内办结并报告。", dueOn: newDue }),
        headers: { cookie },
      }),
      params: {},
      context: CTX,
    }));
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ done: true, intent: `supervise-${countyCase.reference}` });
    expect(replyErrors(res.data)).toEqual({});

    const row = await tipRow(countyCase);
    expect(row.due_on).toBe(newDue);
    expect(row.overdue_since).toBeNull();
    expect(row.supervision_note).toBe("挂牌督办：10 日内办结并报告。");
    expect(await ledgerCount(countyCase, "case.supervision_set")).toBe(1);
    const [entry] = await sql()`select actor_type, actor_id::text as actor_id, details from ledger_entries where subject_id = ${countyCase.id} and action = 'case.supervision_set'`;
    expect(entry).toMatchObject({ actor_type: "staff", actor_id: supervisor.staffId, details: { dueOn: newDue, previousDueOn: m.addDays(today, -5), overdueReset: true } });

    // Off the supervision list now.
    const page = await m.route.loader({ request: new Request("http://canary.test/staff/supervision", { headers: { cookie } }), params: {}, context: CTX });
    expect(page.rows.map((r) => r.reference)).not.toContain(countyCase.reference);

    // Nothing more today…
    await m.escalateOverdue();
    expect(await ledgerCount(countyCase, "case.overdue_escalated")).toBe(1);
    // …but once the new deadline has passed, it is escalated again (once).
    const later = new Date(Date.parse(newDue + "T12:00:00+08:00") + 2 * 86_400_000);
    await Promise.all([m.escalateOverdue({ now: later }), m.escalateOverdue({ now: later })]);
    expect(await ledgerCount(countyCase, "case.overdue_escalated")).toBe(2);
    expect((await tipRow(countyCase)).overdue_since).toBe(m.addDays(newDue, 2));
    const jobs = await emailJobs(countyCase, "case_overdue_escalation");
    expect(jobs.map((j) => j.data.deadline).sort()).toEqual([m.addDays(today, -5), newDue].sort());

    // A case that is not open cannot be supervised.
    const closed = await makeCase({ state: "closed", dueOn: m.addDays(today, -30), agency: { type: EM, place: "330106" }, closedOn: today });
    await expect(m.setSupervision(supervisor, closed.reference, { note: "x", dueOn: newDue })).rejects.toMatchObject({ code: "conflict", messageKey: "supervision.errors.notOpen" });
  });
  it("a deadline moved by another service without resetting overdue_since still starts a new overdue period", async () => {
    const c = await makeCase({ state: "assigned", dueOn: m.addDays(today, -2), agency: { type: EM, place: "330106" } });
    await m.escalateOverdue();
    expect(await ledgerCount(c, "case.overdue_escalated")).toBe(1);
    // e.g. the agency accepts: the conclusion clock starts; overdue_since is left as it was.
    const next = m.addDays(today, 5);
    await sql()`update tips set state = 'accepted', due_on = ${next}::date where id = ${c.id}::uuid`;
    const supervisor = await staffContextFor(m.db(), { role: "supervisor", departmentType: EM, placeCode: "330100" });
    const page = await m.route.loader({
      request: new Request("http://canary.test/staff/supervision", { headers: { cookie: await signedInCookie(supervisor.staffId) } }),
      params: {},
      context: CTX,
    });
    expect(page.rows.map((r) => r.reference)).not.toContain(c.reference);
    await m.escalateOverdue();
    expect(await ledgerCount(c, "case.overdue_escalated")).toBe(1);
    const later = new Date(Date.parse(next + "T12:00:00+08:00") + 86_400_000);
    await Promise.all([m.escalateOverdue({ now: later }), m.escalateOverdue({ now: later })]);
    expect(await ledgerCount(c, "case.overdue_escalated")).toBe(2);
    expect((await tipRow(c)).overdue_since).toBe(m.addDays(next, 1));
  });
});

describe("deadline reminders", () => {
  it("remind once per due date, also with two runs racing; a new due date gets a new reminder", async () => {
    const soon = await makeCase({ state: "accepted", dueOn: m.addDays(today, 2), agency: { type: EM, place: "330106" } });
    const desk = await makeCase({ state: "returned", dueOn: m.addDays(today, 1), agency: { type: EM, place: "330106" } });
    const far = await makeCase({ state: "assigned", dueOn: m.addDays(today, 20), agency: { type: EM, place: "330106" } });
    const [eligible] = await sql()`
      select count(*)::int as n from tips
      where state in ('assigned','accepted','investigating','rectifying','submitted','returned','reopened')
        and due_on between ${today}::date and ${m.addDays(today, 3)}::date and reminded_for_due_on is distinct from due_on`;

    const [a, b] = await Promise.all([m.sendDeadlineReminders(), m.sendDeadlineReminders()]);
    expect(a.reminded + b.reminded).toBe(eligible!.n);
    expect((await m.sendDeadlineReminders()).reminded).toBe(0);

    const soonJobs = await emailJobs(soon, "deadline_reminder");
    expect(soonJobs).toHaveLength(1);
    expect(soonJobs[0]!.to).toBe(await inbox(EM, "330106"));
    expect(soonJobs[0]!.data).toEqual({ reference: soon.reference, stage: "conclude", deadline: m.addDays(today, 2), daysLeft: 2 });
    expect((await tipRow(soon)).reminded_for_due_on).toBe(m.addDays(today, 2));
    // Back at the desk: the province safety-committee office is reminded, not the agency.
    expect((await emailJobs(desk, "deadline_reminder")).map((j) => j.to)).toEqual([await inbox("safety_committee", "330000")]);
    expect(await emailJobs(far, "deadline_reminder")).toHaveLength(0);

    // An extension moves the deadline: one more reminder, for the new date.
    await sql()`update tips set due_on = ${m.addDays(today, 3)}::date where id = ${soon.id}::uuid`;
    expect((await m.sendDeadlineReminders()).reminded).toBe(1);
    expect((await emailJobs(soon, "deadline_reminder")).map((j) => j.data.deadline).sort()).toEqual([m.addDays(today, 2), m.addDays(today, 3)]);
  });
});

describe("retention of contact details", () => {
  it("erases contact details only of cases closed longer than the window, once, with a ledger entry", async () => {
    const old = await makeCase({ state: "closed", dueOn: null, agency: { type: EM, place: "330106" }, closedOn: m.addDays(today, -181), contact: true });
    const recent = await makeCase({ state: "closed", dueOn: null, agency: { type: EM, place: "330106" }, closedOn: m.addDays(today, -100), contact: true });
    const edge = await makeCase({ state: "closed", dueOn: null, agency: { type: EM, place: "330106" }, closedOn: m.addDays(today, -180), contact: true });
    const open = await makeCase({ state: "investigating", dueOn: m.addDays(today, 30), agency: { type: EM, place: "330106" }, contact: true });
    const reopened = await makeCase({ state: "reopened", dueOn: m.addDays(today, 2), agency: null, closedOn: m.addDays(today, -400), contact: true });
    const noContact = await makeCase({ state: "closed", dueOn: null, agency: { type: EM, place: "330106" }, closedOn: m.addDays(today, -400) });

    const [a, b] = await Promise.all([m.eraseExpiredContacts(), m.eraseExpiredContacts()]);
    expect(a.erased + b.erased).toBe(1);

    const gone = await tipRow(old);
    expect(gone.contact_enc).toBeNull();
    expect(gone.contact_erased_on).toBe(today);
    expect(await ledgerCount(old, "contact.erased")).toBe(1);
    const [entry] = await sql()`select actor_type, actor_id from ledger_entries where subject_id = ${old.id} and action = 'contact.erased'`;
    expect(entry).toMatchObject({ actor_type: "system", actor_id: null });

    for (const c of [recent, edge, open, reopened]) {
      const row = await tipRow(c);
      expect(row.contact_enc).not.toBeNull();
      expect(row.contact_erased_on).toBeNull();
      expect(await ledgerCount(c, "contact.erased")).toBe(0);
    }
    expect(await ledgerCount(noContact, "contact.erased")).toBe(0);
    expect((await m.eraseExpiredContacts()).erased).toBe(0);
    expect(await ledgerCount(old, "contact.erased")).toBe(1);

    const { verifyLedger } = await import("../../app/lib/ledger.server");
    expect((await verifyLedger(m.db())).problem).toBeNull();
  });
});

describe("weekly digest", () => {
  it("queues one digest per agency with open cases per ISO week", async () => {
    // A county bureau no other test uses: exact counts.
    const week = m.isoWeek(m.addDays(today, -7));
    await makeCase({ state: "accepted", dueOn: m.addDays(today, -3), agency: { type: EM, place: "330105" } });
    await makeCase({ state: "investigating", dueOn: m.addDays(today, 3), agency: { type: EM, place: "330105" } });
    const lastWeek = await makeCase({ state: "assigned", dueOn: m.addDays(today, 30), agency: { type: EM, place: "330105" } });
    await sql()`update tips set assigned_on = ${week.monday}::date where id = ${lastWeek.id}::uuid`;
    const closedLastWeek = await makeCase({ state: "closed", dueOn: null, agency: { type: EM, place: "330105" }, closedOn: week.sunday });
    expect(closedLastWeek).toBeDefined();

    const [first, second] = await Promise.all([m.sendWeeklyDigest(), m.sendWeeklyDigest()]);
    expect(first.week).toBe(week.label);
    expect(second.week).toBe(week.label);
    expect(first.queued).toBeGreaterThan(0);
    const rows = await sql()`
      select j.payload, j.key from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
      where t.identifier = 'send_email' and j.payload->>'template' = 'weekly_digest'`;
    const keys = rows.map((r) => r.key as string);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.every((k) => k.endsWith(`:${week.label}`))).toBe(true);
    const mine = rows.filter((r) => (r.payload as { to: string }).to === "emergency-management.330105@agencies.canary.invalid");
    expect(mine).toHaveLength(1);
    expect((mine[0]!.payload as { data: Record<string, unknown> }).data).toEqual({
      agencyName: expect.any(String),
      weekStart: week.monday,
      weekEnd: week.sunday,
      newCases: 1,
      openCases: 3,
      dueSoon: 1,
      overdue: 1,
      closed: 1,
    });
    // An agency without open cases gets nothing.
    expect(rows.some((r) => (r.payload as { to: string }).to.startsWith("transport."))).toBe(false);
  });
});

describe("the crontab", () => {
  it("parses and is registered by a worker (graphile-worker's known_crontabs de-duplicates across workers)", async () => {
    const opts = { connectionString: process.env.DATABASE_URL!, ...m.workerJobs(), concurrency: 1, pollInterval: 500, tasks: [...m.SCHEDULED_TASKS] };
    stops.push(await m.startWorker(opts), await m.startWorker(opts));
    await waitFor("the crontab to be registered", async () => {
      const rows = await sql()`select identifier from graphile_worker._private_known_crontabs order by identifier`;
      return rows.length === 7;
    });
    const rows = await sql()`select identifier from graphile_worker._private_known_crontabs order by identifier`;
    expect(rows.map((r) => r.identifier)).toEqual(["anchor_ledger_daily", "erase_expired_contacts", "escalate_overdue", "fold_statistics", "publish_statistics_release", "send_deadline_reminders", "send_weekly_digest"]);
  });

  it("runs the daily ledger anchor one minute after local midnight, written in UTC", () => {
    const line = (timeZone: string, now: string) => m.crontab(timeZone, new Date(now)).split("\n").find((l) => l.includes("anchor_ledger_daily"));
    expect(line("Asia/Shanghai", "2026-12-01T10:00:00Z")).toBe("1 16 * * * anchor_ledger_daily ?max=3&fill=1d&id=anchor_ledger_daily");
    expect(line("UTC", "2026-12-01T10:00:00Z")).toMatch(/^1 0 \* \* \* /);
    expect(line("Asia/Kolkata", "2026-12-01T10:00:00Z")).toMatch(/^31 18 \* \* \* /);
    expect(line("America/New_York", "2026-07-01T10:00:00Z")).toMatch(/^1 4 \* \* \* /);
  });
});
