import { randomBytes } from "node:crypto";
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Outgoing email end to end: enqueue in a transaction → graphile-worker → nodemailer → a real
// SMTP listener on loopback → mailparser. The file's database is its own (tests/support/env.ts;
// the job queue is shared by every worker connected to a database), and it points SMTP_URL at its listener
// before any app module is imported.

type M = typeof import("../../app/lib/db.server") &
  typeof import("../../app/lib/jobs.server") &
  typeof import("../../app/jobs/index.server") &
  typeof import("../../app/lib/mailer.server") &
  typeof import("../../app/services/file-tip.server") &
  typeof import("../../emails/index");
let m: M;
const saved = { DATABASE_URL: process.env.DATABASE_URL, SMTP_URL: process.env.SMTP_URL, DATA_DIR: process.env.DATA_DIR, PUBLIC_URL: process.env.PUBLIC_URL };

// --- the SMTP listener -------------------------------------------------------------------
const received: ParsedMail[] = [];
let smtp: SMTPServer | undefined;
let smtpPort = 0;
/** Milliseconds the listener waits before accepting a message (to make workers overlap). */
let smtpDelayMs = 0;

async function startSmtp(port: number): Promise<number> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => setTimeout(() => (received.push(mail), callback()), smtpDelayMs),
        (err: Error) => callback(err),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  smtp = server;
  return (server.server.address() as AddressInfo).port;
}

async function stopSmtp() {
  const s = smtp;
  smtp = undefined;
  if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
}

// --- helpers ---------------------------------------------------------------------------------
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Messages delivered for one job (its id is part of the Message-ID). */
const deliveredFor = (jobId: string) => received.filter((mail) => mail.messageId?.includes(`.job-${jobId}.`));

async function jobRow(jobId: string) {
  const rows = await m.sqlClient()`select attempts, last_error, locked_at from graphile_worker.jobs where id = ${jobId}`;
  return rows[0] as { attempts: number; last_error: string | null; locked_at: Date | null } | undefined;
}

/** An email about a case goes to an agency of the demo data, about a tip filed in beforeAll. */
const bureau = { id: "", inbox: "" };
const tip = { id: "", implicatedId: "" };

let seq = 0;
function assignedEmail(locale: "zh-CN" | "en" = "zh-CN") {
  const reference = `JB2026-${String(9_000_000 + ++seq).padStart(7, "0")}`;
  return {
    reference,
    email: {
      template: "case_assigned" as const,
      tipId: tip.id,
      agencyId: bureau.id,
      locale,
      data: { reference, sectorName: "危险化学品", countyName: "杭州市西湖区", deadline: "2026-03-04" },
    },
  };
}

const stops: Array<() => Promise<void>> = [];

beforeAll(async () => {
  smtpPort = await startSmtp(0);
  process.env.SMTP_URL = `smtp://127.0.0.1:${smtpPort}`;
  process.env.PUBLIC_URL = "https://canary.example.org";
  // Fail fast while the listener is down.
  process.env.SMTP_CONNECTION_TIMEOUT_MS = "2000";
  m = {
    ...(await import("../../app/lib/db.server")),
    ...(await import("../../app/lib/jobs.server")),
    ...(await import("../../app/jobs/index.server")),
    ...(await import("../../app/lib/mailer.server")),
    ...(await import("../../app/services/file-tip.server")),
    ...(await import("../../emails/index")),
  };
  const [agency] = await m.sqlClient()`select id::text as id, inbox_email from agencies where department_type = 'emergency_management' and place_code = '330106'`;
  Object.assign(bureau, { id: agency!.id as string, inbox: agency!.inbox_email as string });
  for (const implicatedLevel of [undefined, "county"] as const) {
    const filed = await m.fileTip({
      submissionId: randomBytes(16).toString("base64url"),
      channel: "web",
      captcha: "not_required",
      files: [],
      tip: {
        sectorCode: "hazardous_chemicals",
        placeCode: "330106",
        content: { description: "储罐区可燃气体报警器被拆除，夜间仍在装卸作业。" },
        majorHazard: false,
        concealedAccident: false,
        officialsImplicated: implicatedLevel !== undefined,
        implicatedLevel,
        tipsterWorksThere: false,
      },
    });
    const [row] = await m.sqlClient()`select id::text as id from tips where reference = ${filed.reference}`;
    if (implicatedLevel) tip.implicatedId = row!.id as string;
    else tip.id = row!.id as string;
  }
  await m.installJobSchema(process.env.DATABASE_URL!);
  // Twice is harmless (the launcher runs it at every start).
  await m.installJobSchema(process.env.DATABASE_URL!);
  stops.push(await m.startWorker({ connectionString: process.env.DATABASE_URL!, ...m.workerJobs(), concurrency: 2, pollInterval: 200 }));
});

