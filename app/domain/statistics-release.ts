/**
 * Statistics releases (issue 16, ADR 041): the published statistics are computed once by the job
 * worker into an immutable, numbered release, and every server reads the current one.
 * A pure module: the release's clock (the daily time in TIME_ZONE, written as the crontab's UTC).
 * The private figures of a page are in ./release-cells.ts.
 */
/** What started a release: the daily schedule (STATISTICS_RELEASE_AT in TIME_ZONE) or an administrator's "publish now". */
export const RELEASE_TRIGGERS = ["schedule", "administrator"] as const;
export type ReleaseTrigger = (typeof RELEASE_TRIGGERS)[number];

// ---------------------------------------------------------------------------------------------
// The daily release time

/** The default of STATISTICS_RELEASE_AT: 02:00 local, when hardly anyone reads and little is filed. */
export const DEFAULT_RELEASE_AT = "02:00";

export type ClockTime = { hour: number; minute: number };

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** "HH:MM" (00:00–23:59, two digits each) as a clock time; null for anything else. */
export function parseReleaseAt(value: string): ClockTime | null {
  const m = HH_MM.exec(value.trim());
  return m ? { hour: Number(m[1]), minute: Number(m[2]) } : null;
}

const wallFormatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock time of an instant in a time zone, as if it were UTC (ms). */
function wallMs(at: Date, timeZone: string): number {
  let f = wallFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    wallFormatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
}

/** The local date (YYYY-MM-DD) of an instant in a time zone. */
export function localDayOf(at: Date, timeZone: string): string {
  return new Date(wallMs(at, timeZone)).toISOString().slice(0, 10);
}

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * The instant a day's release is due: `at` on the wall clock of `day` in `timeZone`. A time the
 * clock skips that day (a daylight-saving gap) is the first moment after the gap.
 */
export function releaseTimeOn(day: string, at: ClockTime, timeZone: string): Date {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, at.hour, at.minute);
  // The offset at the guess, applied twice: the second pass settles a change of offset that day.
  let t = wall;
  for (let i = 0; i < 2; i++) t = wall - (wallMs(new Date(t), timeZone) - Math.floor(t / 1000) * 1000);
  // In a gap the wall clock never reads `at`: move on to the first minute it reads later.
  while (wallMs(new Date(t), timeZone) < wall) t += 60_000;
  return new Date(t);
}

/** The next release after `now`: today's at `at` in `timeZone` if it is still to come, else tomorrow's. */
export function nextReleaseTime(now: Date, at: ClockTime, timeZone: string): { day: string; at: Date } {
  const today = localDayOf(now, timeZone);
  const todays = releaseTimeOn(today, at, timeZone);
  if (todays.getTime() > now.getTime()) return { day: today, at: todays };
  const tomorrow = nextDay(today);
  return { day: tomorrow, at: releaseTimeOn(tomorrow, at, timeZone) };
}

/**
 * The crontab's minute and hour (graphile-worker reads them in UTC) of the daily release, for a
 * worker starting at `now`: the next release's time in UTC. A later change of the zone's offset
 * moves the release by the change until the worker restarts (as the daily ledger anchor).
 */
export function releaseCrontabTime(at: ClockTime, timeZone: string, now: Date): string {
  const next = nextReleaseTime(now, at, timeZone).at;
  return `${next.getUTCMinutes()} ${next.getUTCHours()} * * *`;
}

/**
 * The local day a scheduled run is for: the day of the time cron scheduled it (not the time it
 * ran, which may be later: a backfilled run after a restart is still that day's release).
 */
export function scheduledDayOf(scheduledAt: Date, timeZone: string): string {
  return localDayOf(scheduledAt, timeZone);
}

// ---------------------------------------------------------------------------------------------
// The job's payload

/** The task that computes and publishes a release (graphile-worker). */
export const RELEASE_TASK = "publish_statistics_release";

/** What a release job is asked to do: who started it, for which day, on whose request. */
export type ReleaseJob = { trigger: ReleaseTrigger; scheduledFor: string | null; requestedBy: string | null };

/** "Publish now" queued under one key: asked again while it waits, it is still one job. */
export const PUBLISH_NOW_JOB_KEY = `${RELEASE_TASK}:administrator`;
/** A scheduled day's release queued by hand (the demo) under one key per day. */
export const scheduledJobKey = (day: string) => `${RELEASE_TASK}:schedule:${day}`;

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A release job's payload read back: cron's own (`{ _cron: { ts } }`: the scheduled release of the
 * local day of `ts`), or ours (`{ trigger, scheduledFor, requestedBy }`). Anything else is refused.
 */
export function releaseJobOf(payload: unknown, timeZone: string): ReleaseJob {
  const p = (payload ?? {}) as Record<string, unknown>;
  const cron = p._cron as { ts?: unknown } | undefined;
  if (cron && typeof cron === "object") {
    const at = typeof cron.ts === "string" ? new Date(cron.ts) : null;
    if (!at || Number.isNaN(at.getTime())) throw new Error(`${RELEASE_TASK}: cron payload without a time`);
    return { trigger: "schedule", scheduledFor: scheduledDayOf(at, timeZone), requestedBy: null };
  }
  if (p.trigger === "schedule" && typeof p.scheduledFor === "string" && ISO_DAY.test(p.scheduledFor) && p.requestedBy == null) {
    return { trigger: "schedule", scheduledFor: p.scheduledFor, requestedBy: null };
  }
  if (p.trigger === "administrator" && typeof p.requestedBy === "string" && UUID.test(p.requestedBy) && p.scheduledFor == null) {
    return { trigger: "administrator", scheduledFor: null, requestedBy: p.requestedBy };
  }
  throw new Error(`${RELEASE_TASK}: not a release job: ${JSON.stringify(payload)}`);
}
