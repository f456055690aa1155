import { describe, expect, it } from "vitest";
import { triageDeskOf } from "./triage-desk";

// Zhejiang 330000 › Hangzhou 330100 › Xihu 330106; Hunan 430000 › Changsha 430100 › Furong 430102.
const demo = new Set(["330000", "330100", "330106", "000000"]);

describe("triageDeskOf", () => {
  it.each<[string, string, string | null, ReadonlySet<string>, string]>([
    ["a county with a staffed desk keeps its tip", "330106", null, demo, "330106"],
    ["an unstaffed county: its city's desk", "330108", null, demo, "330100"],
    ["an unstaffed city: the province desk", "330203", null, demo, "330000"],
    ["a tip placed at the province", "330000", null, demo, "330000"],
    ["a province nobody staffs (Hunan 430102): the national desk", "430102", null, demo, "000000"],
    ["a Hunan province-level tip: the national desk", "430000", null, demo, "000000"],
    ["county implicated: the desk above it", "330106", "330106", demo, "330100"],
    ["city implicated: the province desk", "330106", "330100", demo, "330000"],
    ["province implicated: the national desk (its conflict-of-interest cases)", "330106", "330000", demo, "000000"],
    ["a staffed county desk inside an implicated city is skipped too", "330106", "330100", new Set(["330106", "000000"]), "000000"],
    ["a directory of the national level alone", "330106", null, new Set(["000000"]), "000000"],
    ["nobody staffed anywhere: still the national desk", "330106", null, new Set<string>(), "000000"],
    ["the province desk loses its last account: Zhejiang's city tips go national", "330203", null, new Set(["330100", "330106"]), "000000"],
    ["staffed again: they come back", "330203", null, new Set(["330000", "330100", "330106"]), "330000"],
  ])("%s", (_, placeCode, implicatedPlaceCode, staffed, desk) => {
    expect(triageDeskOf({ placeCode, implicatedPlaceCode }, staffed)).toBe(desk);
  });
});
