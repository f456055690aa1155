import { sql } from "drizzle-orm";
import type { Job, LogFunctionFactory, ParsedCronItem, Runner, TaskList } from "graphile-worker";
import {
  checkEmailData,
  EMAIL_SUBJECTS,
  EmailDataError,
  isEmailLocale,
  isEmailTemplate,
  type EmailData,
  type EmailSubject,
  type EmailTemplate,
  type Locale,
} from "../../emails/index";
import { mayBeToldAbout, type ConflictFacts } from "../domain/permissions";
import { queryRows, type Executor } from "./db.server";
import { messageIdDomain } from "./mailer.server";

/**
 * The job queue (graphile-worker, in the `graphile_worker` schema of our database). This is only
 * the adapter: the jobs themselves — each one's handler and schedule — are in app/jobs, which
 * imports the services; the services import this module to queue email, so it imports none.
 *
 * - `installJobSchema(url)`: graphile-worker's own migrations; the launcher runs it once at
 *   start-up, after ours.
 * - `enqueueEmail(tx, …)`: queues an email in the caller's transaction — it is sent only if
 *   that transaction commits, and queued once per commit.
 * - `runTaskNow(tx, task)`: queues a scheduled task to run now.
 * - `startWorker({ taskList, crontab, … })`: runs the queue with the tasks it is given
 *   (app/jobs `workerJobs()`); returns a function that stops it gracefully.
 *
 * Retries: a failed email job is retried up to EMAIL_MAX_ATTEMPTS times with graphile-worker's
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

/**
 * Whom an email goes to, by what it is about (EMAIL_SUBJECTS in emails/index.ts):
 * - about a case: the tip and the agency whose inbox is told. The address is the agency's inbox,
 *   read here together with the tip's implicated region, and an agency inside that region is
 *   refused (ConflictOfInterestError) — callers pick a recipient with `mayBeToldAbout` first, so
 *   the refusal is the last line, not the way recipients are chosen;
 *   With `officerId` (issue 15: the officer in charge), the address is that officer's own, read here
 *   too, and only while they are an active account of that agency — the same check applies;
 * - a digest: the agency (its inbox is read here; the sender's counts leave out the cases that
 *   implicate its region);
 * - a staff account: the person's address;
 * - a tipster: the tip only. The address is never written into the job (graphile_worker.jobs is
 *   a table anyone with the database reads): the send job decrypts the tip's contact when it
 *   runs, and sends nothing if it is gone (erased by retention) or the tipster did not ask.
 * The types require the right one, so a new email kind cannot skip the check.
 */
export type EmailRecipient<T extends EmailTemplate> =
  EmailSubject<T> extends "case"
    ? { tipId: string; agencyId: string; to?: never; officerId?: string }
    : EmailSubject<T> extends "agency_digest"
      ? { agencyId: string; tipId?: never; to?: never }
      : EmailSubject<T> extends "tipster"
        ? { tipId: string; agencyId?: never; to?: never }
        : { to: string; tipId?: never; agencyId?: never };

