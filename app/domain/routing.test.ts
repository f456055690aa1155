import { describe, expect, it } from "vitest";
import { provincialOnlyAllowedAt, routeTip, type RoutableAgency, type RoutingFacts, type RoutingTable } from "./routing";

const table: RoutingTable = {
  sectors: {
    coal_mine: "mine_safety",
    hazardous_chemicals: "emergency_management",
    construction: "housing_construction",
    pollution: "ecology_environment",
    other: null,
  },
  overrides: [{ regionCode: "330200", sectorCode: "construction", departmentType: "emergency_management" }],
  provincialOnly: new Set(["mine_safety"]),
};

// Zhejiang 330000; Hangzhou 330100 with Xihu 330106 and Binjiang 330108; Ningbo 330200 with Haishu 330203.
const agency = (departmentType: string, placeCode: string, active = true): RoutableAgency => ({ id: `${departmentType}@${placeCode}`, departmentType, placeCode, active });
const agencies: RoutableAgency[] = [
  ...["330000", "330100", "330106", "330200", "330203"].flatMap((p) => [agency("emergency_management", p), agency("safety_committee", p)]),
  ...["330000", "330100", "330106", "330203"].map((p) => agency("housing_construction", p)),
  agency("ecology_environment", "330000"),
  agency("ecology_environment", "330100"),
  agency("ecology_environment", "330108", false),
  agency("mine_safety", "330000"),
];

const facts = (f: Partial<RoutingFacts>): RoutingFacts => ({
  sectorCode: "hazardous_chemicals",
  placeCode: "330106",
  majorHazard: false,
  concealedAccident: false,
  deaths: null,
  officialsImplicated: false,
  implicatedPlaceCode: null,
  ...f,
});

