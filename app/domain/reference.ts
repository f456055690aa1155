import { randomInt } from "node:crypto";

/**
 * Public reference numbers: "JB" + the year of filing + "-" + digits. Since migration 0014 the
 * digits are 8 random ones, the first not 0 (JB2026-40718253): a sequence would order the
 * filings (docs/decisions/015-tipster-time.md). Tips filed before keep their 7-digit sequential
 * numbers (JB2026-0000123), which every parser still accepts (`\d{7,}`); the two never collide.
 */
export const REFERENCE_DIGITS_MIN = 10_000_000;
export const REFERENCE_DIGITS_MAX = 99_999_999;

/** Random digits for a new reference (uniform over the 90 million 8-digit numbers). */
export function randomReferenceDigits(random: (min: number, max: number) => number = randomInt): number {
  return random(REFERENCE_DIGITS_MIN, REFERENCE_DIGITS_MAX + 1);
}

/**
 * The reference as a number (tips.reference_seq, the lists' tie-breaker within a day): year ×
 * 10⁸ + digits, unique like the reference (the same digits recur in other years) and above
 * every sequential number filed before.
 */
export function referenceSeqFor(year: string, digits: number): number {
  referenceFor(year, digits);
  return Number(year) * 100_000_000 + digits;
}

export function referenceFor(year: string, digits: number): string {
  if (!/^\d{4}$/.test(year)) throw new Error(`reference: year must be four digits, not ${year}`);
  if (!Number.isInteger(digits) || digits < 1 || digits > REFERENCE_DIGITS_MAX) throw new Error(`reference: digits out of range: ${digits}`);
  return `JB${year}-${String(digits).padStart(7, "0")}`;
}
