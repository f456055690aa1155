import { afterEach, describe, expect, it } from "vitest";
import { env, resetEnvCache, statisticsReleaseAt, statisticsReleaseThreads } from "./env.server";

describe("STATISTICS_RELEASE_AT", () => {
  const before = process.env.STATISTICS_RELEASE_AT;
  afterEach(() => {
    if (before === undefined) delete process.env.STATISTICS_RELEASE_AT;
    else process.env.STATISTICS_RELEASE_AT = before;
    resetEnvCache();
  });

  it.each([
    [undefined, "02:00"],
    ["", "02:00"],
    ["  ", "02:00"],
    ["03:30", "03:30"],
    [" 23:59 ", "23:59"],
    ["00:00", "00:00"],
  ])("%j is the daily release at %s", (value, expected) => expect(statisticsReleaseAt(value)).toBe(expected));

  it.each([["2"], ["2:00"], ["24:00"], ["02:61"], ["02.00"], ["2am"], ["02:00 Asia/Shanghai"]])("%j is refused, naming the setting", (value) => {
    expect(() => statisticsReleaseAt(value)).toThrow(/STATISTICS_RELEASE_AT must be a local time HH:MM/);
  });

  it("is read into the configuration, and a wrong value stops it being read", () => {
    process.env.STATISTICS_RELEASE_AT = "04:15";
    resetEnvCache();
    expect(env().statisticsReleaseAt).toBe("04:15");
    process.env.STATISTICS_RELEASE_AT = "4:15";
    resetEnvCache();
    expect(() => env()).toThrow(/STATISTICS_RELEASE_AT/);
  });
});

describe("STATISTICS_RELEASE_THREADS", () => {
  it.each([
    [undefined, 2],
    ["", 2],
    [" ", 2],
    ["0", 0],
    ["1", 1],
    [" 4 ", 4],
    ["16", 16],
  ])("%j is %i subtree threads", (value, expected) => expect(statisticsReleaseThreads(value)).toBe(expected));

  it.each([["-1"], ["17"], ["2.5"], ["two"], ["1e1"], ["100"]])("%j is refused, naming the setting", (value) => {
    expect(() => statisticsReleaseThreads(value)).toThrow(/STATISTICS_RELEASE_THREADS must be a whole number from 0 to 16/);
  });
});