describe("routeTip", () => {
  it.each<[string, Partial<RoutingFacts>, string | null, string[]]>([
    ["sector → department type at county level", {}, "emergency_management@330106", ["sector_default", "level_county_default"]],
    ["major hazard goes to the city", { majorHazard: true }, "emergency_management@330100", ["sector_default", "level_city_severity"]],
    ["concealed accident goes to the city", { concealedAccident: true }, "emergency_management@330100", ["sector_default", "level_city_severity"]],
    ["deaths go to the city", { deaths: 2 }, "emergency_management@330100", ["sector_default", "level_city_severity"]],
    ["zero deaths stay at the county", { deaths: 0 }, "emergency_management@330106", ["sector_default", "level_county_default"]],
    ["provincial-only department types go to the province", { sectorCode: "coal_mine" }, "mine_safety@330000", ["sector_default", "level_province_only"]],
    ["a tip placed only at city level stays there", { placeCode: "330100" }, "emergency_management@330100", ["sector_default", "level_county_default", "level_as_precise_as_place"]],
    ["a tip placed only at province level", { placeCode: "330000" }, "emergency_management@330000", ["sector_default", "level_county_default", "level_as_precise_as_place"]],
    ["a missing county agency walks up to the city", { sectorCode: "pollution" }, "ecology_environment@330100", ["sector_default", "level_county_default", "walk_up"]],
    ["an inactive agency counts as missing", { sectorCode: "pollution", placeCode: "330108" }, "ecology_environment@330100", ["sector_default", "level_county_default", "walk_up"]],
    ["a regional override wins in its region", { sectorCode: "construction", placeCode: "330203" }, "emergency_management@330203", ["sector_override", "level_county_default"]],
    ["the override does not apply elsewhere", { sectorCode: "construction" }, "housing_construction@330106", ["sector_default", "level_county_default"]],
    ["sector other goes to the safety committee", { sectorCode: "other" }, "safety_committee@330106", ["sector_other", "level_county_default"]],
    ["county officials implicated: one level up", { officialsImplicated: true, implicatedPlaceCode: "330106" }, "emergency_management@330100", ["sector_default", "level_county_default", "conflict_of_interest"]],
    ["city officials implicated: the province", { officialsImplicated: true, implicatedPlaceCode: "330100" }, "emergency_management@330000", ["sector_default", "level_county_default", "conflict_of_interest"]],
    ["city implicated and a major hazard: still above the city", { majorHazard: true, officialsImplicated: true, implicatedPlaceCode: "330100" }, "emergency_management@330000", ["sector_default", "level_city_severity", "conflict_of_interest"]],
    ["county implicated and a major hazard: the city already is above", { majorHazard: true, officialsImplicated: true, implicatedPlaceCode: "330106" }, "emergency_management@330100", ["sector_default", "level_city_severity"]],
    ["province implicated and no national level in the directory: no agency", { officialsImplicated: true, implicatedPlaceCode: "330000" }, null, ["sector_default", "level_county_default", "conflict_of_interest", "no_agency"]],
    ["implicated flag without a region changes nothing", { officialsImplicated: true }, "emergency_management@330106", ["sector_default", "level_county_default"]],
    ["an override applies to a tip placed at its city", { sectorCode: "construction", placeCode: "330200" }, "emergency_management@330200", ["sector_override", "level_county_default", "level_as_precise_as_place"]],
  ])("%s", (_, f, expectedAgency, expectedRules) => {
    const d = routeTip(facts(f), table, agencies);
    expect(d.agencyId).toBe(expectedAgency);
    expect(d.rules.map((r) => r.rule)).toEqual(expectedRules);
  });

  it("falls back to the safety committee when the department type has no agency up the chain", () => {
    const d = routeTip(facts({ sectorCode: "pollution", placeCode: "330203" }), table, agencies.filter((a) => a.departmentType !== "ecology_environment"));
    expect(d.agencyId).toBe("safety_committee@330203");
    expect(d.rules.map((r) => r.rule)).toContain("fallback_safety_committee");
  });

  it("never routes into the implicated region, even when walking up", () => {
    const only = [agency("emergency_management", "330106"), agency("emergency_management", "330000")];
    const d = routeTip(facts({ officialsImplicated: true, implicatedPlaceCode: "330106" }), table, only);
    expect(d.agencyId).toBe("emergency_management@330000");
    expect(d.rules.map((r) => r.rule)).toEqual(["sector_default", "level_county_default", "conflict_of_interest", "walk_up"]);
  });

  it("reports no agency when nothing exists", () => {
    const d = routeTip(facts({}), table, []);
    expect(d.agencyId).toBeNull();
    expect(d.rules.at(-1)).toEqual({ rule: "no_agency" });
  });

  // The national level (000000): one agency per department type and the national desk (国务院安委会办公室).
  const national = [agency("emergency_management", "000000"), agency("mine_safety", "000000"), agency("ecology_environment", "000000"), agency("safety_committee", "000000")];
  const withNational = [...agencies, ...national];
  it.each<[string, Partial<RoutingFacts>, string, string[]]>([
    ["province officials implicated: the national agency of the type", { officialsImplicated: true, implicatedPlaceCode: "330000" }, "emergency_management@000000", ["sector_default", "level_county_default", "conflict_of_interest"]],
    ["province implicated, provincial-only type: the national one", { sectorCode: "coal_mine", officialsImplicated: true, implicatedPlaceCode: "330000" }, "mine_safety@000000", ["sector_default", "level_province_only", "conflict_of_interest"]],
    ["province implicated, type without a national agency: the national desk", { sectorCode: "construction", officialsImplicated: true, implicatedPlaceCode: "330000" }, "safety_committee@000000", ["sector_default", "level_county_default", "conflict_of_interest", "fallback_safety_committee"]],
    ["a province without agencies (Hunan 430102): walks up to the national level", { placeCode: "430102" }, "emergency_management@000000", ["sector_default", "level_county_default", "walk_up"]],
    ["Hunan, major hazard: still the national level", { placeCode: "430102", majorHazard: true }, "emergency_management@000000", ["sector_default", "level_city_severity", "walk_up"]],
    ["Hunan, mine safety: the national mine safety agency", { placeCode: "430102", sectorCode: "coal_mine" }, "mine_safety@000000", ["sector_default", "level_province_only", "walk_up"]],
    ["Hunan, sector other: the national desk", { placeCode: "430102", sectorCode: "other" }, "safety_committee@000000", ["sector_other", "level_county_default", "walk_up"]],
    ["Hunan, a type with no agency anywhere: the national desk", { placeCode: "430102", sectorCode: "construction" }, "safety_committee@000000", ["sector_default", "level_county_default", "walk_up", "fallback_safety_committee"]],
    ["a Hunan province-level tip implicating Hunan: the national level", { placeCode: "430000", officialsImplicated: true, implicatedPlaceCode: "430000" }, "emergency_management@000000", ["sector_default", "level_county_default", "level_as_precise_as_place", "conflict_of_interest"]],
    ["Zhejiang tips still stay local", {}, "emergency_management@330106", ["sector_default", "level_county_default"]],
    ["city implicated: still the province, not the nation", { officialsImplicated: true, implicatedPlaceCode: "330100" }, "emergency_management@330000", ["sector_default", "level_county_default", "conflict_of_interest"]],
  ])("national level: %s", (_, f, expectedAgency, expectedRules) => {
    const d = routeTip(facts(f), table, withNational);
    expect(d.agencyId).toBe(expectedAgency);
    expect(d.rules.map((r) => r.rule)).toEqual(expectedRules);
  });

  it("with only the national desk, every combination of flags ends at an agency outside the implicated region", () => {
    const deskOnly = [agency("safety_committee", "000000")];
    for (const place of ["330106", "330100", "330000", "430102"]) {
      for (const implicatedLevel of [null, "county", "city", "province"] as const) {
        for (const majorHazard of [false, true]) {
          const implicatedPlaceCode = implicatedLevel === null ? null : implicatedLevel === "county" ? place : implicatedLevel === "city" ? (place.endsWith("0000") ? place : place.slice(0, 4) + "00") : place.slice(0, 2) + "0000";
          const d = routeTip(facts({ placeCode: place, majorHazard, officialsImplicated: implicatedLevel !== null, implicatedPlaceCode }), table, deskOnly);
          expect(d.agencyId).toBe("safety_committee@000000");
        }
      }
    }
  });
});

describe("provincial-only department types", () => {
  it.each([
    ["country", true],
    ["province", true],
    ["city", false],
    ["county", false],
  ] as const)("may have an agency at %s level: %s", (level, allowed) => expect(provincialOnlyAllowedAt(level)).toBe(allowed));
});
