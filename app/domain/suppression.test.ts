import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  alternativeTable,
  formatCell,
  medianOf,
  percentile,
  publishedGrid,
  rate,
  suppressList,
  suppressTable,
  withTotals,
  type Cell,
  type SuppressedTable,
} from "./suppression";

const show = (cells: Cell[]) => cells.map((c) => formatCell(c, "en"));
const view = (t: SuppressedTable) => ({
  cells: t.cells.map(show),
  rowTotals: show(t.rowTotals),
  columnTotals: show(t.columnTotals),
  grandTotal: formatCell(t.grandTotal, "en"),
});

describe("suppressTable examples", () => {
  it.each<[string, number[][], ReturnType<typeof view>]>([
    ["nothing small: everything published", [[10, 20], [30, 40]], { cells: [["10", "20"], ["30", "40"]], rowTotals: ["30", "70"], columnTotals: ["40", "60"], grandTotal: "100" }],
    ["zeros are published", [[0, 0], [0, 0]], { cells: [["0", "0"], ["0", "0"]], rowTotals: ["0", "0"], columnTotals: ["0", "0"], grandTotal: "0" }],
    ["a lone small count hides every total too", [[3]], { cells: [["<5"]], rowTotals: ["<5"], columnTotals: ["<5"], grandTotal: "<5" }],
    [
      "one small cell: a second cell in its row and column, and the fourth corner",
      [[3, 10], [20, 30]],
      { cells: [["<5", "*"], ["*", "*"]], rowTotals: ["13", "50"], columnTotals: ["23", "40"], grandTotal: "63" },
    ],
    [
      "1 next to 5: total 6 with the 5 hidden as '*' ≥ 5 would give the 1 away, so the row total and the grand total go instead (5 + (<5) is 6 to 9)",
      [[1, 5]],
      { cells: [["<5", "5"]], rowTotals: ["*"], columnTotals: ["<5", "5"], grandTotal: "*" },
    ],
    [
      "two small cells in one row protect each other there; the columns need partners",
      [[2, 3, 40], [10, 12, 50]],
      { cells: [["<5", "<5", "40"], ["*", "*", "50"]], rowTotals: ["45", "72"], columnTotals: ["12", "15", "90"], grandTotal: "117" },
    ],
    [
      "four '<5' cells under a '<5' total must all be 1: the table is withheld",
      [[1, 1, 1, 1], [0, 0, 0, 0]],
      { cells: [["—", "—", "—", "—"], ["—", "—", "—", "—"]], rowTotals: ["—", "—"], columnTotals: ["—", "—", "—", "—"], grandTotal: "—" },
    ],
    [
      "a small total is hidden like a small cell; hiding the grand total alone (9 + (<5)) costs less than three 9s",
      [[2, 0], [0, 9]],
      { cells: [["<5", "0"], ["0", "9"]], rowTotals: ["<5", "9"], columnTotals: ["<5", "9"], grandTotal: "*" },
    ],
    [
      "one small cell: the cheapest rectangle, not a chain through the table",
      [[31, 0, 86, 38], [62, 12, 129, 26], [60, 57, 127, 23], [4, 75, 0, 0]],
      {
        cells: [["31", "0", "86", "38"], ["*", "*", "129", "26"], ["60", "57", "127", "23"], ["<5", "*", "0", "0"]],
        rowTotals: ["155", "229", "267", "79"],
        columnTotals: ["157", "144", "342", "87"],
        grandTotal: "730",
      },
    ],
  ])("%s", (_, rows, expected) => {
    expect(view(suppressTable(rows))).toEqual(expected);
  });

  it("rejects ragged tables and non-counts", () => {
    expect(() => suppressTable([[1, 2], [3]])).toThrow(RangeError);
    expect(() => suppressTable([[1, -2]])).toThrow(RangeError);
    expect(() => suppressTable([[1.5]])).toThrow(RangeError);
  });

  it("handles an empty table", () => {
    expect(view(suppressTable([]))).toEqual({ cells: [], rowTotals: [], columnTotals: [], grandTotal: "0" });
  });

  it("honours another threshold", () => {
    expect(view(suppressTable([[7, 30]], { threshold: 10 })).cells).toEqual([["<5", "*"]]);
  });
});

