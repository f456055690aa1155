import { sql } from "drizzle-orm";
import type { Job, JobHelpers, LogFunctionFactory, Runner, Task } from "graphile-worker";
import {
  checkEmailData,
  EmailDataError,
  isEmailLocale,
  isEmailTemplate,
  renderEmail,
  type EmailData,
  type EmailTemplate,
  type Locale,
} from "../../emails/index";
import type { Executor } from "./db.server";
import { messageIdDomain, sendMail } from "./mailer.server";

/**
 * Background jobs (graphile-worker, in the `graphile_worker` schema of our database).
 *
 * - `installJobSchema(url)`: graphile-worker's own migrations; the launcher runs it once at
 *   start-up, after ours.
 * - `enqueueEmail(tx, …)`: queues an email in the caller's transaction — it is sent only if
 *   that transaction commits, and queued once per commit.
 * - `startWorker(…)`: runs the queue; returns a function that stops it gracefully.
 *
 * Retries: a failed job is retried up to EMAIL_MAX_ATTEMPTS times with graphile-worker's
 * exponential backoff (exp(n) seconds after the n-th failure: 3 s, 7 s, 20 s, 55 s, 2.5 min,
 * 7 min, 18 min, 50 min, 2.3 h — about 3.5 hours in all), then stays in the table as
 * permanently failed (graphile_worker.jobs.last_error says why). A job that succeeded is
 * deleted, and is never run again.
 *
 * graphile-worker itself is imported lazily: code that only enqueues (request handlers)
 * does not load it.
 */

export const SEND_EMAIL_TASK = "send_email";
export const EMAIL_MAX_ATTEMPTS = 10;

export type EmailLocale = Locale;

export type QueuedEmail<T extends EmailTemplate = EmailTemplate> = {
  template: T;
  /** One recipient: an agency inbox, a desk, a member of staff. */
  to: string;
  locale: EmailLocale;
  /** Only what the template declares: references, names, dates, counts (see emails/fields.ts). */
  data: EmailData<T>;
  /**
   * Identifies the event, e.g. `case_assigned:<assignment id>`. While a job with this key is
   * queued, running or permanently failed, enqueueing it again does nothing. (graphile-worker
   * deletes a job once it has succeeded; the key is then free again.)
   */
  dedupeKey?: string;
};

/** What is stored in the job: no rendered text, only the template's data. */
type EmailPayload = { v: 1; template: EmailTemplate; to: string; locale: EmailLocale; data: Record<string, string | number> };

// One plain address: no display name, no list, no header characters.
const EMAIL_ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

function checkRecipient(to: unknown): string {
  if (typeof to !== "string" || to.length > 254 || !EMAIL_ADDRESS.test(to)) throw new EmailDataError(`email: "to" must be one e-mail address`);
  return to;
}

function toPayload(email: QueuedEmail): EmailPayload {
  if (!isEmailTemplate(email.template)) throw new EmailDataError(`unknown email template: ${String(email.template)}`);
  if (!isEmailLocale(email.locale)) throw new EmailDataError(`unknown email locale: ${String(email.locale)}`);
  const to = checkRecipient(email.to);
  const data = checkEmailData(email.template, email.data) as Record<string, string | number>;
  return { v: 1, template: email.template, to, locale: email.locale, data };
}

function fromPayload(payload: unknown): EmailPayload {
  const p = (payload ?? {}) as Partial<EmailPayload>;
  if (p.v !== 1) throw new EmailDataError(`send_email: unknown payload version ${String(p.v)}`);
  return toPayload(p as QueuedEmail);
}

/**
 * Queues an email inside the caller's transaction (`db().transaction(async (tx) => …)`):
 * rolled back, it was never queued. Data are checked now, so a mistake fails the change
 * that caused it rather than a job hours later. Returns the job's id.
 */
export async function enqueueEmail<T extends EmailTemplate>(tx: Executor, email: QueuedEmail<T>): Promise<{ jobId: string }> {
  const payload = toPayload(email as QueuedEmail);
  const key = email.dedupeKey === undefined ? null : `${SEND_EMAIL_TASK}:${email.dedupeKey}`;
  if (key !== null && (key.length > 500 || /[\u0000-\u001f]/.test(key))) throw new EmailDataError("email: dedupeKey must be one short line");
  const rows = await tx.execute<{ id: string }>(sql`
    select (graphile_worker.add_job(
      ${SEND_EMAIL_TASK}::text,
      ${JSON.stringify(payload)}::json,
      job_key => ${key}::text,
      max_attempts => ${EMAIL_MAX_ATTEMPTS}::int,
      job_key_mode => 'unsafe_dedupe'
    )).id::text as id`);
  const id = (rows as unknown as { id: string }[])[0]?.id;
  if (!id) throw new Error("graphile_worker.add_job returned no job");
  return { jobId: id };
}

