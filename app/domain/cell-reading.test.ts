import { describe, expect, it } from "vitest";
import { hiddenReadingsIn, readComputed, readCount } from "./cell-reading";
import type { Cell } from "./suppression";

const value = (v: number): Cell => ({ kind: "value", value: v });
const small: Cell = { kind: "suppressed", reason: "small" };
const complementary: Cell = { kind: "suppressed", reason: "complementary" };
const withheld: Cell = { kind: "suppressed", reason: "withheld" };

describe("readings: one per meaning", () => {
  it.each([
    { cell: value(0), reads: 0 },
    { cell: value(1234), reads: 1234 },
    { cell: small, reads: "small" },
    { cell: complementary, reads: "complementary" },
    { cell: withheld, reads: "withheld" },
  ])("a count $cell.kind $cell.reason reads $reads", ({ cell, reads }) => {
    expect(readCount(cell)).toBe(reads);
  });

  it.each([
    { value: 0.452, of: value(40), reads: 0.452 },
    { value: null, of: value(3), reads: "not_computed" },
    { value: null, of: small, reads: "not_computed" },
    { value: null, of: complementary, reads: "not_computed" },
    // "—" in the downloads for both; on the page a withheld table is not a rate that was not computed.
    { value: null, of: withheld, reads: "withheld" },
  ])("a rate $value over a count $of.kind $of.reason reads $reads", ({ value: v, of, reads }) => {
    expect(readComputed(v, of)).toBe(reads);
  });

  it("the legend lists the hidden readings present, each once, in a fixed order", () => {
    expect(hiddenReadingsIn([5, "not_computed", "small", 0, "small", "complementary"])).toEqual(["small", "complementary", "not_computed"]);
    expect(hiddenReadingsIn([1, 2, 3])).toEqual([]);
  });
});
