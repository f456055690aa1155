import type { ParsedMail } from "mailparser";
import type { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedCase, staffMember } from "../support/builders";
import { sleep, startSmtpListener, type Received } from "../support/journey";

// Issue 15: a tipster's dispute of a closure (复查) emails the supervising agency — the one above
// the agency that closed the case, whose supervisors review it — and never an agency inside the
// region the tip implicates. The email is delivered by the real worker to an SMTP listener on
// loopback; SMTP_URL points at it before any app module is imported.

type M = typeof import("../../app/lib/db.server") &
  typeof import("../../app/jobs/index.server") &
  typeof import("../../app/lib/jobs.server") &
  typeof import("../../app/lib/mailer.server") &
  typeof import("../../app/services/dispute-conclusion.server");
let m: M;
const savedSmtp = process.env.SMTP_URL;
const stops: Array<() => Promise<void>> = [];
const received: Received[] = [];
let smtp: SMTPServer | undefined;

beforeAll(async () => {
  let port: number;
  ({ smtp, port } = await startSmtpListener(received));
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
  m = {
    ...(await import("../../app/lib/db.server")),
    ...(await import("../../app/jobs/index.server")),
    ...(await import("../../app/lib/jobs.server")),
    ...(await import("../../app/lib/mailer.server")),
    ...(await import("../../app/services/dispute-conclusion.server")),
  };
});

afterAll(async () => {
  for (const stop of stops) await stop().catch(() => {});
  m?.resetMailer();
  await m?.closeDb();
  if (smtp) await new Promise<void>((resolve) => smtp!.close(() => resolve()));
  if (savedSmtp === undefined) delete process.env.SMTP_URL;
  else process.env.SMTP_URL = savedSmtp;
});

const EM = "emergency_management";
const REASON = "整改只是临时装回报警器，检查组走后又拆除了，结论与事实不符。";
const inbox = (place: string) => `emergency-management.${place}@agencies.canary.invalid`;

/** The send_email jobs not yet done. */
async function pendingEmails(): Promise<number> {
  const [row] = await m.sqlClient()`
    select count(*)::int as n from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'send_email'`;
  return row!.n as number;
}

/** Runs the real worker until every queued email is delivered, and returns (and forgets) what arrived. */
async function deliverAll(): Promise<ParsedMail[]> {
  if (stops.length === 0)
    stops.push(await m.startWorker({ connectionString: process.env.DATABASE_URL!, ...m.workerJobs(), concurrency: 1, pollInterval: 100, cron: false, tasks: [m.SEND_EMAIL_TASK] }));
  const until = Date.now() + 20_000;
  while ((await pendingEmails()) > 0) {
    if (Date.now() > until) throw new Error(`emails still queued after 20 s (${received.length} delivered)`);
    await sleep(100);
  }
  await sleep(300);
  return received.splice(0).map((r) => r.mail);
}
const recipients = (mails: ParsedMail[]) => mails.flatMap((mail) => (mail.to && !Array.isArray(mail.to) ? mail.to.value.map((v) => v.address) : []));

describe("a dispute of a closure emails the supervising agency (issue 15)", () => {
  it("sends one email, about the case, to the agency above the closing one and none to the closing agency", async () => {
    const desk = await staffMember("triage_officer", "safety_committee", "330000");
    const officer = await staffMember("agency_officer", EM, "330106");
    const tip = await closedCase(desk, officer);
    await deliverAll(); // the assignment email of the routing, before the dispute
    await m.disputeConclusion(tip.id, REASON);
    const mails = await deliverAll();
    expect(recipients(mails)).toEqual([inbox("330100")]);
    const [mail] = mails;
    expect(mail!.subject).toContain(tip.reference);
    expect(mail!.subject).toContain("异议");
    expect(mail!.text).toContain("西湖区应急管理局");
    expect(mail!.text).toContain(`/staff/cases/${tip.reference}`);
    // Nothing the tipster wrote, nor anything about them.
    expect(mail!.text).not.toContain("报警器");
    expect(mail!.html || "").not.toContain("报警器");
  });

  it("skips a supervising agency inside the region the tip implicates and mails the next one up", async () => {
    const desk = await staffMember("triage_officer", "safety_committee", "330000");
    const officer = await staffMember("agency_officer", EM, "330106");
    const tip = await closedCase(desk, officer);
    // The city above the closing county agency is implicated after the case was handled.
    await m.sqlClient()`update tips set officials_implicated = true, implicated_place_code = '330100' where id = ${tip.id}::uuid`;
    await deliverAll();
    await m.disputeConclusion(tip.id, REASON);
    const mails = await deliverAll();
    expect(recipients(mails)).toEqual([inbox("330000")]);
    expect(mails[0]!.subject).toContain(tip.reference);
  });
});
