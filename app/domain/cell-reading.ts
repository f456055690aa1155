/**
 * How a published figure reads on the statistics pages (not in the downloads, which keep the
 * markers of app/domain/suppression.ts): one reading per meaning, each said in words.
 *
 * - a number;
 * - "small": a count of 1 to 4 (the "<5" marker);
 * - "complementary": a count of 5 or more hidden so that a small one cannot be worked out by
 *   subtraction (the "*" marker);
 * - "withheld": the whole table is withheld (the "—" marker);
 * - "not_computed": a rate, median or percentile over fewer than 5 cases (also "—" in the
 *   downloads, which is why the pages give it a reading of its own).
 *
 * A reading is also the compact form a figure travels in from the loader to the page: a number
 * or one short word instead of a { kind, value } object per cell.
 */
import type { Cell } from "./suppression";

export const HIDDEN_READINGS = ["small", "complementary", "withheld", "not_computed"] as const;
export type HiddenReading = (typeof HIDDEN_READINGS)[number];
export type Reading = number | HiddenReading;

/** A count as it reads. */
export function readCount(cell: Cell): Reading {
  return cell.kind === "value" ? cell.value : cell.reason;
}

/**
 * A figure computed over cases (rate, median, percentile, sum of fines): null means not computed
 * (fewer than 5 cases), unless the table it belongs to is withheld, which says more.
 */
export function readComputed(value: number | null, of: Cell): Reading {
  if (of.kind === "suppressed" && of.reason === "withheld") return "withheld";
  return value === null ? "not_computed" : value;
}

export const isHidden = (r: Reading): r is HiddenReading => typeof r !== "number";

/** The readings that need explaining, in the legend's order, among those given. */
export function hiddenReadingsIn(readings: Iterable<Reading>): HiddenReading[] {
  const seen = new Set<HiddenReading>();
  for (const r of readings) if (isHidden(r)) seen.add(r);
  return HIDDEN_READINGS.filter((h) => seen.has(h));
}
