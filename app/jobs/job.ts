import type { Task } from "graphile-worker";

/**
 * One background job: its task name, its schedule, its handler (which calls a service). The
 * definitions are in ./definitions, one file each; ./index.server.ts hands them to the worker.
 */
export type JobDefinition<Name extends string = string, Schedule extends JobSchedule | null = JobSchedule | null> = {
  name: Name;
  /** When graphile-worker's cron queues it; null for a job that is only queued by the app (send_email). */
  schedule: Schedule;
  handler: Task;
};

/** A definition, its name and whether it is scheduled kept in its type (for the list in ./index.server.ts). */
export function defineJob<const Name extends string, Schedule extends JobSchedule | null>(job: JobDefinition<Name, Schedule>): JobDefinition<Name, Schedule> {
  return job;
}

export type JobSchedule = {
  /**
   * The crontab's five time fields. graphile-worker 0.18 reads them in UTC, not in the server's
   * time zone; a function when the time is local (TIME_ZONE) and so computed when the worker starts.
   */
  at: string | ((timeZone: string, now: Date) => string);
  /** Attempts per scheduled run (graphile-worker's `max`). */
  maxAttempts: number;
  /** Runs missed while no worker was up, within this period, are run at start-up (`fill`, e.g. "1h"); none when absent. */
  backfill?: string;
};

/** A scheduled job's crontab line; its identifier is its name, so graphile-worker schedules each (job, minute) once. */
export function crontabLine(job: JobDefinition<string, JobSchedule>, timeZone: string, now: Date): string {
  const { at, maxAttempts, backfill } = job.schedule;
  const time = typeof at === "function" ? at(timeZone, now) : at;
  const fill = backfill === undefined ? "" : `&fill=${backfill}`;
  return `${time} ${job.name} ?max=${maxAttempts}${fill}&id=${job.name}`;
}
