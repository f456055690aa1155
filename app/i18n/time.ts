import { useRouteLoaderData } from "@remix-run/react";
import { useLocale, type Locale } from "./index";

/**
 * A time a person reads: the local time of the deployment (TIME_ZONE, Asia/Shanghai unless set),
 * never UTC. Chinese "2026-12-01 20:42", English "1 Dec 2026, 20:42"; to the minute.
 *
 * Intl.DateTimeFormat only converts to the zone and gives the numbers (year, month, day, hour,
 * minute); the text is put together here. The server (Node's ICU) and the browser (Chromium's)
 * then cannot differ — ICU versions do change their patterns and spaces (U+202F before "PM"
 * broke hydration elsewhere) — so the hydrated page shows exactly what the server sent.
 */
export const DEFAULT_TIME_ZONE = "Asia/Shanghai";

const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

const partsFormats = new Map<string, Intl.DateTimeFormat>();
function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormats.get(timeZone);
  if (!f) {
    // "en-US" only for its numeric parts; hourCycle h23 so midnight is 00, not 24.
    f = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", hourCycle: "h23" });
    partsFormats.set(timeZone, f);
  }
  return f;
}

/** The local calendar fields of an instant in `timeZone`. */
export function localParts(instant: Date, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number } {
  const p: Record<string, number> = {};
  for (const part of partsFormat(timeZone).formatToParts(instant)) if (part.type !== "literal") p[part.type] = Number(part.value);
  return { year: p.year!, month: p.month!, day: p.day!, hour: p.hour! % 24, minute: p.minute! };
}

const two = (n: number) => String(n).padStart(2, "0");

/**
 * The local time of an instant (a Date or an ISO string such as services return) for a reader
 * of `locale`; "—" for none, or for a string that is not a time.
 */
export function formatLocalTime(instant: Date | string | null | undefined, locale: Locale, timeZone: string): string {
  if (instant === null || instant === undefined || instant === "") return "—";
  const d = typeof instant === "string" ? new Date(instant) : instant;
  if (Number.isNaN(d.getTime())) return "—";
  const { year, month, day, hour, minute } = localParts(d, timeZone);
  if (locale === "en") return `${day} ${MONTHS_EN[month - 1]} ${year}, ${two(hour)}:${two(minute)}`;
  return `${year}-${two(month)}-${two(day)} ${two(hour)}:${two(minute)}`;
}

/**
 * When something was published, as a sentence writes it: Chinese "2026年12月3日 02:00", English
 * "3 Dec 2026, 02:00"; local time, to the minute (the statistics releases, issue 16).
 */
export function formatPublicationTime(instant: Date | string, locale: Locale, timeZone: string): string {
  const d = typeof instant === "string" ? new Date(instant) : instant;
  if (Number.isNaN(d.getTime())) return "—";
  if (locale === "en") return formatLocalTime(d, locale, timeZone);
  const { year, month, day, hour, minute } = localParts(d, timeZone);
  return `${year}年${month}月${day}日 ${two(hour)}:${two(minute)}`;
}

/**
 * A staff action's time inside a message that reads the same in both languages (an error's
 * parameter: "since 14:05"): the time alone on the same local day as `now`, else
 * "2026-12-01 14:05".
 */
export function formatLocalClock(at: Date, now: Date, timeZone: string): string {
  const a = localParts(at, timeZone);
  const n = localParts(now, timeZone);
  const time = `${two(a.hour)}:${two(a.minute)}`;
  if (a.year === n.year && a.month === n.month && a.day === n.day) return time;
  return `${a.year}-${two(a.month)}-${two(a.day)} ${time}`;
}

/**
 * The zone reaches the browser in the root loader's data (app/root.tsx), so that a component
 * formats with the same zone on the server and when hydrating, whatever the reader's own clock
 * says. Before the root loader ran (an error boundary) the default is used.
 */
export function useTimeZone(): string {
  const data = useRouteLoaderData("root") as { timeZone?: string } | undefined;
  return data?.timeZone ?? DEFAULT_TIME_ZONE;
}

/** `when(iso)`: a time in the reader's language and the deployment's zone. */
export function useLocalTime(): (instant: Date | string | null | undefined) => string {
  const locale = useLocale();
  const timeZone = useTimeZone();
  return (instant) => formatLocalTime(instant, locale, timeZone);
}
