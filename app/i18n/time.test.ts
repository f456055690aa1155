import { describe, expect, it } from "vitest";
import { formatLocalClock, formatLocalTime, formatPublicationTime } from "./time";

describe("formatLocalTime", () => {
  it.each([
    // instant (UTC), zone, Chinese, English
    ["2026-12-01T12:42:00Z", "Asia/Shanghai", "2026-12-01 20:42", "1 Dec 2026, 20:42"],
    ["2026-12-01T12:42:59.999Z", "Asia/Shanghai", "2026-12-01 20:42", "1 Dec 2026, 20:42"],
    // Midnight edges: the local day, not the UTC one.
    ["2026-12-01T16:00:00Z", "Asia/Shanghai", "2026-12-02 00:00", "2 Dec 2026, 00:00"],
    ["2026-12-01T15:59:00Z", "Asia/Shanghai", "2026-12-01 23:59", "1 Dec 2026, 23:59"],
    ["2026-12-31T16:00:00Z", "Asia/Shanghai", "2027-01-01 00:00", "1 Jan 2027, 00:00"],
    ["2026-03-01T00:30:00Z", "UTC", "2026-03-01 00:30", "1 Mar 2026, 00:30"],
    ["2026-03-01T00:30:00Z", "America/Los_Angeles", "2026-02-28 16:30", "28 Feb 2026, 16:30"],
    // Europe/Berlin: +01:00 in winter, +02:00 from the last Sunday of March (29 March 2026, 01:00 UTC).
    ["2026-01-15T23:00:00Z", "Europe/Berlin", "2026-01-16 00:00", "16 Jan 2026, 00:00"],
    ["2026-03-29T00:59:00Z", "Europe/Berlin", "2026-03-29 01:59", "29 Mar 2026, 01:59"],
    ["2026-03-29T01:00:00Z", "Europe/Berlin", "2026-03-29 03:00", "29 Mar 2026, 03:00"],
    ["2026-07-01T22:00:00Z", "Europe/Berlin", "2026-07-02 00:00", "2 Jul 2026, 00:00"],
    // Back to winter time on 25 October 2026 at 01:00 UTC: 02:30 local happens twice.
    ["2026-10-25T00:30:00Z", "Europe/Berlin", "2026-10-25 02:30", "25 Oct 2026, 02:30"],
    ["2026-10-25T01:30:00Z", "Europe/Berlin", "2026-10-25 02:30", "25 Oct 2026, 02:30"],
    // Half-hour zone.
    ["2026-12-01T12:42:00Z", "Asia/Kolkata", "2026-12-01 18:12", "1 Dec 2026, 18:12"],
  ])("%s in %s", (iso, zone, zh, en) => {
    expect(formatLocalTime(iso, "zh-CN", zone)).toBe(zh);
    expect(formatLocalTime(iso, "en", zone)).toBe(en);
    expect(formatLocalTime(new Date(iso), "en", zone)).toBe(en);
  });

  it.each([[null], [undefined], [""], ["not a time"]])("shows a dash for %j", (v) => {
    expect(formatLocalTime(v, "zh-CN", "Asia/Shanghai")).toBe("—");
    expect(formatLocalTime(v, "en", "Asia/Shanghai")).toBe("—");
  });

  it("never shows UTC's Z", () => {
    expect(formatLocalTime("2026-12-01T12:42:00Z", "zh-CN", "Asia/Shanghai")).not.toMatch(/Z|T/);
  });
});

describe("formatLocalClock", () => {
  it.each([
    // at (UTC), now (UTC), zone, shown
    ["2026-12-01T06:05:00Z", "2026-12-01T09:00:00Z", "Asia/Shanghai", "14:05"],
    // The same UTC day but another local one.
    ["2026-12-01T15:59:00Z", "2026-12-01T16:01:00Z", "Asia/Shanghai", "2026-12-01 23:59"],
    ["2026-12-01T16:00:00Z", "2026-12-01T16:01:00Z", "Asia/Shanghai", "00:00"],
    ["2026-11-30T23:30:00Z", "2026-12-01T00:10:00Z", "Europe/Berlin", "00:30"],
    ["2026-10-25T00:30:00Z", "2026-10-26T08:00:00Z", "Europe/Berlin", "2026-10-25 02:30"],
  ])("%s seen at %s in %s", (at, now, zone, shown) => {
    expect(formatLocalClock(new Date(at), new Date(now), zone)).toBe(shown);
  });
});

describe("formatPublicationTime", () => {
  it("writes a release's time in local time, as a sentence does", () => {
    // 18:00 UTC on 2 December is 02:00 on 3 December in Shanghai.
    expect(formatPublicationTime("2026-12-02T18:00:00Z", "zh-CN", "Asia/Shanghai")).toBe("2026年12月3日 02:00");
    expect(formatPublicationTime("2026-12-02T18:00:00Z", "en", "Asia/Shanghai")).toBe("3 Dec 2026, 02:00");
    expect(formatPublicationTime(new Date("2026-12-02T18:05:00Z"), "zh-CN", "UTC")).toBe("2026年12月2日 18:05");
  });
});
