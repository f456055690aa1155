import { describe, expect, it } from "vitest";
import { addressPath, codeRange, isPlaceholderPlaceName, levelOf, placeAt, placeWithin, regionPrefix, regionsAbove, regionsContaining } from "./places";

describe("place codes", () => {
  it.each([
    ["330000", "province"],
    ["330100", "city"],
    ["330106", "county"],
    ["000000", "country"],
  ] as const)("%s is a %s", (code, level) => expect(levelOf(code)).toBe(level));

  it.each([
    ["330106", "province", "330000"],
    ["330106", "city", "330100"],
    ["330106", "county", "330106"],
    ["330100", "county", "330100"],
    ["330000", "city", "330000"],
    ["330106", "country", "000000"],
    ["330000", "country", "000000"],
    ["000000", "province", "000000"],
  ] as const)("%s at %s level is %s", (code, level, expected) => expect(placeAt(code, level)).toBe(expected));

  it.each([
    ["330106", "330000", true],
    ["330106", "330100", true],
    ["330106", "330106", true],
    ["330203", "330100", false],
    ["330100", "330106", false],
    ["310101", "330000", false],
    // The country contains every province and lies in none (conflict of interest: the national level is outside every province).
    ["330106", "000000", true],
    ["430000", "000000", true],
    ["000000", "000000", true],
    ["000000", "330000", false],
    ["000000", "330100", false],
    ["000000", "330106", false],
  ] as const)("%s within %s: %s", (code, region, expected) => expect(placeWithin(code, region)).toBe(expected));

  it.each([
    ["330106", ["330106", "330100", "330000", "000000"]],
    ["330100", ["330100", "330000", "000000"]],
    ["330000", ["330000", "000000"]],
    ["000000", ["000000"]],
  ] as const)("the regions containing %s, nearest first: %j", (code, expected) => {
    expect(regionsContaining(code)).toEqual(expected);
    expect(regionsAbove(code)).toEqual(expected.slice(1));
  });

  it.each([
    ["330106", ["330000", "330100", "330106"], ["330106", "330106"], "330106"],
    ["330100", ["330000", "330100"], ["330100", "330199"], "3301"],
    ["330000", ["330000"], ["330000", "339999"], "33"],
    ["000000", ["000000"], ["000000", "999999"], ""],
  ] as const)("%s: address %j, codes %j, prefix %j", (code, path, range, prefix) => {
    expect(addressPath(code)).toEqual(path);
    expect(codeRange(code)).toEqual(range);
    expect(regionPrefix(code)).toBe(prefix);
  });

  // Migration 0012's rule (name_zh LIKE '%市辖区%' or '%直辖%'), which case pages and Open311 addresses share.
  it.each([
    ["市辖区", true],
    ["省直辖县级行政区划", true],
    ["自治区直辖县级行政区划", true],
    ["杭州市", false],
    ["西湖区", false],
    ["县", false],
  ] as const)("%s is a placeholder: %s", (name, expected) => expect(isPlaceholderPlaceName(name)).toBe(expected));
});
