import { describe, expect, it } from "vitest";
import { CASE_STATES } from "./case-state";
import { askRefusal, contributionOpen, contributionSees, contributorPlaces, mayAskContribution, type AskRefusal } from "./joint-handling";

describe("mayAskContribution", () => {
  const askable = new Set(["accepted", "investigating", "rectifying"]);
  it.each(CASE_STATES.map((s) => [s, askable.has(s)] as const))("%s: %s", (state, expected) => expect(mayAskContribution(state)).toBe(expected));
});

describe("contribution states", () => {
  it.each([
    ["asked", true, true],
    ["done", true, false],
    ["withdrawn", false, false],
  ] as const)("%s: sees the case %s, holds up the conclusion %s", (state, sees, open) => {
    expect(contributionSees(state)).toBe(sees);
    expect(contributionOpen(state)).toBe(open);
  });
});

describe("contributorPlaces", () => {
  it.each([
    ["a county case", "330106", ["330106", "330100", "330000", "000000"]],
    ["a city case", "330100", ["330100", "330000", "000000"]],
    ["a province case", "330000", ["330000", "000000"]],
  ])("%s: %s", (_, place, expected) => expect([...contributorPlaces(place)].sort()).toEqual([...expected].sort()));
});

describe("askRefusal", () => {
  const c = (o: Partial<Parameters<typeof askRefusal>[0]> = {}) => ({ state: "investigating", placeCode: "330106", agencyId: "lead", implicatedRegions: [null], openContributorIds: [], ...o });
  const a = (id: string, placeCode: string, active = true) => ({ id, placeCode, active });
  it.each<[string, Parameters<typeof askRefusal>[0], ReturnType<typeof a>, AskRefusal | null]>([
    ["the county's ecology office, investigating", c(), a("eco106", "330106"), null],
    ["the city's agency", c(), a("eco100", "330100"), null],
    ["the province's agency", c(), a("eco000", "330000"), null],
    ["a national agency", c(), a("nat", "000000"), null],
    ["accepted", c({ state: "accepted" }), a("eco106", "330106"), null],
    ["rectifying", c({ state: "rectifying" }), a("eco106", "330106"), null],
    ["assigned, not yet accepted", c({ state: "assigned" }), a("eco106", "330106"), "not_open_with_agency"],
    ["concluded", c({ state: "concluded" }), a("eco106", "330106"), "not_open_with_agency"],
    ["closed", c({ state: "closed" }), a("eco106", "330106"), "not_open_with_agency"],
    ["no agency", c({ agencyId: null }), a("eco106", "330106"), "not_open_with_agency"],
    ["the lead itself", c(), a("lead", "330106"), "lead_itself"],
    ["a deactivated agency", c(), a("eco106", "330106", false), "inactive"],
    ["a neighbouring county", c(), a("eco108", "330108"), "outside_case_region"],
    ["another city", c(), a("eco200", "330200"), "outside_case_region"],
    ["another province", c(), a("eco310", "310000"), "outside_case_region"],
    ["the county, when the tip implicates the county", c({ implicatedRegions: ["330106"] }), a("eco106", "330106"), "implicated"],
    ["the county, when the tip implicates the city", c({ implicatedRegions: ["330100"] }), a("eco106", "330106"), "implicated"],
    ["the city, when the tip implicates the county (above it)", c({ implicatedRegions: ["330106"] }), a("eco100", "330100"), null],
    ["the county, when a merged tip implicates it", c({ implicatedRegions: [null, "330106"] }), a("eco106", "330106"), "implicated"],
    ["the province, when a merged tip implicates the province", c({ implicatedRegions: [null, "330000"] }), a("eco000", "330000"), "implicated"],
    ["national, when the province is implicated", c({ implicatedRegions: ["330000"] }), a("nat", "000000"), null],
    ["an agency already asked", c({ openContributorIds: ["eco106"] }), a("eco106", "330106"), "already_asked"],
  ])("%s", (_, facts, agency, expected) => expect(askRefusal(facts, agency)).toBe(expected));
});
