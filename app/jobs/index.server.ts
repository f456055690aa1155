import type { TaskList } from "graphile-worker";
import type { Executor } from "../lib/db.server";
import { env } from "../lib/env.server";
import { runTaskNow } from "../lib/jobs.server";
import { anchorLedgerDailyJob } from "./definitions/anchor-ledger-daily.server";
import { eraseExpiredContactsJob } from "./definitions/erase-expired-contacts.server";
import { escalateOverdueJob } from "./definitions/escalate-overdue.server";
import { foldStatisticsJob } from "./definitions/fold-statistics.server";
import { publishStatisticsReleaseJob } from "./definitions/publish-statistics-release.server";
import { sendDeadlineRemindersJob } from "./definitions/send-deadline-reminders.server";
import { sendEmailJob } from "./definitions/send-email.server";
import { sendWeeklyDigestJob } from "./definitions/send-weekly-digest.server";
import { crontabLine, type JobSchedule } from "./job";

/**
 * Every job the worker knows. Only the launchers (scripts/server.ts) and tests import this
 * module: it loads the services, which request handlers reach through their routes instead.
 * graphile-worker's cron schedules each (task, minute) once across all workers (its
 * `known_crontabs` table and a job key per run), and every task is idempotent on its own
 * (guarded UPDATE … RETURNING / dedupe keys), so a repeat, or two workers running it at once,
 * changes nothing twice.
 */
export const JOBS = [
  sendEmailJob,
  sendDeadlineRemindersJob,
  escalateOverdueJob,
  eraseExpiredContactsJob,
  sendWeeklyDigestJob,
  foldStatisticsJob,
  anchorLedgerDailyJob,
  publishStatisticsReleaseJob,
] as const;

export type JobName = (typeof JOBS)[number]["name"];

type Scheduled = Extract<(typeof JOBS)[number], { schedule: JobSchedule }>;
const scheduled = (job: (typeof JOBS)[number]): job is Scheduled => job.schedule !== null;

/** The jobs cron runs (they can also be run on demand, `runScheduledTaskNow`). */
export const SCHEDULED_TASKS: readonly Scheduled["name"][] = JOBS.filter(scheduled).map((job) => job.name);
export type ScheduledTaskName = (typeof SCHEDULED_TASKS)[number];

/** graphile-worker's task list: each job's handler under its name. */
export function taskList(): TaskList {
  return Object.fromEntries(JOBS.map((job) => [job.name, job.handler]));
}

/** The crontab of the scheduled jobs, for a worker starting at `now` in `timeZone`. */
export function crontab(timeZone: string, now = new Date()): string {
  return JOBS.filter(scheduled)
    .map((job) => crontabLine(job, timeZone, now))
    .join("\n");
}

/** What `startWorker` (app/lib/jobs.server.ts) is given: `startWorker({ connectionString, ...workerJobs() })`. */
export function workerJobs(timeZone = env().timeZone, now = new Date()): { taskList: TaskList; crontab: string } {
  return { taskList: taskList(), crontab: crontab(timeZone, now) };
}

/** Queues one of the scheduled jobs to run now (runTaskNow, refusing a name that is not one of them). */
export async function runScheduledTaskNow(tx: Executor, task: ScheduledTaskName, opts: { jobKey?: string | null } = {}): Promise<{ jobId: string }> {
  if (!(SCHEDULED_TASKS as readonly string[]).includes(task)) throw new Error(`unknown task ${String(task)}`);
  return runTaskNow(tx, task, opts);
}
