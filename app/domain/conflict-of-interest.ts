/**
 * Conflict of interest (docs/domain.md "Routing rules" 3): no agency inside a region a tip implicates
 * may see it, hold it, or be shown it through a case it was merged into. One rule, used by
 * `canSeeCase`, by routing and merging decisions and by the approval of implication changes.
 */
import { placeWithin } from "./places";

/** Whether an agency placed at `agencyPlaceCode` lies inside the region a tip implicates. */
export function insideImplicatedRegion(agencyPlaceCode: string, implicatedPlaceCode: string | null): boolean {
  return implicatedPlaceCode !== null && placeWithin(agencyPlaceCode, implicatedPlaceCode);
}

/** Whether any of the regions implicated (by a case and the tips merged into it) contains the agency. */
export function insideAnyImplicatedRegion(agencyPlaceCode: string, implicated: readonly (string | null)[]): boolean {
  return implicated.some((r) => insideImplicatedRegion(agencyPlaceCode, r));
}

/**
 * How a correction changes the implicated region. Setting or widening it (none → county,
 * county → its city) only hides the case from more agencies and applies at once; clearing it,
 * narrowing it (city → one of its counties) or moving it elsewhere lets agencies that were kept
 * out see the case, so it needs a reason and a second person (a supervisor).
 */
export type ImplicationChange = "unchanged" | "widened" | "narrowed";

export function classifyImplicationChange(before: string | null, after: string | null): ImplicationChange {
  if (before === after) return "unchanged";
  if (before === null) return "widened";
  if (after !== null && placeWithin(before, after)) return "widened";
  return "narrowed";
}
