/**
 * Working-day arithmetic over a calendar of holidays and adjusted working weekends (调休),
 * after FixMyStreet's WorkingDays module. Dates are ISO strings (YYYY-MM-DD) in the
 * deployment's time zone; no time of day is involved.
 */
export type Calendar = { holidays: ReadonlySet<string>; workingWeekendDays: ReadonlySet<string> };

export const emptyCalendar: Calendar = { holidays: new Set(), workingWeekendDays: new Set() };

export function calendarFrom(days: { day: string; kind: "holiday" | "working_day" }[]): Calendar {
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