describe("suppressList examples", () => {
  it.each<[string, number[], number | undefined, string[], string]>([
    ["nothing small", [7, 8, 9], undefined, ["7", "8", "9"], "24"],
    ["a small count takes the smallest other value with it", [10, 3, 20], undefined, ["*", "<5", "20"], "33"],
    ["3 + ≥5 = 13 leaves 3 open", [10, 3], undefined, ["*", "<5"], "13"],
    ["1 + 5 = 6 would pin the 1: the total goes, and then the 5 can stay", [5, 1], undefined, ["5", "<5"], "*"],
    ["zeros stay, a small total hides", [0, 0, 4], undefined, ["0", "0", "<5"], "<5"],
    ["an unpublished remainder protects the small count", [3, 10], 20, ["<5", "10"], "20"],
    ["empty list", [], undefined, [], "0"],
    ["four 1s under a total of 4 must all be 1: withheld", [1, 1, 0, 1, 1], undefined, ["—", "—", "—", "—", "—"], "—"],
  ])("%s", (_, values, total, expected, expectedTotal) => {
    const s = suppressList(values, total);
    expect(show(s.values)).toEqual(expected);
    expect(formatCell(s.total, "en")).toBe(expectedTotal);
  });

  it("rejects a total below the sum", () => {
    expect(() => suppressList([5, 6], 10)).toThrow(RangeError);
  });
});

describe("figures over cases", () => {
  it.each<[number, number, Parameters<typeof rate>[2], number | null]>([
    [3, 4, {}, null],
    [3, 5, {}, 0.6],
    [0, 5, {}, 0],
    [5, 5, {}, 1],
    [0, 0, {}, null],
    [6, 5, {}, null],
    [4, 20, { protectParts: true }, null],
    [19, 20, { protectParts: true }, null],
    [20, 20, { protectParts: true }, 1],
    [10, 20, { protectParts: true }, 0.5],
    [3, 9, { minCases: 10 }, null],
  ])("rate(%d, %d, %o) = %s", (n, d, opts, expected) => {
    expect(rate(n, d, opts)).toBe(expected);
  });

  it.each<[number[], number | null]>([
    [[], null],
    [[1, 2, 3, 4], null],
    [[5, 1, 3, 2, 4], 3],
    [[1, 2, 3, 4, 5, 6], 3.5],
    [[10, 10, 10, 10, 10, Number.NaN], 10],
  ])("medianOf(%o) = %s", (values, expected) => {
    expect(medianOf(values)).toBe(expected);
  });

  it.each<[number[], number, number | null]>([
    [[1, 2, 3, 4], 90, null],
    [[1, 2, 3, 4, 5], 90, 5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, 9],
    [[10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 50, 5],
    [[1, 2, 3, 4, 5], 100, 5],
  ])("percentile(%o, %d) = %s", (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });

  it("rejects a percentile out of range", () => {
    expect(() => percentile([1, 2, 3, 4, 5], 0)).toThrow(RangeError);
    expect(() => percentile([1, 2, 3, 4, 5], 101)).toThrow(RangeError);
  });
});

describe("formatCell", () => {
  it.each<[Cell, string, string]>([
    [{ kind: "suppressed", reason: "small" }, "zh-CN", "<5"],
    [{ kind: "suppressed", reason: "complementary" }, "zh-CN", "*"],
    [{ kind: "suppressed", reason: "withheld" }, "zh-CN", "—"],
    [{ kind: "value", value: 0 }, "zh-CN", "0"],
    [{ kind: "value", value: 1234567 }, "zh-CN", "1,234,567"],
    [{ kind: "value", value: 1234567 }, "de-DE", "1.234.567"],
  ])("%o in %s → %s", (cell, locale, expected) => {
    expect(formatCell(cell, locale)).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties: an attacker with the published table tries to recover hidden figures.

/** Counts 0..50, weighted toward zero and small numbers, in tables from 1×1 to 8×8. */
const count = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 6 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 50 }) });
const table = fc
  .tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 }))
  .chain(([r, c]) => fc.array(fc.array(count, { minLength: c, maxLength: c }), { minLength: r, maxLength: r }));
