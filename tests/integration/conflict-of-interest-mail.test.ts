import { randomBytes } from "node:crypto";
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffContextFor, type StaffSpec } from "../support/staff";

// Issue #10 item 1: no email about a case reaches an agency inside the region its tip implicates.
// Implicated cases (county, city and province level, and one implicated after it was assigned)
// are driven through every transition that sends mail; the jobs are then delivered by the real
// worker to an SMTP listener on loopback, and every recipient is checked. The walk must cover
// every email template of emails/index.ts, so a new kind cannot slip past. The file's database
// is its own (tests/support/env.ts; the job queue is shared by the workers of a database) and SMTP_URL points at its
// listener before any app module is imported.

type M = typeof import("../../app/lib/db.server") &
  typeof import("../../app/lib/jobs.server") &
  typeof import("../../app/jobs/index.server") &
  typeof import("../../app/lib/mailer.server") &
  typeof import("../../app/services/file-tip.server") &
  typeof import("../../app/services/triage-route.server") &
  typeof import("../../app/services/agency-accept.server") &
  typeof import("../../app/services/case-request-extension.server") &
  typeof import("../../app/services/case-decide-extension.server") &
  typeof import("../../app/services/case-ask-contribution.server") &
  typeof import("../../app/services/send-deadline-reminders.server") &
  typeof import("../../app/services/escalate-overdue.server") &
  typeof import("../../app/services/send-weekly-digest.server") &
  typeof import("../../app/services/decide-reward-claim.server") &
  typeof import("../../app/services/dispute-conclusion.server") &
  typeof import("../../app/services/deadline-common.server") &
  typeof import("../../emails/index");
let m: M;
const saved = { DATABASE_URL: process.env.DATABASE_URL, SMTP_URL: process.env.SMTP_URL };
const stops: Array<() => Promise<void>> = [];

const received: ParsedMail[] = [];
let smtp: SMTPServer | undefined;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => (received.push(mail), callback()),
        (err: Error) => callback(err)
      );
    },
  });
  await new Promise<void>((resolve) => smtp!.listen(0, "127.0.0.1", () => resolve()));
  process.env.SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  m = {
    ...(await import("../../app/lib/db.server")),
    ...(await import("../../app/lib/jobs.server")),
    ...(await import("../../app/jobs/index.server")),
    ...(await import("../../app/lib/mailer.server")),
    ...(await import("../../app/services/file-tip.server")),
    ...(await import("../../app/services/triage-route.server")),
    ...(await import("../../app/services/agency-accept.server")),
    ...(await import("../../app/services/case-request-extension.server")),
    ...(await import("../../app/services/case-decide-extension.server")),
    ...(await import("../../app/services/case-ask-contribution.server")),
    ...(await import("../../app/services/send-deadline-reminders.server")),
    ...(await import("../../app/services/escalate-overdue.server")),
    ...(await import("../../app/services/send-weekly-digest.server")),
    ...(await import("../../app/services/decide-reward-claim.server")),
    ...(await import("../../app/services/dispute-conclusion.server")),
    ...(await import("../../app/services/deadline-common.server")),
    ...(await import("../../emails/index")),
  };
});

