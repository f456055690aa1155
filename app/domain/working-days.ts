/**
 * Working-day arithmetic over a calendar of holidays and adjusted working weekends (调休),
 * after FixMyStreet's WorkingDays module. Dates are ISO strings (YYYY-MM-DD) in the
 * deployment's time zone; no time of day is involved.
 */
/** A calendar day is a holiday, or a weekend day that is worked (调休). */
export const CALENDAR_DAY_KINDS = ["holiday", "working_day"] as const;
export type CalendarDayKind = (typeof CALENDAR_DAY_KINDS)[number];

export type Calendar = { holidays: ReadonlySet<string>; workingWeekendDays: ReadonlySet<string> };

export const emptyCalendar: Calendar = { holidays: new Set(), workingWeekendDays: new Set() };

export function calendarFrom(days: { day: string; kind: CalendarDayKind }[]): Calendar {
  return {
    holidays: new Set(days.filter((d) => d.kind === "holiday").map((d) => d.day)),
    workingWeekendDays: new Set(days.filter((d) => d.kind === "working_day").map((d) => d.day)),
  };
}

function toDate(iso: string): Date {
  return new Date(iso + "T00:00:00Z");
}
function toIso(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  const d = toDate(iso);
  d.setUTCDate(d.getUTCDate() + days);
  return toIso(d);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier); dates only, never times. */
export function daysBetween(from: string, to: string): number {
  if (!ISO_DATE.test(from) || !ISO_DATE.test(to)) throw new RangeError(`not a date: ${from} / ${to}`);
  return Math.round((toDate(to).getTime() - toDate(from).getTime()) / 86_400_000);
}
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isWorkingDay(iso: string, cal: Calendar): boolean {
  if (cal.holidays.has(iso)) return false;
  if (cal.workingWeekendDays.has(iso)) return true;
  const dow = toDate(iso).getUTCDay();
  return dow !== 0 && dow !== 6;
}

/** The date `n` working days after `iso` (the start day itself is not counted). */
export function addWorkingDays(iso: string, n: number, cal: Calendar): string {
  if (!Number.isInteger(n) || n < 0) throw new Error("working days must be a non-negative integer");
  let day = iso;
  let left = n;
  while (left > 0) {
    day = addDays(day, 1);
    if (isWorkingDay(day, cal)) left--;
  }
  return day;
}

/** Today's date in a time zone, as YYYY-MM-DD (the only clock the tipster's records get). */
const formatters = new Map<string, Intl.DateTimeFormat>();
export function localDate(now: Date, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    formatters.set(timeZone, f);
  }
  return f.format(now);
}

/**
 * The instant a local day begins in a time zone (its 00:00, or the first moment after it where a
 * change of offset skips midnight), e.g. ("2026-12-02", "Asia/Shanghai") → 2026-12-01T16:00:00Z.
 */
export function startOfLocalDay(day: string, timeZone: string): Date {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const wallMidnight = Date.UTC(y, m - 1, d);
  // The offset at the guess, applied twice: the second pass settles a change of offset that day.
  let t = wallMidnight;
  for (let i = 0; i < 2; i++) t = wallMidnight - offsetMs(new Date(t), timeZone);
  // In a gap (the clock jumps over 00:00) the computed instant falls on the day before: move to the day's first moment.
  while (localDate(new Date(t), timeZone) < day) t += 15 * 60_000;
  return new Date(t);
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
/** Local wall-clock time minus UTC at `at`, in ms. */
function offsetMs(at: Date, timeZone: string): number {
  let f = offsetFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    offsetFormatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}