const runs = { numRuns: 300 };

/** The lines of a published grid with margins: each as its cells and its total. */
function lines(grid: Cell[][]): { name: string; cells: Cell[]; total: Cell }[] {
  const R = grid.length - 1;
  const C = grid[0]!.length - 1;
  const out: { name: string; cells: Cell[]; total: Cell }[] = [];
  for (let i = 0; i <= R; i++) out.push({ name: i === R ? "column totals vs grand total" : `row ${i}`, cells: grid[i]!.slice(0, C), total: grid[i]![C]! });
  for (let j = 0; j <= C; j++) out.push({ name: j === C ? "row totals vs grand total" : `column ${j}`, cells: grid.slice(0, R).map((r) => r[j]!), total: grid[R]![j]! });
  return out;
}

const visible = (c: Cell) => (c.kind === "value" ? c.value : null);

describe("suppressTable properties", () => {
  it("(a) every published figure is the true figure", () => {
    fc.assert(
      fc.property(table, (rows) => {
        const truth = withTotals(rows);
        publishedGrid(suppressTable(rows)).forEach((r, i) => r.forEach((c, j) => c.kind === "value" && expect(c.value).toBe(truth[i]![j])));
      }),
      runs,
    );
  });

  it("(b) no published figure is from 1 to 4; '<5' marks exactly those; '*' is always 5 or more", () => {
    fc.assert(
      fc.property(table, (rows) => {
        const truth = withTotals(rows);
        publishedGrid(suppressTable(rows)).forEach((r, i) =>
          r.forEach((c, j) => {
            const v = truth[i]![j]!;
            if (c.kind === "value") expect(v === 0 || v >= 5).toBe(true);
            else if (c.reason === "small") expect(v >= 1 && v <= 4).toBe(true);
            else if (c.reason === "complementary") expect(v).toBeGreaterThanOrEqual(5);
            if (v >= 1 && v <= 4) expect(c.kind).toBe("suppressed");
          }),
        );
      }),
      runs,
    );
  });

  it("(c) subtraction within a row or column (total − published cells) recovers nothing", () => {
    fc.assert(
      fc.property(table, (rows) => {
        const recovered: string[] = [];
        for (const line of lines(publishedGrid(suppressTable(rows)))) {
          const hiddenCells = line.cells.filter((c) => c.kind === "suppressed");
          const total = visible(line.total);
          // Hidden cell = published total − published cells.
          if (hiddenCells.length === 1 && total !== null) recovered.push(`${line.name}: cell = ${total - line.cells.reduce((a, c) => a + (visible(c) ?? 0), 0)}`);
          // Hidden total = sum of the cells, all published.
          if (hiddenCells.length === 0 && total === null) recovered.push(`${line.name}: total = ${line.cells.reduce((a, c) => a + (visible(c) ?? 0), 0)}`);
        }
        expect(recovered).toEqual([]);
      }),
      runs,
    );
  });

  it("(c) the grand total minus the published row totals (or column totals) recovers nothing", () => {
    fc.assert(
      fc.property(table, (rows) => {
        const t = suppressTable(rows);
        const grand = visible(t.grandTotal);
        for (const margin of [t.rowTotals, t.columnTotals]) {
          const hidden = margin.filter((c) => c.kind === "suppressed").length;
          if (grand !== null) expect(hidden).not.toBe(1);
          else expect(hidden).toBeGreaterThanOrEqual(1);
        }
      }),
      runs,
    );
  });

  it("(c) no hidden figure is pinned even using the markers' bounds: a different consistent table exists for each", () => {
    fc.assert(
      fc.property(table, (rows) => {
        const t = suppressTable(rows);
        const published = publishedGrid(t);
        const truth = withTotals(rows);
        const R = rows.length;
        const C = rows[0]!.length;
        published.forEach((r, i) =>
          r.forEach((c, j) => {
            if (c.kind !== "suppressed") return;
            const alt = alternativeTable(rows, t, i, j);
            expect(alt, `hidden figure at (${i}, ${j}) is disclosed`).not.toBeNull();
            // Check the witness independently of the module: it differs there, agrees with every
            // published figure, respects every marker and every line adds up.
            expect(alt![i]![j]).not.toBe(truth[i]![j]);
            published.forEach((pr, a) =>
              pr.forEach((pc, b) => {
                const x = alt![a]![b]!;
                if (pc.kind === "value") expect(x).toBe(pc.value);
                else if (pc.reason === "small") expect(x >= 1 && x <= 4).toBe(true);
                else if (pc.reason === "complementary") expect(x).toBeGreaterThanOrEqual(5);
                else expect(x).toBeGreaterThanOrEqual(0);
              }),
            );
            for (let a = 0; a <= R; a++) expect(alt![a]!.slice(0, C).reduce((s, x) => s + x, 0)).toBe(alt![a]![C]);
            for (let b = 0; b <= C; b++) expect(alt!.slice(0, R).reduce((s, r) => s + r[b]!, 0)).toBe(alt![R]![b]);
          }),
        );
      }),
      { numRuns: 200 },
    );
  });

  it("(b) a table is either withheld whole or not at all", () => {
    fc.assert(
      fc.property(table, (rows) => {
        const kinds = new Set(publishedGrid(suppressTable(rows)).flat().map((c) => (c.kind === "suppressed" && c.reason === "withheld" ? "withheld" : "other")));
        expect(kinds.size).toBe(1);
      }),
      runs,
    );
  });

  it("(d) deterministic, and a table with nothing small is published whole", () => {
    fc.assert(
      fc.property(table, (rows) => {
        expect(suppressTable(rows)).toEqual(suppressTable(rows.map((r) => [...r])));
        const big = rows.map((r) => r.map((v) => (v >= 1 && v <= 4 ? v + 5 : v)));
        expect(publishedGrid(suppressTable(big)).flat().every((c) => c.kind === "value")).toBe(true);
      }),
      runs,
    );
  });

});

