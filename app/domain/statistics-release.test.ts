import { describe, expect, it } from "vitest";
import { nextReleaseTime, parseReleaseAt, releaseCrontabTime, releaseJobOf, releaseTimeOn, scheduledDayOf, type ClockTime } from "./statistics-release";

const at = (s: string): ClockTime => parseReleaseAt(s)!;

describe("STATISTICS_RELEASE_AT", () => {
  it.each([
    ["02:00", { hour: 2, minute: 0 }],
    ["00:00", { hour: 0, minute: 0 }],
    ["23:59", { hour: 23, minute: 59 }],
    [" 07:30 ", { hour: 7, minute: 30 }],
    ["24:00", null],
    ["2:00", null],
    ["02:60", null],
    ["0200", null],
    ["02:00:00", null],
    ["", null],
    ["two", null],
  ])("%j reads as %j", (value, expected) => expect(parseReleaseAt(value)).toEqual(expected));
});

describe("a day's release time in the time zone", () => {
  it.each([
    ["2026-12-03", "02:00", "Asia/Shanghai", "2026-12-02T18:00:00.000Z"],
    ["2026-12-03", "00:00", "Asia/Shanghai", "2026-12-02T16:00:00.000Z"],
    ["2026-12-03", "23:59", "Asia/Shanghai", "2026-12-03T15:59:00.000Z"],
    ["2026-12-03", "02:00", "UTC", "2026-12-03T02:00:00.000Z"],
    ["2026-12-03", "02:00", "Asia/Kolkata", "2026-12-02T20:30:00.000Z"],
    ["2026-01-15", "02:00", "America/New_York", "2026-01-15T07:00:00.000Z"],
    ["2026-07-01", "02:00", "America/New_York", "2026-07-01T06:00:00.000Z"],
    // The clock skips 02:00–03:00 that night: the first moment after the gap.
    ["2026-03-08", "02:30", "America/New_York", "2026-03-08T07:00:00.000Z"],
    // 01:30 happens twice that night: the first.
    ["2026-11-01", "01:30", "America/New_York", "2026-11-01T05:30:00.000Z"],
    ["2026-12-03", "02:00", "Pacific/Chatham", "2026-12-02T12:15:00.000Z"],
    ["2027-01-01", "00:00", "Asia/Shanghai", "2026-12-31T16:00:00.000Z"],
  ])("%s at %s in %s is %s", (day, time, zone, expected) => expect(releaseTimeOn(day, at(time), zone).toISOString()).toBe(expected));
});

describe("the next release", () => {
  it.each([
    // 01:59 in Shanghai: today's is still to come.
    ["2026-12-02T17:59:00Z", "02:00", "Asia/Shanghai", "2026-12-03", "2026-12-02T18:00:00.000Z"],
    // 02:00 exactly: today's is due now, so the next is tomorrow's.
    ["2026-12-02T18:00:00Z", "02:00", "Asia/Shanghai", "2026-12-04", "2026-12-03T18:00:00.000Z"],
    // Local midnight (16:00 UTC the day before).
    ["2026-12-02T16:00:00Z", "02:00", "Asia/Shanghai", "2026-12-03", "2026-12-02T18:00:00.000Z"],
    ["2026-12-02T15:59:59Z", "02:00", "Asia/Shanghai", "2026-12-03", "2026-12-02T18:00:00.000Z"],
    // The year's end, release at midnight UTC.
    ["2026-12-31T23:59:00Z", "00:00", "UTC", "2027-01-01", "2027-01-01T00:00:00.000Z"],
    // 23:59:30 local on 31 December, release at 23:59: tomorrow's.
    ["2026-12-31T15:59:30Z", "23:59", "Asia/Shanghai", "2027-01-01", "2027-01-01T15:59:00.000Z"],
  ])("after %s (%s in %s): %s at %s", (now, time, zone, day, expected) => {
    const next = nextReleaseTime(new Date(now), at(time), zone);
    expect(next.day).toBe(day);
    expect(next.at.toISOString()).toBe(expected);
  });
});

describe("the crontab line's time (UTC)", () => {
  it.each([
    ["02:00", "Asia/Shanghai", "2026-12-01T10:00:00Z", "0 18 * * *"],
    ["02:00", "UTC", "2026-12-01T10:00:00Z", "0 2 * * *"],
    ["02:00", "Asia/Kolkata", "2026-12-01T10:00:00Z", "30 20 * * *"],
    ["02:00", "America/New_York", "2026-07-01T10:00:00Z", "0 6 * * *"],
    ["02:00", "America/New_York", "2026-01-15T10:00:00Z", "0 7 * * *"],
    ["02:00", "Pacific/Chatham", "2026-12-01T10:00:00Z", "15 12 * * *"],
    ["07:45", "Asia/Shanghai", "2026-12-01T10:00:00Z", "45 23 * * *"],
  ])("%s in %s (worker started %s): %s", (time, zone, now, expected) => expect(releaseCrontabTime(at(time), zone, new Date(now))).toBe(expected));
});

describe("the day a scheduled run is for", () => {
  it.each([
    ["2026-12-02T18:00:00Z", "Asia/Shanghai", "2026-12-03"],
    ["2026-12-02T18:00:00Z", "UTC", "2026-12-02"],
    ["2026-12-03T15:59:00Z", "Asia/Shanghai", "2026-12-03"],
    ["2026-12-02T16:00:00Z", "Asia/Shanghai", "2026-12-03"],
    ["2026-12-02T15:59:59Z", "Asia/Shanghai", "2026-12-02"],
  ])("cron's %s in %s: %s", (ts, zone, day) => expect(scheduledDayOf(new Date(ts), zone)).toBe(day));
});

describe("a release job's payload", () => {
  const admin = "4b0c6f0e-3c1d-4a43-9a55-0c1f1d2e3f40";
  it.each([
    [{ _cron: { ts: "2026-12-02T18:00:00.000Z", backfilled: false } }, { trigger: "schedule", scheduledFor: "2026-12-03", requestedBy: null }],
    [{ trigger: "schedule", scheduledFor: "2026-12-03" }, { trigger: "schedule", scheduledFor: "2026-12-03", requestedBy: null }],
    [{ trigger: "administrator", requestedBy: admin, scheduledFor: null }, { trigger: "administrator", scheduledFor: null, requestedBy: admin }],
  ])("%j is %j", (payload, expected) => expect(releaseJobOf(payload, "Asia/Shanghai")).toEqual(expected));

  it.each([
    [{}],
    [null],
    [{ _cron: {} }],
    [{ trigger: "schedule" }],
    [{ trigger: "schedule", scheduledFor: "3 December" }],
    [{ trigger: "schedule", scheduledFor: "2026-12-03", requestedBy: admin }],
    [{ trigger: "administrator" }],
    [{ trigger: "administrator", requestedBy: "someone" }],
    [{ trigger: "administrator", requestedBy: admin, scheduledFor: "2026-12-03" }],
    [{ trigger: "weekly", scheduledFor: "2026-12-03" }],
  ])("%j is refused", (payload) => expect(() => releaseJobOf(payload, "Asia/Shanghai")).toThrow(/not a release job|cron payload/));
});
