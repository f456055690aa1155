/**
 * Before a merge the desk compares the two tips; the facts that most often tell two matters apart
 * are the sector, the county (the tip's place code) and the company or site named. Each that
 * differs is a warning the desk must acknowledge (docs/domain.md "Triage").
 */

export const MERGE_WARNINGS = ["sector", "place", "company"] as const;
export type MergeWarning = (typeof MERGE_WARNINGS)[number];

export type MergeFacts = { sectorCode: string; placeCode: string; companyName: string | null };

/**
 * A company name as typed, made comparable: full-width letters, digits and brackets as half-width
 * (NFKC), case folded, spaces trimmed and collapsed. Empty is missing (null).
 */
export function normalisedCompany(name: string | null | undefined): string | null {
  if (name == null) return null;
  const n = name.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
  return n === "" ? null : n;
}

/** The facts on which the two tips differ, in the fixed order of MERGE_WARNINGS (empty: nothing to warn of). */
export function mergeWarnings(tip: MergeFacts, target: MergeFacts): MergeWarning[] {
  const differs: Record<MergeWarning, boolean> = {
    sector: tip.sectorCode !== target.sectorCode,
    place: tip.placeCode !== target.placeCode,
    // Both missing is the same; one missing is a difference the desk should see.
    company: normalisedCompany(tip.companyName) !== normalisedCompany(target.companyName),
  };
  return MERGE_WARNINGS.filter((w) => differs[w]);
}