afterAll(async () => {
  for (const stop of stops) await stop().catch(() => {});
  m?.resetMailer();
  await m?.closeDb();
  if (smtp) await new Promise<void>((resolve) => smtp!.close(() => resolve()));
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

const sql = () => m.sqlClient();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const EM = "emergency_management";

type Case = { id: string; reference: string; implicated: string | null };

async function fileCase(implicatedLevel?: "county" | "city" | "province"): Promise<Case> {
  const filed = await m.fileTip({
    submissionId: randomBytes(16).toString("base64url"),
    channel: "web",
    captcha: "not_required",
    files: [],
    tip: {
      sectorCode: "hazardous_chemicals",
      placeCode: "330106",
      content: { description: "储罐区可燃气体报警器被拆除，夜间仍在装卸作业，镇安监站长知情不管。" },
      majorHazard: false,
      concealedAccident: false,
      officialsImplicated: implicatedLevel !== undefined,
      implicatedLevel,
      tipsterWorksThere: false,
    },
  });
  const [row] = await sql()`select id::text as id, implicated_place_code as implicated from tips where reference = ${filed.reference}`;
  return { id: row!.id as string, reference: filed.reference, implicated: (row!.implicated as string | null) ?? null };
}

const who = (role: StaffSpec["role"], departmentType: string, placeCode: string) => staffContextFor(m.db(), { role, departmentType, placeCode });

async function assignedAgency(c: Case): Promise<{ id: string; type: string; place: string }> {
  const [a] = await sql()`select a.id::text as id, a.department_type as type, a.place_code as place from tips t join agencies a on a.id = t.agency_id where t.id = ${c.id}::uuid`;
  return { id: a!.id as string, type: a!.type as string, place: a!.place as string };
}

/** Queued email jobs, read before the worker runs: job id → template, recipient, reference, and the phase of the walk. */
type Job = { id: string; template: string; to: string; reference: string | null; phase: string; data: Record<string, unknown> };
const jobs = new Map<string, Job>();
async function collect(phase: string) {
  const rows = await sql()`
    select j.id::text as id, j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
    where t.identifier = 'send_email'`;
  for (const r of rows) {
    if (jobs.has(r.id as string)) continue;
    const p = r.payload as { template: string; to: string; data: Record<string, unknown> };
    jobs.set(r.id as string, { id: r.id as string, template: p.template, to: p.to, reference: (p.data.reference as string | undefined) ?? null, phase, data: p.data });
  }
}

/**
 * The inboxes of every agency inside a region (its own code; a city's or province's by prefix),
 * worked out here rather than by the rule under test.
 */
async function inboxesInside(region: string): Promise<Set<string>> {
  const prefix = region.endsWith("0000") ? region.slice(0, 2) : region.endsWith("00") ? region.slice(0, 4) : region;
  const rows = await sql()`select inbox_email from agencies where place_code like ${prefix + "%"}`;
  return new Set(rows.map((r) => r.inbox_email as string));
}

/** The inbox of the agency an address belongs to: the officer in charge (issue 15) is written to at their own address too. */
async function inboxOf(address: string): Promise<string> {
  const [s] = await sql()`select a.inbox_email from staff_accounts s join agencies a on a.id = s.agency_id where s.email = ${address}`;
  return s ? (s.inbox_email as string) : address;
}

/** The agency behind an inbox address. */
async function agencyOfInbox(address: string): Promise<{ id: string; place: string }> {
  const [a] = await sql()`select id::text as id, place_code as place from agencies where inbox_email = ${address}`;
  if (!a) throw new Error(`no agency has the inbox ${address}`);
  return { id: a.id as string, place: a.place as string };
}

describe("the conflict-of-interest rule in every email (issue #10 item 1)", () => {
  it("walks every email kind for implicated cases and no recipient is inside the implicated region", async () => {
    const today = m.todayLocal();
    const desk = await who("triage_officer", "safety_committee", "330000");
    const admin = await who("administrator", "safety_committee", "330000");

    // County- and city-implicated tips: routed above the region. The province-implicated tip
    // reaches no desk (issue #11 adds the national level): nobody in the province can route it.
    const county = await fileCase("county");
    const city = await fileCase("city");
    const province = await fileCase("province");
    expect([county.implicated, city.implicated, province.implicated]).toEqual(["330106", "330100", "330000"]);
    // One tip implicated after it was assigned (an implication change), and a plain one beside it.
    const late = await fileCase();
    const plain = await fileCase();

    for (const c of [county, city, late, plain]) await m.routeCase(desk, c.reference, {});
    expect((await assignedAgency(county)).place).toBe("330100");
    expect((await assignedAgency(city)).place).toBe("330000");
    expect((await assignedAgency(late)).place).toBe("330106");
    const officers = new Map<string, Awaited<ReturnType<typeof who>>>();
    for (const c of [county, city, late]) {
      const a = await assignedAgency(c);
      const officer = await who("agency_officer", a.type, a.place);
      officers.set(c.id, officer);
      await m.acceptCase(officer, c.reference);
    }
    await collect("before the late implication");
    await sql()`update tips set officials_implicated = true, implicated_place_code = '330100' where id = ${late.id}::uuid`;
    late.implicated = "330100";

    // Extension asked (to the supervising agency) and decided (to the agency).
    const provinceSupervisor = await who("supervisor", EM, "330000");
    for (const c of [county, city]) {
      await m.requestExtension(officers.get(c.id)!, c.reference, { days: 10, reason: "需要联合生态环境部门取样检测。" });
      await m.decideExtension(provinceSupervisor, c.reference, { decision: "approve" });
    }
    await collect("extension");

    // Joint handling: the lead of the county-implicated case asks the city's ecology office (outside the region) to contribute.
    const [eco] = await sql()`select id::text as id from agencies where department_type = 'ecology_environment' and place_code = '330100'`;
    await m.askContribution(officers.get(county.id)!, county.reference, { agencyId: eco!.id as string, request: "请协助取样检测河道水质。" });
    await collect("contribution");

    // Reminders: every open case's deadline tomorrow.
    await sql()`update tips set due_on = ${m.addDays(today, 1)}::date, reminded_for_due_on = null, overdue_since = null where id in ${sql()([county.id, city.id, province.id, late.id, plain.id])}`;
    expect((await m.sendDeadlineReminders()).reminded).toBe(5);
    await collect("reminder");

    // Overdue escalation: every deadline passed two days ago.
    await sql()`update tips set due_on = ${m.addDays(today, -2)}::date, overdue_since = null where id in ${sql()([county.id, city.id, province.id, late.id, plain.id])}`;
    expect((await m.escalateOverdue()).escalated).toBe(5);
    await collect("escalation");

    // The weekly digest of every agency with open cases.
    await m.sendWeeklyDigest();
    await collect("digest");

    // Reward claims decided (the agency inbox of the case is told).
    for (const c of [county, city, late, plain]) {
      const [claim] = await sql()`insert into reward_claims (tip_id, suggested_cny, claimed_on) values (${c.id}::uuid, 5000, ${today}::date) returning id::text as id`;
      await m.decideRewardClaim(admin, claim!.id as string, { decision: "approve", amountCny: 5000 });
    }
    await collect("reward");

    // Disputes of closures (to the agency supervising the closing one): the county-implicated
    // case's goes above its city holder; the late one's skips the implicated city for the province.
    await sql()`update tips set state = 'closed', closed_on = ${today}::date where id in ${sql()([county.id, late.id])}`;
    for (const c of [county, late]) await m.disputeConclusion(c.id, "整改只是临时装回报警器，检查组走后又拆除了，结论与事实不符。");
    await collect("dispute");

    // Deliver everything through the real worker and SMTP.
    stops.push(await m.startWorker({ connectionString: process.env.DATABASE_URL!, ...m.workerJobs(), concurrency: 2, pollInterval: 100, cron: false, tasks: [m.SEND_EMAIL_TASK] }));
    const until = Date.now() + 30_000;
    const delivered = () => received.filter((mail) => [...jobs.keys()].some((id) => mail.messageId?.includes(`.job-${id}.`)));
    while (delivered().length < jobs.size) {
      if (Date.now() > until) throw new Error(`delivered ${delivered().length} of ${jobs.size} emails`);
      await sleep(100);
    }
    await sleep(300);
    expect(received).toHaveLength(jobs.size);

    const implicated = new Map([county, city, province, late].map((c) => [c.reference, c]));
    const seen = new Set<string>();
    for (const mail of received) {
      const job = [...jobs.values()].find((j) => mail.messageId?.includes(`.job-${j.id}.`))!;
      const to = mail.to && !Array.isArray(mail.to) ? mail.to.value.map((v) => v.address) : [];
      expect(to).toEqual([job.to]);
      const inbox = await inboxOf(job.to);
      const recipient = await agencyOfInbox(inbox);
      if (job.template === "weekly_digest") {
        // A digest counts only the open cases its agency may be told about.
        const cases = await sql()`
          select implicated_place_code as implicated from tips
          where agency_id = ${recipient.id}::uuid and state in ${sql()([...m.DIGEST_OPEN_STATES])}`;
        const told = [];
        for (const c of cases) if (!c.implicated || !(await inboxesInside(c.implicated as string)).has(job.to)) told.push(c);
        expect(job.data.openCases, `digest to ${job.to}`).toBe(told.length);
        if (told.length < cases.length) seen.add("weekly_digest");
        continue;
      }
      const c = job.reference ? implicated.get(job.reference) : undefined;
      if (!c || (c === late && job.phase === "before the late implication")) continue;
      expect((await inboxesInside(c.implicated!)).has(inbox), `${job.template} about ${c.reference} (implicated ${c.implicated}) to ${job.to}`).toBe(false);
      expect(mail.text ?? "").toContain(c.reference);
      seen.add(job.template);
    }

    // What the rule changed: the holders inside the region got no reminder, the province-implicated
    // case mailed nobody at all, and the late one's escalation skipped the implicated city.
    expect([...jobs.values()].filter((j) => j.reference === province.reference)).toEqual([]);
    expect([...jobs.values()].filter((j) => j.reference === late.reference && j.phase !== "before the late implication").map((j) => [j.template, j.to])).toEqual([
      ["case_overdue_escalation", "emergency-management.330000@agencies.canary.invalid"],
      ["case_disputed", "emergency-management.330000@agencies.canary.invalid"],
    ]);
    // …and recorded it in the ledger (system actor), for whoever may see the case.
    const [entry] = await sql()`select actor_type, details from ledger_entries where subject_id = ${province.id} and action = 'case.overdue_escalated'`;
    expect(entry).toMatchObject({ actor_type: "system", details: { supervisingAgencyId: null, withheld: "conflict_of_interest", implicatedPlaceCode: "330000" } });
    // The plain case is mailed as before, to its county agency.
    expect([...jobs.values()].filter((j) => j.reference === plain.reference && j.template === "deadline_reminder").map((j) => j.to)).toEqual(["emergency-management.330106@agencies.canary.invalid"]);

    // Every email kind: each kind about a case was sent about an implicated case and checked;
    // the digest counted and checked; a staff-account email is about no case.
    const caseTemplates = m.EMAIL_TEMPLATES.filter((t) => m.EMAIL_SUBJECTS[t] === "case");
    const neverQueued = caseTemplates.filter((t) => !queuedByTheApp(t));
    expect(neverQueued, "templates no service queues (add them to the walk when one does)").toEqual(["case_returned"]);
    const expected = [...caseTemplates.filter((t) => !neverQueued.includes(t)), ...m.EMAIL_TEMPLATES.filter((t) => m.EMAIL_SUBJECTS[t] === "agency_digest")];
    expect([...seen].sort()).toEqual(expected.sort());
    expect(m.EMAIL_TEMPLATES.filter((t) => m.EMAIL_SUBJECTS[t] === "staff_account")).toEqual(["staff_invitation", "staff_one_time_password"]);
  });
});

/** Whether any module of app/ names the template where an email is queued (`template: "…"`). */
function queuedByTheApp(template: string): boolean {
  const root = path.resolve(process.cwd(), "app");
  const files = (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f));
  return files.some((f) => fs.readFileSync(path.join(root, f), "utf8").includes(`template: "${template}"`));
}
