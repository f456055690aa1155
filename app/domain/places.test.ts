import { describe, expect, it } from "vitest";
import { levelOf, placeAt, placeWithin } from "./places";

describe("place codes", () => {
  it.each([
    ["330000", "province"],
    ["330100", "city"],
    ["330106", "county"],
  ] as const)("%s is a %s", (code, level) => expect(levelOf(code)).toBe(level));

  it.each([
    ["330106", "province", "330000"],
    ["330106", "city", "330100"],
    ["330106", "county", "330106"],
    ["330100", "county", "330100"],
    ["330000", "city", "330000"],
  ] as const)("%s at %s level is %s", (code, level, expected) => expect(placeAt(code, level)).toBe(expected));

  it.each([
    ["330106", "330000", true],
    ["330106", "330100", true],
    ["330106", "330106", true],
    ["330203", "330100", false],
    ["330100", "330106", false],
    ["310101", "330000", false],
  ] as const)("%s within %s: %s", (code, region, expected) => expect(placeWithin(code, region)).toBe(expected));
});