export type QueuedEmail<T extends EmailTemplate = EmailTemplate> = EmailRecipient<T> & {
  template: T;
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

/** An email about a case was addressed to an agency inside the region the case implicates. */
export class ConflictOfInterestError extends Error {
  readonly code = "conflict_of_interest";
  constructor(
    readonly template: EmailTemplate,
    readonly tipId: string,
    readonly agencyId: string,
  ) {
    super(`email ${template}: agency ${agencyId} is inside the region implicated by tip ${tipId} and may not be told about it`);
  }
}

/** What is stored in the job: no rendered text, only the template's data; for a tipster, the tip instead of an address. */
export type EmailPayload = { v: 1; template: EmailTemplate; locale: EmailLocale; data: Record<string, string | number> } & ({ to: string; tipId?: never } | { tipId: string; to?: never });

// One plain address: no display name, no list, no header characters.
const EMAIL_ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

function checkRecipient(to: unknown): string {
  if (typeof to !== "string" || to.length > 254 || !EMAIL_ADDRESS.test(to)) throw new EmailDataError(`email: "to" must be one e-mail address`);
  return to;
}

function toPayload(email: { template: unknown; to?: unknown; tipId?: unknown; locale: unknown; data: unknown }): EmailPayload {
  if (!isEmailTemplate(email.template)) throw new EmailDataError(`unknown email template: ${String(email.template)}`);
  if (!isEmailLocale(email.locale)) throw new EmailDataError(`unknown email locale: ${String(email.locale)}`);
  const data = checkEmailData(email.template, email.data) as Record<string, string | number>;
  if (EMAIL_SUBJECTS[email.template] === "tipster") {
    if (email.to !== undefined) throw new EmailDataError(`email ${email.template}: a tipster's address is never queued`);
    return { v: 1, template: email.template, tipId: checkTipId(email.template, email.tipId), locale: email.locale, data };
  }
  const to = checkRecipient(email.to);
  return { v: 1, template: email.template, to, locale: email.locale, data };
}

function checkTipId(template: EmailTemplate, tipId: unknown): string {
  if (typeof tipId !== "string" || !UUID.test(tipId)) throw new EmailDataError(`email ${template}: a tip id is required`);
  return tipId;
}

/** A send_email job's payload, checked again as it is read (app/jobs/definitions/send-email.server.ts). */
export function readEmailPayload(payload: unknown): EmailPayload {
  const p = (payload ?? {}) as Partial<EmailPayload>;
  if (p.v !== 1) throw new EmailDataError(`send_email: unknown payload version ${String(p.v)}`);
  return toPayload({ template: p.template, to: p.to, tipId: p.tipId, locale: p.locale, data: p.data });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The address an email goes to (for a tipster: the tip), after the conflict-of-interest check for an email about a case. */
async function resolveRecipient(tx: Executor, email: QueuedEmail): Promise<{ to: string } | { tipId: string }> {
  if (!isEmailTemplate(email.template)) throw new EmailDataError(`unknown email template: ${String(email.template)}`);
  const subject = EMAIL_SUBJECTS[email.template];
  if (subject === "staff_account") return { to: checkRecipient(email.to) };
  if (subject === "tipster") return { tipId: checkTipId(email.template, email.tipId) };
  const agencyId = email.agencyId;
  if (typeof agencyId !== "string" || !UUID.test(agencyId)) throw new EmailDataError(`email ${email.template}: an agency id is required`);
  const agencies = await queryRows<{ inboxEmail: string; placeCode: string }>(tx, sql`select inbox_email as "inboxEmail", place_code as "placeCode" from agencies where id = ${agencyId}::uuid`);
  const [agency] = agencies;
  if (!agency) throw new EmailDataError(`email ${email.template}: no agency ${agencyId}`);
  if (subject === "case") {
    const tipId = email.tipId;
    if (typeof tipId !== "string" || !UUID.test(tipId)) throw new EmailDataError(`email ${email.template}: a tip id is required`);
    const tips = await queryRows<ConflictFacts>(tx, sql`select implicated_place_code as "implicatedPlaceCode" from tips where id = ${tipId}::uuid`);
    const [tip] = tips;
    if (!tip) throw new EmailDataError(`email ${email.template}: no tip ${tipId}`);
    if (!mayBeToldAbout(agency.placeCode, tip)) throw new ConflictOfInterestError(email.template, tipId, agencyId);
    const officerId = (email as { officerId?: unknown }).officerId;
    if (officerId !== undefined) {
      if (typeof officerId !== "string" || !UUID.test(officerId)) throw new EmailDataError(`email ${email.template}: officerId must be a staff id`);
      const [officer] = await queryRows<{ email: string }>(tx, sql`select email from staff_accounts where id = ${officerId}::uuid and agency_id = ${agencyId}::uuid and active`);
      if (!officer) throw new EmailDataError(`email ${email.template}: no active officer ${officerId} of agency ${agencyId}`);
      return { to: checkRecipient(officer.email) };
    }
  }
  return { to: checkRecipient(agency.inboxEmail) };
}

/**
 * Queues an email inside the caller's transaction (`db().transaction(async (tx) => …)`):
 * rolled back, it was never queued. Data and recipient are checked now, so a mistake fails the
 * change that caused it rather than a job hours later. Returns the job's id.
 */
export async function enqueueEmail<T extends EmailTemplate>(tx: Executor, email: QueuedEmail<T>): Promise<{ jobId: string }> {
  const queued = email as QueuedEmail;
  const recipient = await resolveRecipient(tx, queued);
  const payload = toPayload({ template: queued.template, ...recipient, locale: queued.locale, data: queued.data });
  const key = email.dedupeKey === undefined ? null : `${SEND_EMAIL_TASK}:${email.dedupeKey}`;
  if (key !== null && (key.length > 500 || /[\u0000-\u001f]/.test(key))) throw new EmailDataError("email: dedupeKey must be one short line");
  const rows = await queryRows<{ id: string }>(tx, sql`
    select (graphile_worker.add_job(
      ${SEND_EMAIL_TASK}::text,
      ${JSON.stringify(payload)}::json,
      job_key => ${key}::text,
      max_attempts => ${EMAIL_MAX_ATTEMPTS}::int,
      job_key_mode => 'unsafe_dedupe'
    )).id::text as id`);
  const id = rows[0]?.id;
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

/** Our task names: lower-case words joined by "_" (they are also crontab identifiers and job-key prefixes). */
export const TASK_NAME = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;

/**
 * Queues a task to run now (on demand: after a bulk import, from an admin button, in tests;
 * app/jobs `runScheduledTaskNow` checks that the task is one of ours). With the default job key,
 * asking again while one is queued does nothing.
 */
export async function runTaskNow(tx: Executor, task: string, opts: { jobKey?: string | null } = {}): Promise<{ jobId: string }> {
  if (!TASK_NAME.test(task)) throw new Error(`not a task name: ${JSON.stringify(task)}`);
  const key = opts.jobKey === undefined ? `on_demand:${task}` : opts.jobKey;
  const rows = await queryRows<{ id: string }>(tx, sql`
    select (graphile_worker.add_job(${task}::text, '{}'::json, job_key => ${key}::text, max_attempts => 3, job_key_mode => 'preserve_run_at')).id::text as id`);
  const id = rows[0]?.id;
  if (!id) throw new Error("graphile_worker.add_job returned no job");
  return { jobId: id };
}

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
  /** The tasks, by name (app/jobs `workerJobs()`). */
  taskList: TaskList;
  /** graphile-worker crontab lines for those tasks (app/jobs `workerJobs()`). */
  crontab: string;
  /** Jobs run at once by this process (default JOBS_CONCURRENCY or 2). */
  concurrency?: number;
  /** How often to look for due jobs (retries, scheduled jobs), ms. New jobs are picked up at once (LISTEN/NOTIFY). */
  pollInterval?: number;
  /** Run the crontab (default true). Tests turn it off to run tasks only on demand. */
  cron?: boolean;
  /** Only these tasks (default: all). A worker ignores the queued jobs of tasks it does not know. */
  tasks?: readonly string[];
};

/**
 * What a worker runs: the task list (or the part `tasks` names) and the crontab items of those
 * tasks. A crontab line for a task that is not in the list is a mistake and fails here, at
 * start-up, rather than silently never running.
 */
export async function workerPlan(opts: Pick<WorkerOptions, "taskList" | "crontab" | "cron" | "tasks">): Promise<{ taskList: TaskList; cronItems: ParsedCronItem[] }> {
  const { parseCrontab } = await import("graphile-worker");
  for (const name of Object.keys(opts.taskList)) if (!TASK_NAME.test(name)) throw new Error(`not a task name: ${JSON.stringify(name)}`);
  const items = parseCrontab(opts.crontab);
  const unknown = items.filter((item) => !Object.hasOwn(opts.taskList, item.task)).map((item) => item.task);
  if (unknown.length > 0) throw new Error(`crontab names tasks the worker does not have: ${unknown.join(", ")}`);
  const only = opts.tasks;
  const taskList = only ? Object.fromEntries(Object.entries(opts.taskList).filter(([name]) => only.includes(name))) : { ...opts.taskList };
  const cronItems = opts.cron === false ? [] : items.filter((item) => Object.hasOwn(taskList, item.task));
  return { taskList, cronItems };
}

/** Starts a worker; the returned function stops it (waits for running jobs). */
export async function startWorker(opts: WorkerOptions): Promise<() => Promise<void>> {
  const { run, Logger } = await import("graphile-worker");
  const { taskList, cronItems } = await workerPlan(opts);
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
      taskList,
      parsedCronItems: cronItems,
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
