import { describe, expect, it } from "vitest";
import { classifyImplicationChange, insideAnyImplicatedRegion, insideImplicatedRegion } from "./conflict-of-interest";

describe("insideImplicatedRegion", () => {
  it.each<[string, string, string | null, boolean]>([
    ["nothing implicated", "330106", null, false],
    ["the county agency of the implicated county", "330106", "330106", true],
    ["another county of the same city", "330108", "330106", false],
    ["the city above an implicated county", "330100", "330106", false],
    ["the province above an implicated county", "330000", "330106", false],
    ["the city agency of the implicated city", "330100", "330100", true],
    ["a county agency inside the implicated city", "330106", "330100", true],
    ["a county of another city when a city is implicated", "330203", "330100", false],
    ["the province when a city is implicated", "330000", "330100", false],
    ["the province agency of the implicated province", "330000", "330000", true],
    ["a county agency inside the implicated province", "330106", "330000", true],
    ["another province", "320000", "330000", false],
  ])("%s: agency %s, implicated %s → %s", (_, agency, implicated, expected) => expect(insideImplicatedRegion(agency, implicated)).toBe(expected));
});

describe("insideAnyImplicatedRegion (a case and the tips merged into it)", () => {
  it.each<[string, string, (string | null)[], boolean]>([
    ["none implicated", "330106", [null, null], false],
    ["only a merged tip implicates the county", "330106", [null, "330106"], true],
    ["the case implicates another county, a merged tip the city", "330108", ["330106", "330100"], true],
    ["no regions at all", "330106", [], false],
  ])("%s → %s", (_, agency, regions, expected) => expect(insideAnyImplicatedRegion(agency, regions)).toBe(expected));
});

describe("classifyImplicationChange", () => {
  it.each<[string, string | null, string | null, string]>([
    ["no change", "330106", "330106", "unchanged"],
    ["still none", null, null, "unchanged"],
    ["none → county (set)", null, "330106", "widened"],
    ["none → province (set)", null, "330000", "widened"],
    ["county → its city", "330106", "330100", "widened"],
    ["county → its province", "330106", "330000", "widened"],
    ["city → its province", "330100", "330000", "widened"],
    ["cleared", "330106", null, "narrowed"],
    ["province → city", "330000", "330100", "narrowed"],
    ["city → county", "330100", "330106", "narrowed"],
    ["moved to another county", "330106", "330108", "narrowed"],
    ["county → another city", "330106", "330200", "narrowed"],
    ["moved to another province", "330000", "320000", "narrowed"],
  ])("%s: %s → %s is %s", (_, before, after, expected) => expect(classifyImplicationChange(before, after)).toBe(expected));
});
