import { describe, expect, it } from "vitest";
import { randomReferenceDigits, REFERENCE_DIGITS_MAX, REFERENCE_DIGITS_MIN, referenceFor, referenceSeqFor } from "./reference";

describe("referenceFor", () => {
  it.each([
    // year, digits, reference, why
    ["2026", 40_718_253, "JB2026-40718253", "a new, random reference: 8 digits"],
    ["2026", REFERENCE_DIGITS_MIN, "JB2026-10000000", "the smallest new one"],
    ["2027", REFERENCE_DIGITS_MAX, "JB2027-99999999", "the largest new one"],
    ["2026", 123, "JB2026-0000123", "an old sequential number keeps its 7 digits"],
  ])("%s + %d → %s (%s)", (year, digits, expected) => {
    expect(referenceFor(year, digits)).toBe(expected);
    // Every parser of references accepts both forms.
    expect(expected).toMatch(/^JB\d{4}-\d{7,}$/);
  });

  it.each([
    ["26", 40_718_253],
    ["2026", 0],
    ["2026", 100_000_000],
    ["2026", 1.5],
  ])("refuses year %s with digits %d", (year, digits) => {
    expect(() => referenceFor(year, digits)).toThrow();
  });
});

describe("referenceSeqFor", () => {
  it.each([
    // year, digits, number, why
    ["2026", 40_718_253, 202_640_718_253, "year × 10⁸ + digits"],
    ["2027", 40_718_253, 202_740_718_253, "the same digits in another year: another number (a keyset tie-breaker must be unique)"],
    ["2026", REFERENCE_DIGITS_MIN, 202_610_000_000, "above every sequential number of the old scheme"],
  ])("%s + %d → %d (%s)", (year, digits, expected) => {
    expect(referenceSeqFor(year, digits)).toBe(expected);
    expect(Number.isSafeInteger(expected)).toBe(true);
  });
});

describe("randomReferenceDigits", () => {
  it("draws 8 digits, the first not 0, from the whole range", () => {
    expect(randomReferenceDigits((min) => min)).toBe(10_000_000);
    expect(randomReferenceDigits((_min, max) => max - 1)).toBe(99_999_999);
    for (let i = 0; i < 1000; i++) expect(String(randomReferenceDigits())).toMatch(/^[1-9]\d{7}$/);
  });
});