describe("suppressList properties", () => {
  it("no single hidden value equals total − published values, and published values are true", () => {
    fc.assert(
      fc.property(fc.array(count, { maxLength: 12 }), (values) => {
        const s = suppressList(values);
        const hidden = s.values.filter((c) => c.kind === "suppressed").length;
        if (s.total.kind === "value") expect(hidden).not.toBe(1);
        else expect(hidden).toBeGreaterThanOrEqual(1);
        s.values.forEach((c, i) => {
          if (c.kind === "value") expect(c.value).toBe(values[i]);
          const v = values[i]!;
          if (v >= 1 && v <= 4) expect(c.kind).toBe("suppressed");
        });
        const sum = values.reduce((a, b) => a + b, 0);
        if (s.total.kind === "value") expect(s.total.value).toBe(sum);
        // With the total published, the hidden values can be shifted between one another.
        if (s.total.kind === "value" && hidden > 0) {
          const hiddenValues = values.filter((_, i) => s.values[i]!.kind === "suppressed");
          const small = hiddenValues.filter((v) => v <= 4).length;
          const room = hiddenValues.reduce((a, v) => a + v, 0) - small * 1 - (hiddenValues.length - small) * 5;
          expect(room).toBeGreaterThan(0);
          if (small === hiddenValues.length) expect(hiddenValues.reduce((a, v) => a + v, 0)).toBeLessThan(4 * small);
        }
      }),
      runs,
    );
  });
});
