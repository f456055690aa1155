import { describe, expect, it } from "vitest";
import { addWorkingDays, calendarFrom, emptyCalendar, isWorkingDay, localDate } from "./working-days";

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
