/**
 * Properties of how complementary figures are chosen (docs/decisions/031): whatever the costs,
 * nothing hidden can be recovered; every "*" the choice adds is needed; linked tables hide their
 * shared totals together and never hide what they must keep. The attacker's tests of every single
 * table are in suppression.test.ts.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { alternativeTable, publishedGrid, suppressLinked, suppressTable, withTotals, type Cell, type Figure, type SuppressedTable } from "./suppression";

const count = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 6 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 50 }) });
const tableOf = (rows: number, columns: number) => fc.array(fc.array(count, { minLength: columns, maxLength: columns }), { minLength: rows, maxLength: rows });
const table = fc.tuple(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 })).chain(([r, c]) => tableOf(r, c));

/** The hidden figures of `t` (grid with margins) that a consistent table cannot move: [] when the table is safe. */
function pinned(rows: number[][], t: SuppressedTable): string[] {
  const out: string[] = [];
  publishedGrid(t).forEach((r, i) =>
    r.forEach((c, j) => {
      if (c.kind === "suppressed" && alternativeTable(rows, t, i, j) === null) out.push(`(${i}, ${j})`);
    }),
  );
  return out;
}

/** `t` with the figure at (i, j) of its grid with margins shown as its true value. */
function showing(rows: number[][], t: SuppressedTable, i: number, j: number): SuppressedTable {
  const truth = withTotals(rows);
  const grid: Cell[][] = publishedGrid(t).map((r) => [...r]);
  grid[i]![j] = { kind: "value", value: truth[i]![j]! };
  const R = rows.length;
  const C = rows[0]!.length;
  return { cells: grid.slice(0, R).map((r) => r.slice(0, C)), rowTotals: grid.slice(0, R).map((r) => r[C]!), columnTotals: grid[R]!.slice(0, C), grandTotal: grid[R]![C]! };
}

describe("choosing complementary figures", () => {
  it("whatever each figure costs, no hidden figure can be worked out", () => {
    fc.assert(
      fc.property(table, fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 64, maxLength: 64 }), (rows, prices) => {
        const cost = (f: Figure) => prices[(f.row * 8 + f.column) % 64]!;
        expect(pinned(rows, suppressTable(rows, { cost }))).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it("every '*' is needed: showing any one of them again gives some hidden figure away", () => {
    fc.assert(
      fc.property(table, (rows) => {
        const t = suppressTable(rows);
        publishedGrid(t).forEach((r, i) =>
          r.forEach((c, j) => {
            if (c.kind === "suppressed" && c.reason === "complementary") expect(pinned(rows, showing(rows, t, i, j)), `'*' at (${i}, ${j}) is not needed`).not.toEqual([]);
          }),
        );
      }),
      { numRuns: 200 },
    );
  });

  it("hides a total only when the cells alone cannot protect the table", () => {
    fc.assert(
      fc.property(table, (rows) => {
        const t = suppressTable(rows);
        const R = rows.length;
        const C = rows[0]!.length;
        // Keeping every non-small total visible either protects the table as well or cannot be done (withheld).
        const cellsOnly = suppressTable(rows, { keep: (i, j) => i === R || j === C });
        const hiddenTotals = [...t.rowTotals, ...t.columnTotals, t.grandTotal].filter((c) => c.kind === "suppressed" && c.reason === "complementary").length;
        const withheld = publishedGrid(cellsOnly)[0]![0]!.kind === "suppressed" && (publishedGrid(cellsOnly)[0]![0] as { reason: string }).reason === "withheld";
        if (!withheld) expect(hiddenTotals).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it("prefers the cheap columns: the dear last column gets a '*' only when the other cells cannot protect the table", () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 3, max: 5 })).chain(([r, c]) => tableOf(r, c)),
        (rows) => {
          const R = rows.length;
          const C = rows[0]!.length;
          // Dearer than any set of other cells, cheaper than a total.
          const dear = (f: Figure) => (f.column === C - 1 && f.place === "cell" ? 1000 : 1) * (f.value + 5) + (f.place === "cell" ? 0 : 1e6);
          const t = suppressTable(rows, { cost: dear });
          const grid = publishedGrid(t);
          const star = (c: Cell) => c.kind === "suppressed" && c.reason === "complementary";
          const dearStars = grid.some((r, i) => r.some((c, j) => star(c) && (j >= C - 1 || i === R)));
          if (!dearStars) return;
          // Then keeping that column and the totals visible cannot protect the table.
          const kept = suppressTable(rows, { keep: (i, j) => j >= C - 1 || i === R, cost: dear });
          expect(publishedGrid(kept)[0]![0]).toEqual({ kind: "suppressed", reason: "withheld" });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("suppressLinked properties", () => {
  /** A table, and one to three others that regroup its rows (sums of rows), so that the column totals agree. */
  const linked = fc
    .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 2, max: 6 }))
    .chain(([c, r]) => fc.tuple(tableOf(r, c), fc.array(fc.array(fc.nat({ max: 2 }), { minLength: r, maxLength: r }), { minLength: 1, maxLength: 3 })));

  it("shared totals are hidden in every table or none, each table is safe, and kept totals stay unless a table is withheld", () => {
    fc.assert(
      fc.property(linked, fc.nat({ max: 5 }), ([base, groupings], keepIndex) => {
        const C = base[0]!.length;
        const regrouped = groupings.map((groupOf) => {
          const groups: number[][] = [];
          base.forEach((r, i) => {
            const g = groupOf[i]!;
            groups[g] = groups[g] ? groups[g]!.map((v, j) => v + r[j]!) : [...r];
          });
          return groups.filter(Boolean);
        });
        const tables = [base, ...regrouped];
        const keep = keepIndex < C ? [keepIndex] : [];
        const out = suppressLinked(tables, { keepTotals: keep });
        const shared = (t: SuppressedTable) => [...t.columnTotals, t.grandTotal].map((c) => c.kind === "suppressed" && c.reason !== "withheld");
        const notWithheld = out.filter((t) => !(t.grandTotal.kind === "suppressed" && t.grandTotal.reason === "withheld"));
        for (const t of notWithheld) expect(shared(t)).toEqual(shared(notWithheld[0]!));
        out.forEach((t, k) => expect(pinned(tables[k]!, t), `table ${k}`).toEqual([]));
        // A kept total is hidden only when some table cannot be protected with it kept: that table
        // is withheld, and a withheld table's totals are hidden in all, the kept ones too (as before
        // this change; publishScope then withholds what depends on them).
        const keptHidden = out.some((t) => keep.some((j) => t.columnTotals[j]!.kind === "suppressed" && (t.columnTotals[j] as { reason: string }).reason === "complementary"));
        if (keptHidden) {
          const alone = tables.map((rows) => suppressTable(rows, { keep: (i, j) => i === rows.length && keep.includes(j) }));
          expect(alone.some((t) => t.grandTotal.kind === "suppressed" && t.grandTotal.reason === "withheld")).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
