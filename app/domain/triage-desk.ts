/**
 * The desk rule (docs/decisions/018-national-level-and-desks.md): every tip not yet with an
 * agency waits at a triage desk — the safety-committee office of its own place or the nearest
 * one above it that is staffed (at least one active account that may triage), ending at the
 * national desk (国务院安委会办公室, 000000), which takes whatever has no staffed desk below it.
 * A desk inside the region the tip implicates is skipped (conflict of interest), so a tip
 * implicating a desk's region goes to the next desk above. Computed from staffing when it is
 * read, never stored: a desk that loses its last account passes its tips up at once, and gets
 * them back when it is staffed again.
 */
import { insideImplicatedRegion } from "./conflict-of-interest";
import { COUNTRY, regionsContaining } from "./places";

export type DeskFacts = { placeCode: string; implicatedPlaceCode: string | null };

/** The place code of the desk that holds the tip, given the places whose safety-committee office is staffed. */
export function triageDeskOf(tip: DeskFacts, staffedDesks: ReadonlySet<string>): string {
  for (const region of regionsContaining(tip.placeCode)) {
    if (region === COUNTRY) break;
    if (insideImplicatedRegion(region, tip.implicatedPlaceCode)) continue;
    if (staffedDesks.has(region)) return region;
  }
  return COUNTRY;
}
