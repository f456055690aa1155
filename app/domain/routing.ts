/**
 * Routing (docs/domain.md "Routing rules"): a pure function of the tip's facts, the routing table
 * and the agencies, returning the agency and every rule that fired, so the ledger explains it.
 *
 * 1. Sector → department type (a regional override wins over the default table).
 * 2. Level: county by default; city for a major hazard, a concealed/falsified accident or deaths;
 *    province for provincial-only department types.
 * 3. Conflict of interest: when officials or an agency of region R are implicated, the case goes
 *    one level above R (and never to R or below): a province's officials → the national level.
 * 4. If the chosen agency does not exist (or is inactive), walk up to the next level, ending at
 *    the national level (000000).
 * 5. Sector "other", or nothing found: the safety-committee office (triage desk) of that level,
 *    walking up to the national one (国务院安委会办公室).
 */
import { LEVELS, levelOf, placeAt, placeWithin as isWithin, type Level } from "./places";

export type RoutingFacts = {
  sectorCode: string;
  placeCode: string;
  majorHazard: boolean;
  concealedAccident: boolean;
  deaths: number | null;
  officialsImplicated: boolean;
  implicatedPlaceCode: string | null;
};

export type RoutingTable = {
  /** Default: sector → department type (null: the triage desk decides). */
  sectors: Record<string, string | null>;
  /** Overrides for a region (any level) and its sub-regions. */
  overrides: { regionCode: string; sectorCode: string; departmentType: string }[];
  provincialOnly: ReadonlySet<string>;
};

export type RoutableAgency = { id: string; departmentType: string; placeCode: string; active: boolean };

export type RoutingRule =
  | { rule: "sector_default"; sector: string; departmentType: string }
  | { rule: "sector_override"; sector: string; departmentType: string; region: string }
  | { rule: "sector_other"; sector: string }
  | { rule: "level_county_default" }
  | { rule: "level_city_severity"; reasons: ("major_hazard" | "concealed_accident" | "deaths")[] }
  | { rule: "level_province_only"; departmentType: string }
  | { rule: "level_as_precise_as_place"; level: Level }
  | { rule: "conflict_of_interest"; implicated: string; level: Level }
  | { rule: "conflict_no_higher_level"; implicated: string }
  | { rule: "walk_up"; from: string; to: string }
  | { rule: "fallback_safety_committee"; placeCode: string }
  | { rule: "no_agency" };

export type RoutingDecision = {
  agencyId: string | null;
  departmentType: string | null;
  placeCode: string | null;
  rules: RoutingRule[];
};

export const SAFETY_COMMITTEE = "safety_committee";

/** The levels a provincial-only department type (e.g. mine safety) has agencies at: the provinces and the country. */
const PROVINCIAL_ONLY_LEVELS = ["province", "country"] as const satisfies readonly Level[];
export const provincialOnlyAllowedAt = (level: Level) => (PROVINCIAL_ONLY_LEVELS as readonly Level[]).includes(level);

const rank = (l: Level) => LEVELS.indexOf(l);

function departmentTypeFor(facts: RoutingFacts, table: RoutingTable, rules: RoutingRule[]): string | null {
  const overrides = table.overrides
    .filter((o) => o.sectorCode === facts.sectorCode && isWithin(facts.placeCode, o.regionCode))
    .sort((a, b) => rank(levelOf(a.regionCode)) - rank(levelOf(b.regionCode)));
  const o = overrides[0];
  if (o) {
    rules.push({ rule: "sector_override", sector: facts.sectorCode, departmentType: o.departmentType, region: o.regionCode });
    return o.departmentType;
  }
  const type = table.sectors[facts.sectorCode] ?? null;
  if (type) rules.push({ rule: "sector_default", sector: facts.sectorCode, departmentType: type });
  else rules.push({ rule: "sector_other", sector: facts.sectorCode });
  return type;
}

export function routeTip(facts: RoutingFacts, table: RoutingTable, agencies: readonly RoutableAgency[]): RoutingDecision {
  const rules: RoutingRule[] = [];
  const found = (type: string, place: string) => agencies.find((a) => a.active && a.departmentType === type && a.placeCode === place);

  const type = departmentTypeFor(facts, table, rules);

  // 2. Level by severity and department type.
  let level: Level = "county";
  const reasons: ("major_hazard" | "concealed_accident" | "deaths")[] = [];
  if (facts.majorHazard) reasons.push("major_hazard");
  if (facts.concealedAccident) reasons.push("concealed_accident");
  if ((facts.deaths ?? 0) > 0) reasons.push("deaths");
  if (type && table.provincialOnly.has(type)) {
    level = "province";
    rules.push({ rule: "level_province_only", departmentType: type });
  } else if (reasons.length > 0) {
    level = "city";
    rules.push({ rule: "level_city_severity", reasons });
  } else rules.push({ rule: "level_county_default" });

  // A tip placed only at city or province level cannot go lower than that.
  const placeLevel = levelOf(facts.placeCode);
  if (rank(placeLevel) > rank(level)) {
    level = placeLevel;
    rules.push({ rule: "level_as_precise_as_place", level });
  }

  // 3. Conflict of interest: strictly above the implicated region (the walk below only goes up from there).
  if (facts.officialsImplicated && facts.implicatedPlaceCode) {
    const implicatedLevel = levelOf(facts.implicatedPlaceCode);
    if (implicatedLevel === "country") {
      rules.push({ rule: "conflict_no_higher_level", implicated: facts.implicatedPlaceCode });
      rules.push({ rule: "no_agency" });
      return { agencyId: null, departmentType: type, placeCode: null, rules };
    }
    const above = LEVELS[rank(implicatedLevel) + 1]!;
    if (rank(above) > rank(level)) {
      level = above;
      rules.push({ rule: "conflict_of_interest", implicated: facts.implicatedPlaceCode, level });
    }
  }

  // 4./5. Find the agency, walking up; else the safety committee of that level, walking up.
  for (const t of type ? [type, SAFETY_COMMITTEE] : [SAFETY_COMMITTEE]) {
    let previous: string | null = null;
    for (const l of LEVELS.slice(rank(level))) {
      const place = placeAt(facts.placeCode, l);
      if (facts.officialsImplicated && facts.implicatedPlaceCode && isWithin(place, facts.implicatedPlaceCode)) continue;
      const agency = found(t, place);
      if (agency) {
        if (previous && previous !== place) rules.push({ rule: "walk_up", from: previous, to: place });
        if (t === SAFETY_COMMITTEE && type) rules.push({ rule: "fallback_safety_committee", placeCode: place });
        return { agencyId: agency.id, departmentType: t, placeCode: place, rules };
      }
      previous ??= place;
    }
  }
  rules.push({ rule: "no_agency" });
  return { agencyId: null, departmentType: type, placeCode: null, rules };
}