/**
 * The Message-ID of a job's email: the same on every attempt of the job (a receiving server
 * or person can recognise a repeat after a crash between sending and recording success),
 * and different for every job, also across databases (the creation time is part of it).
 */
export function messageIdForJob(job: Pick<Job, "id" | "created_at">): string {
  const created = job.created_at instanceof Date ? job.created_at.getTime() : new Date(job.created_at).getTime();
  return `<canary.job-${job.id}.${created.toString(36)}@${messageIdDomain()}>`;
}

/** The send_email task: render the template, send once; a throw makes graphile-worker retry. */
export const sendEmailTask: Task = async (payload: unknown, helpers: JobHelpers) => {
  const email = fromPayload(payload);
  const rendered = renderEmail(email.template, email.locale, email.data as EmailData<EmailTemplate>);
  const result = await sendMail({ to: email.to, ...rendered, messageId: messageIdForJob(helpers.job) });
  helpers.logger.info(`email job ${helpers.job.id} (${email.template}) sent via ${result.via}`);
};

/** Warnings and errors only (no payloads: graphile-worker's messages carry ids and errors). */
function makeLogFactory(): LogFunctionFactory {
  const verbose = process.env.JOBS_LOG === "debug" ? 3 : process.env.JOBS_LOG === "info" ? 2 : 1;
  const rank: Record<string, number> = { error: 0, warning: 1, info: 2, debug: 3 };
  return (scope) => (level, message) => {
    if ((rank[level] ?? 3) > verbose) return;
    const where = scope.taskIdentifier ? ` ${scope.taskIdentifier}${scope.jobId ? `#${scope.jobId}` : ""}` : "";
    const line = `[jobs${where}] ${message}`;
    if (level === "error") console.error(line);
    else if (level === "warning") console.warn(line);
    else console.log(line);
  };
}

/**
 * A pg pool (graphile-worker's driver) that we own: its error handlers stay until we have
 * ended it. (With a pool of its own, graphile-worker removes the handlers before the pool has
 * finished closing; an embedded PostgreSQL stopping at the same moment — SIGTERM stops it too —
 * then crashed the process with an unhandled 'error'.)
 */
async function makePool(connectionString: string, max: number) {
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({ connectionString, max, application_name: "canary-jobs" });
  let closing = false;
  const report = (what: string) => (err: Error) => {
    // pg drops the broken client by itself; the worker reconnects and retries what failed.
    if (!closing) console.warn(`[jobs] ${what}: ${err.message}`);
  };
  pool.on("error", report("idle database connection failed"));
  pool.on("connect", (client) => client.on("error", report("database connection failed")));
  return {
    pool,
    end: async () => {
      closing = true;
      await pool.end().catch(() => {});
    },
  };
}

/** graphile-worker's migrations (idempotent; safe while workers run). */
export async function installJobSchema(connectionString: string): Promise<void> {
  const { runMigrations, Logger } = await import("graphile-worker");
  const { pool, end } = await makePool(connectionString, 1);
  try {
    await runMigrations({ pgPool: pool, logger: new Logger(makeLogFactory()) });
  } finally {
    await end();
  }
}

export type WorkerOptions = {
  connectionString: string;
  /** Jobs run at once by this process (default JOBS_CONCURRENCY or 2). */
  concurrency?: number;
  /** How often to look for due jobs (retries, scheduled jobs), ms. New jobs are picked up at once (LISTEN/NOTIFY). */
  pollInterval?: number;
};

/** Starts a worker; the returned function stops it (waits for running jobs). */
export async function startWorker(opts: WorkerOptions): Promise<() => Promise<void>> {
  const { run, Logger } = await import("graphile-worker");
  const concurrency = Math.max(1, opts.concurrency ?? Number(process.env.JOBS_CONCURRENCY ?? 2));
  const { pool, end } = await makePool(opts.connectionString, concurrency + 2);
  let runner: Runner;
  try {
    runner = await run({
      pgPool: pool,
      concurrency,
      pollInterval: opts.pollInterval ?? Number(process.env.JOBS_POLL_MS ?? 2000),
      noHandleSignals: true,
      logger: new Logger(makeLogFactory()),
      taskList: { [SEND_EMAIL_TASK]: sendEmailTask },
      parsedCronItems: [],
    });
  } catch (e) {
    await end();
    throw e;
  }
  let stopped: Promise<void> | undefined;
  const stop = async () => {
    try {
      await runner.stop();
    } finally {
      await end();
    }
  };
  return () => (stopped ??= stop());
}
