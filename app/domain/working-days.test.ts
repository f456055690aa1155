import { describe, expect, it } from "vitest";
import { addWorkingDays, calendarFrom, daysBetween, emptyCalendar, isWorkingDay, localDate, startOfLocalDay } from "./working-days";

const cal2026 = calendarFrom([
  { day: "2026-10-01", kind: "holiday" },
  { day: "2026-10-02", kind: "holiday" },
  { day: "2026-10-05", kind: "holiday" },
  { day: "2026-10-06", kind: "holiday" },
  { day: "2026-10-07", kind: "holiday" },
  { day: "2026-10-10", kind: "working_day" },
]);

describe("addWorkingDays", () => {
  it.each([
    // start, n, calendar, expected, why
    ["2026-11-23", 2, emptyCalendar, "2026-11-25", "Monday + 2 = Wednesday"],
    ["2026-11-26", 2, emptyCalendar, "2026-11-30", "Thursday + 2 skips the weekend"],
    ["2026-11-28", 1, emptyCalendar, "2026-11-30", "from a Saturday the next working day is Monday"],
    ["2026-11-23", 0, emptyCalendar, "2026-11-23", "zero days is the same day"],
    ["2026-09-30", 1, cal2026, "2026-10-08", "National Day holidays are skipped"],
    ["2026-09-30", 2, cal2026, "2026-10-09", "…and counting continues after them"],
    ["2026-10-09", 1, cal2026, "2026-10-10", "an adjusted working Saturday counts"],
    ["2026-12-31", 3, emptyCalendar, "2027-01-05", "across the year end"],
  ] as [string, number, ReturnType<typeof calendarFrom>, string, string][])("%s + %i → %s (%s)", (start, n, cal, expected) => {
    expect(addWorkingDays(start, n, cal)).toBe(expected);
  });

  it("refuses negative or fractional counts", () => {
    expect(() => addWorkingDays("2026-11-23", -1, emptyCalendar)).toThrow();
    expect(() => addWorkingDays("2026-11-23", 1.5, emptyCalendar)).toThrow();
  });

  it("knows weekends, holidays and adjusted working days", () => {
    expect(isWorkingDay("2026-11-22", emptyCalendar)).toBe(false);
    expect(isWorkingDay("2026-10-01", cal2026)).toBe(false);
    expect(isWorkingDay("2026-10-10", cal2026)).toBe(true);
  });
});

describe("localDate", () => {
  it("uses the deployment's time zone, not UTC", () => {
    const lateUtc = new Date("2026-11-22T20:30:00Z");
    expect(localDate(lateUtc, "Asia/Shanghai")).toBe("2026-11-23");
    expect(localDate(lateUtc, "UTC")).toBe("2026-11-22");
  });
});

describe("startOfLocalDay", () => {
  it.each([
    // day, time zone, the instant it begins, why
    ["2026-12-02", "Asia/Shanghai", "2026-12-01T16:00:00.000Z", "UTC+8, no daylight saving"],
    ["2026-01-01", "Asia/Shanghai", "2025-12-31T16:00:00.000Z", "across a year"],
    ["2026-12-02", "UTC", "2026-12-02T00:00:00.000Z", "UTC itself"],
    ["2026-12-02", "Asia/Kolkata", "2026-12-01T18:30:00.000Z", "a half-hour offset"],
    ["2026-07-01", "America/New_York", "2026-07-01T04:00:00.000Z", "summer time"],
    ["2026-03-08", "America/New_York", "2026-03-08T05:00:00.000Z", "the day summer time starts (at 02:00): midnight is still standard time"],
    ["2026-11-01", "America/New_York", "2026-11-01T04:00:00.000Z", "the day summer time ends (at 02:00)"],
    ["2026-04-05", "America/Santiago", "2026-04-05T04:00:00.000Z", "summer time ends at 24:00 (back to 23:00): the day begins at the second midnight, after which no time is of the day before"],
    ["2026-09-06", "America/Santiago", "2026-09-06T04:00:00.000Z", "midnight skipped (summer time starts: 24:00 → 01:00): the day's first moment"],
  ])("%s in %s begins at %s (%s)", (day, timeZone, expected) => {
    const start = startOfLocalDay(day, timeZone);
    expect(start.toISOString()).toBe(expected);
    expect(localDate(start, timeZone)).toBe(day);
    expect(localDate(new Date(start.getTime() - 1000), timeZone) < day).toBe(true);
  });
});

describe("daysBetween", () => {
  it.each([
    ["2026-03-01", "2026-03-01", 0],
    ["2026-03-01", "2026-03-02", 1],
    ["2026-03-02", "2026-03-01", -1],
    ["2026-02-28", "2026-03-01", 1],
    ["2024-02-28", "2024-03-01", 2],
    ["2025-12-31", "2026-01-01", 1],
    ["2026-01-01", "2026-12-31", 364],
  ] as const)("%s → %s = %d", (from, to, days) => expect(daysBetween(from, to)).toBe(days));

  it.each([["2026-03-01T10:00", "2026-03-02"], ["2026-03-01", ""], ["1 March", "2026-03-02"]])("refuses %j → %j (dates only)", (from, to) => {
    expect(() => daysBetween(from, to)).toThrow(RangeError);
  });
});