afterAll(async () => {
  for (const stop of stops) await stop().catch(() => {});
  m?.resetMailer();
  await m?.closeDb();
  await stopSmtp();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  delete process.env.SMTP_CONNECTION_TIMEOUT_MS;
});

describe("email delivery (graphile-worker → SMTP)", () => {
  it("delivers a job enqueued in a committed transaction exactly once, UTF-8 intact", async () => {
    const { reference, email } = assignedEmail("zh-CN");
    const { jobId } = await m.db().transaction(async (tx) => m.enqueueEmail(tx, email));

    await waitFor("the email", () => deliveredFor(jobId).length > 0);
    await sleep(1000);
    const mails = deliveredFor(jobId);
    expect(mails).toHaveLength(1);

    const mail = mails[0]!;
    const expected = m.renderEmail("case_assigned", "zh-CN", email.data);
    expect(mail.subject).toBe(expected.subject);
    expect(mail.subject).toContain("交办");
    expect(mail.subject).toContain(reference);
    expect(mail.text).toContain(reference);
    expect(mail.text).toContain("杭州市西湖区");
    expect(mail.html || "").toContain(`https://canary.example.org/staff/cases/${reference}`);
    expect(mail.from?.text).toContain("no-reply@canary.invalid");
    // The address is the agency's inbox, read by the queue from the agency named.
    expect(JSON.stringify(mail.to)).toContain(bureau.inbox);
    expect(mail.messageId).toMatch(new RegExp(`^<canary\\.job-${jobId}\\.[0-9a-z]+@canary\\.invalid>$`));
    expect(mail.headers.get("auto-submitted")).toBe("auto-generated");
    // A job that succeeded is gone from the queue.
    await waitFor("the job to be removed", async () => (await jobRow(jobId)) === undefined);
  });

  it("never delivers a job enqueued in a transaction that rolled back", async () => {
    let rolledBackJob = "";
    await expect(
      m.db().transaction(async (tx) => {
        rolledBackJob = (await m.enqueueEmail(tx, assignedEmail().email)).jobId;
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(rolledBackJob).not.toBe("");

    // Bad data fail in the caller's transaction (here: tip text in a field), queueing nothing.
    const bad = assignedEmail().email;
    await expect(
      m.db().transaction(async (tx) =>
        m.enqueueEmail(tx, { ...bad, data: { ...bad.data, description: "夜间向河道偷排废水" } as unknown as typeof bad.data }),
      ),
    ).rejects.toThrow(m.EmailDataError);
    const invitation = { template: "staff_invitation" as const, locale: "zh-CN" as const, data: { agencyName: "杭州市安委办", role: "triage_officer" as const, token: "tK3x9-Qa_7bLm2Zp0RrS8vWy", expiresOn: "2026-03-11" } };
    await expect(m.db().transaction(async (tx) => m.enqueueEmail(tx, { ...invitation, to: "a@b.cn, c@d.cn" }))).rejects.toThrow(/one e-mail address/);
    // An email about a case to an agency inside the region its tip implicates (the county of the
    // bureau): refused in the caller's transaction, with its code.
    const refused = m.db().transaction(async (tx) => m.enqueueEmail(tx, { ...bad, tipId: tip.implicatedId }));
    await expect(refused).rejects.toThrow(m.ConflictOfInterestError);
    await expect(refused).rejects.toMatchObject({ code: "conflict_of_interest" });

    // A committed job queued after it is delivered: the worker was running all along.
    const { jobId: sentinel } = await m.db().transaction(async (tx) => m.enqueueEmail(tx, assignedEmail().email));
    await waitFor("the sentinel email", () => deliveredFor(sentinel).length === 1);
    await sleep(500);
    expect(deliveredFor(rolledBackJob)).toHaveLength(0);
    expect(await jobRow(rolledBackJob)).toBeUndefined();
    const [{ n }] = (await m.sqlClient()`select count(*)::int as n from graphile_worker.jobs`) as unknown as [{ n: number }];
    expect(n).toBe(0);
  });

  it("collapses enqueues with the same dedupeKey into one email", async () => {
    const { email } = assignedEmail("en");
    const ids = await m.db().transaction(async (tx) => [
      (await m.enqueueEmail(tx, { ...email, dedupeKey: "case_assigned:assignment-42" })).jobId,
      (await m.enqueueEmail(tx, { ...email, dedupeKey: "case_assigned:assignment-42" })).jobId,
    ]);
    expect(ids[0]).toBe(ids[1]);
    await waitFor("the email", () => deliveredFor(ids[0]!).length > 0);
    await sleep(500);
    expect(deliveredFor(ids[0]!)).toHaveLength(1);
  });

  it("retries while the SMTP server is down and delivers once when it is back", async () => {
    await stopSmtp();
    const { reference, email } = assignedEmail("en");
    const { jobId } = await m.db().transaction(async (tx) => m.enqueueEmail(tx, email));

    await waitFor("a failed attempt", async () => {
      const row = await jobRow(jobId);
      return !!row && row.attempts >= 1 && row.last_error !== null && row.locked_at === null;
    });
    const failed = await jobRow(jobId);
    expect(failed?.last_error).toMatch(/ECONNREFUSED|connect/i);
    // The error names the connection, never the message.
    expect(failed?.last_error).not.toContain(reference);
    expect(deliveredFor(jobId)).toHaveLength(0);

    await startSmtp(smtpPort);
    // Instead of waiting out the backoff (exp(attempts) s), make the retry due now; repeat in
    // case an attempt was in flight while the listener came back.
    await waitFor("the retried email", async () => {
      if (deliveredFor(jobId).length > 0) return true;
      await m.sqlClient()`select graphile_worker.reschedule_jobs(array[${jobId}]::bigint[], run_at => now())`;
      await sleep(200);
      return deliveredFor(jobId).length > 0;
    });
    await sleep(1000);
    const mails = deliveredFor(jobId);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe(`Case ${reference} has been assigned to you`);
    await waitFor("the job to be removed", async () => (await jobRow(jobId)) === undefined);
  });

  it("delivers each job once with two workers running at the same time", async () => {
    stops.push(await m.startWorker({ connectionString: process.env.DATABASE_URL!, ...m.workerJobs(), concurrency: 3, pollInterval: 200 }));
    smtpDelayMs = 30;
    try {
      const jobIds = await m.db().transaction(async (tx) => {
        const ids: string[] = [];
        for (let i = 0; i < 24; i++) ids.push((await m.enqueueEmail(tx, assignedEmail(i % 2 ? "en" : "zh-CN").email)).jobId);
        return ids;
      });
      await waitFor("24 emails", () => jobIds.every((id) => deliveredFor(id).length > 0), 20_000);
      await sleep(1000);
      for (const id of jobIds) expect(deliveredFor(id), `job ${id}`).toHaveLength(1);
      const ids = received.map((mail) => mail.messageId);
      expect(new Set(ids).size).toBe(ids.length);
    } finally {
      smtpDelayMs = 0;
    }
  });

  it("without SMTP_URL, writes a readable .eml to DATA_DIR/outbox and logs only its path", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "canary-outbox-"));
    const lines: string[] = [];
    const log = console.log;
    delete process.env.SMTP_URL;
    process.env.DATA_DIR = dir;
    m.resetMailer();
    console.log = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
    try {
      const rendered = m.renderEmail("staff_invitation", "zh-CN", {
        agencyName: "杭州市安委办",
        role: "triage_officer",
        token: "tK3x9-Qa_7bLm2Zp0RrS8vWy",
        expiresOn: "2026-03-11",
      });
      const messageId = m.messageIdForJob({ id: "77", created_at: new Date("2026-03-04T00:00:00Z") });
      const first = await m.sendMail({ to: "new.officer@canary.invalid", ...rendered, messageId });
      const again = await m.sendMail({ to: "new.officer@canary.invalid", ...rendered, messageId });
      expect(first.via).toBe("outbox");
      expect(again).toEqual(first); // a retried job overwrites its own file
      const files = fs.readdirSync(path.join(dir, "outbox"));
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/\.eml$/);
      const parsed = await simpleParser(fs.readFileSync(path.join(dir, "outbox", files[0]!)));
      expect(parsed.subject).toBe(rendered.subject);
      expect(parsed.messageId).toBe(messageId);
      expect(parsed.text).toContain("https://canary.example.org/staff/invitation/tK3x9-Qa_7bLm2Zp0RrS8vWy");
      expect(lines.filter((l) => l.startsWith("mail captured: "))).toHaveLength(2);
      expect(lines.join("\n")).not.toContain("tK3x9");
      expect(lines.join("\n")).not.toContain("new.officer");
    } finally {
      console.log = log;
      process.env.SMTP_URL = `smtp://127.0.0.1:${smtpPort}`;
      if (saved.DATA_DIR === undefined) delete process.env.DATA_DIR;
      else process.env.DATA_DIR = saved.DATA_DIR;
      m.resetMailer();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
