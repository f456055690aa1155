import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addMonths,
  changeOf,
  DETAIL,
  emptyCounters,
  histogramMedian,
  histogramPercentile,
  LISTED,
  MEASURES,
  monthsOf,
  PARTITION,
  partitionValue,
  pointsOf,
  pageOfRows,
  statisticsWindow,
  publishAgencies,
  publishScope,
  REJECTION_MEASURES,
  sumCounters,
  type Counters,
} from "./published-statistics";
import { REJECTION_REASONS } from "./case-state";
import { alternativeTable, medianOf, percentile, publishedGrid, suppressLinked, suppressTable, type Cell } from "./suppression";

/** The measures that partition a case's status (the partition columns are sums of them). */
const STATUS = ["awaiting", "rejectedOutOfScope", "rejectedNoFacts", "rejectedDuplicate", "rejectedAbusive", "merged", "inProgress", "substantiated", "unsubstantiated"] as const;
const counters = (partial: Partial<Counters>): Counters => {
  const c = { ...emptyCounters(), ...partial };
  c.received = STATUS.reduce((s, k) => s + c[k], 0);
  return c;
};
const v = (c: Cell) => (c.kind === "value" ? c.value : c.reason === "small" ? "<5" : c.reason === "complementary" ? "*" : "—");

describe("histogram median and percentile", () => {
  it.each([
    { days: [5], median: 0, p90: 0 }, // five cases concluded the same day
    { days: [0, 0, 2, 1, 0, 2], median: 3, p90: 5 }, // 2,2,3,5,5
    { days: [4], median: null, p90: null },
    { days: [0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 3], median: 5.5, p90: 10 }, // 1,1,1,10,10,10
  ])("$days → median $median, p90 $p90", ({ days, median, p90 }) => {
    expect(histogramMedian(days)).toBe(median);
    expect(histogramPercentile(days, 90)).toBe(p90);
  });

  it("agree with medianOf and percentile over the same observations", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 80 }), (obs) => {
        const h: number[] = [];
        for (const d of obs) h[d] = (h[d] ?? 0) + 1;
        const hist = Array.from({ length: h.length }, (_, i) => h[i] ?? 0);
        expect(histogramMedian(hist)).toBe(medianOf(obs));
        expect(histogramPercentile(hist, 90)).toBe(percentile(obs, 90));
      }),
    );
  });
});

describe("months and changes", () => {
  it.each([
    ["2026-11", -11, "2025-12"],
    ["2026-01", -1, "2025-12"],
    ["2025-12", 1, "2026-01"],
    ["2026-03", -24, "2024-03"],
  ])("%s shifted by %i months is %s", (m, n, out) => expect(addMonths(m, n as number)).toBe(out));

  it.each([
    // today, k, window
    ["2026-11-22", 0, { from: "2025-12", to: "2026-11" }],
    ["2026-11-22", 1, { from: "2024-12", to: "2025-11" }],
    ["2026-01-01", 0, { from: "2025-02", to: "2026-01" }],
    ["2026-12-31", 4, { from: "2022-01", to: "2022-12" }],
  ] as const)("the 12-month window of %s, %i back, is %o: consecutive windows never overlap", (today, k, expected) => {
    expect(statisticsWindow(today, k)).toEqual(expected);
    expect(monthsOf(statisticsWindow(today, k))).toHaveLength(12);
    expect(addMonths(statisticsWindow(today, k + 1).to, 1)).toBe(statisticsWindow(today, k).from);
  });
  it("lists the months of a period", () => expect(monthsOf({ from: "2025-11", to: "2026-02" })).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]));

  it.each([
    [{ kind: "value", value: 120 }, { kind: "value", value: 100 }, 0.2],
    [{ kind: "value", value: 3 }, { kind: "value", value: 4 }, null],
    [{ kind: "value", value: 50 }, { kind: "suppressed", reason: "small" }, null],
    [{ kind: "suppressed", reason: "complementary" }, { kind: "value", value: 10 }, null],
  ] as [Cell, Cell, number | null][])("year-on-year change of %o over %o is %s", (a, b, out) => expect(changeOf(a, b)).toBe(out));

  it("gives rate changes in percentage points", () => {
    expect(pointsOf(0.755, 0.7)).toBe(5.5);
    expect(pointsOf(null, 0.7)).toBeNull();
  });
});

describe("publishScope", () => {
  it("publishes a large scope as it is, with derived subtotals and rates", () => {
    const a = counters({ awaiting: 10, rejectedOutOfScope: 20, rejectedNoFacts: 6, rejectedDuplicate: 7, rejectedAbusive: 5, merged: 9, inProgress: 30, substantiated: 60, unsubstantiated: 40, withDue: 100, onTime: 80 });
    a.days = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 100];
    const b = counters({ awaiting: 12, rejectedOutOfScope: 22, rejectedNoFacts: 8, rejectedDuplicate: 9, rejectedAbusive: 6, merged: 11, inProgress: 35, substantiated: 70, unsubstantiated: 45 });
    const total = sumCounters([a, b]);
    const out = publishScope({ total, breakdowns: [{ name: "sector", rows: [{ key: "a", counters: a }, { key: "b", counters: b }] }] });
    expect(v(out.headline.received)).toBe(total.received);
    expect(v(out.headline.concluded)).toBe(215);
    expect(v(out.headline.detail!.rejected)).toBe(83);
    expect(v(out.headline.partition.notTakenUp)).toBe(83 + 20);
    expect(v(out.headline.partition.pending)).toBe(22 + 65);
    expect(v(out.headline.detail!.accepted)).toBe(65 + 215);
    expect(out.headline.substantiatedRate).toBeCloseTo(130 / 215);
    const rowA = out.breakdowns.sector!.rows[0]!.figures;
    expect(rowA.onTimeRate).toBe(0.8);
    expect(rowA.medianDays).toBe(10);
    expect(out.breakdowns.sector!.rows[1]!.figures.medianDays).toBeNull();
  });

  it("hides a small cell and enough others that neither table nor headline gives it away", () => {
    const a = counters({ inProgress: 30, substantiated: 2, unsubstantiated: 40 });
    const b = counters({ inProgress: 35, substantiated: 50, unsubstantiated: 45 });
    const m1 = counters({ inProgress: 40, substantiated: 20, unsubstantiated: 50 });
    const m2 = counters({ inProgress: 25, substantiated: 32, unsubstantiated: 35 });
    const total = sumCounters([a, b]);
    const out = publishScope({
      total,
      breakdowns: [
        { name: "sector", rows: [{ key: "a", counters: a }, { key: "b", counters: b }] },
        { name: "month", rows: [{ key: "m1", counters: m1 }, { key: "m2", counters: m2 }] },
      ],
    });
    const rowA = out.breakdowns.sector!.rows[0]!.figures;
    expect(v(rowA.partition.substantiated)).toBe("<5");
    // Its row total and its column are protected: something else in each is hidden too.
    expect(v(rowA.concluded)).toBe("*");
    expect(rowA.substantiatedRate).toBeNull();
    const column = [rowA.partition.substantiated, out.breakdowns.sector!.rows[1]!.figures.partition.substantiated, out.headline.partition.substantiated];
    expect(column.filter((c) => c.kind === "suppressed").length).toBeGreaterThanOrEqual(2);
  });

  it("a small count in one month hides figures in the least-read columns, so every month keeps its concluded count and rate", () => {
    // The demo's national months (2026-01 … 2026-12): not taken up, pending, substantiated, unsubstantiated.
    const monthly = [[31, 0, 86, 38], [51, 0, 77, 35], [62, 0, 99, 25], [60, 0, 92, 28], [62, 0, 91, 38], [60, 0, 118, 32], [62, 12, 129, 26], [62, 31, 123, 32], [60, 57, 127, 23], [62, 124, 93, 21], [60, 542, 36, 5], [4, 75, 0, 0]];
    const months = monthly.map(([notTakenUp, pending, substantiated, unsubstantiated]) => counters({ rejectedOutOfScope: notTakenUp, inProgress: pending, substantiated, unsubstantiated }));
    const out = publishScope({ total: sumCounters(months), breakdowns: [{ name: "month", rows: months.map((c, i) => ({ key: `m${i}`, counters: c })) }] });
    const rows = out.breakdowns.month!.rows.map((r) => r.figures);
    expect(rows.map((f) => v(f.concluded))).toEqual(monthly.map((m) => m[2]! + m[3]!));
    expect(rows.filter((f) => f.substantiatedRate === null).map((f) => v(f.concluded))).toEqual([0]);
    expect(v(rows[11]!.partition.notTakenUp)).toBe("<5");
    // Three more, all "not taken up" or "pending": a rectangle with the month cheapest to pair.
    const stars = rows.flatMap((f) => PARTITION.filter((k) => v(f.partition[k]) === "*"));
    expect(stars.sort()).toEqual(["notTakenUp", "pending", "pending"]);
  });

  it("never shows a listed count from 1 to 4, and a total hidden in one list is hidden in the headline", () => {
    const rows = [counters({ inProgress: 10, openNow: 3 }), counters({ inProgress: 10, openNow: 9 })];
    const out = publishScope({ total: sumCounters(rows), breakdowns: [{ name: "sector", rows: rows.map((c, i) => ({ key: String(i), counters: c })) }] });
    expect(v(out.breakdowns.sector!.rows[0]!.figures.listed.openNow)).toBe("<5");
    // 3 hidden, 9 must hide too (else 12 − 9 = 3).
    expect(v(out.breakdowns.sector!.rows[1]!.figures.listed.openNow)).toBe("*");
    expect(v(out.headline.listed.openNow)).toBe(12);
  });

  it("property: in every breakdown, no hidden partition figure can be recovered from what the page publishes", () => {
    const count = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 5, max: 60 }));
    const row = fc.array(count, { minLength: STATUS.length, maxLength: STATUS.length });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 5 }), fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), (sectorRows, monthSplit) => {
        // The month breakdown regroups the same cases: rows merged in another order.
        const sectors = sectorRows.map((r) => counters(Object.fromEntries(STATUS.map((k, j) => [k, r[j]!]))));
        const total = sumCounters(sectors);
        const months: Counters[] = [];
        sectors.forEach((s, i) => {
          const target = monthSplit[i % monthSplit.length]! % Math.max(1, Math.min(3, sectors.length));
          months[target] = months[target] ? sumCounters([months[target]!, s]) : s;
        });
        const monthRows = months.filter(Boolean);
        const published = publishScope({
          total,
          breakdowns: [
            { name: "sector", rows: sectors.map((c, i) => ({ key: `s${i}`, counters: c })) },
            { name: "month", rows: monthRows.map((c, i) => ({ key: `m${i}`, counters: c })) },
          ],
        });
        // The headline agrees with every table's column totals, and each table passes the audit.
        for (const [name, rows] of [
          ["sector", sectors],
          ["month", monthRows],
        ] as const) {
          const truth = rows.map((c) => PARTITION.map((k) => partitionValue(c, k)));
          const b = published.breakdowns[name]!;
          const table = {
            cells: b.rows.map((r) => PARTITION.map((k) => r.figures.partition[k])),
            rowTotals: b.rows.map((r) => r.figures.received),
            columnTotals: PARTITION.map((k) => published.headline.partition[k]),
            grandTotal: published.headline.received,
          };
          const grid = publishedGrid(table);
          grid.forEach((line, i) =>
            line.forEach((c, j) => {
              if (c.kind === "suppressed") expect(alternativeTable(truth, table, i, j), `${name} (${i},${j}) is disclosed`).not.toBeNull();
            }),
          );
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe("suppressLinked", () => {
  it("hides a column total in every table when one table must hide it", () => {
    const t1 = [
      [3, 40],
      [2, 50],
    ]; // column 0 totals 5: fine on its own
    const t2 = [[5, 90]];
    const alone = suppressTable(t2);
    expect(alone.columnTotals[0]!.kind).toBe("value");
    const [a, b] = suppressLinked([t1, t2]);
    expect(a!.columnTotals.map((c) => c.kind)).toEqual(b!.columnTotals.map((c) => c.kind));
  });
});

describe("publishAgencies", () => {
  it("suppresses the agencies' table and lists, keeping the order", () => {
    const rows = [
      { key: "x", counters: counters({ inProgress: 20, substantiated: 30, unsubstantiated: 10, openNow: 20, returns: 2, withDue: 40, onTime: 30 }) },
      { key: "y", counters: counters({ inProgress: 15, substantiated: 25, unsubstantiated: 12, openNow: 15, returns: 7 }) },
    ];
    const out = publishAgencies(rows);
    expect(out.rows.map((r) => r.key)).toEqual(["x", "y"]);
    expect(v(out.rows[0]!.held)).toBe(60);
    expect(v(out.rows[0]!.returns)).toBe("<5");
    expect(v(out.rows[1]!.returns)).toBe("*");
    expect(v(out.totals.returns)).toBe(9);
    expect(out.rows[0]!.onTimeRate).toBe(0.75);
  });

  it("lists every listed measure", () => expect(LISTED).toContain("returns"));
});

describe("pageOfRows (the /stats agency table, one page at a time)", () => {
  const rows = Array.from({ length: 53 }, (_, i) => `agency ${i + 1}`);
  it.each([
    // requested, size, expected page, pages, first, last
    { requested: 1, size: 25, page: 1, pages: 3, first: 1, last: 25 },
    { requested: 2, size: 25, page: 2, pages: 3, first: 26, last: 50 },
    { requested: 3, size: 25, page: 3, pages: 3, first: 51, last: 53 },
    { requested: 9, size: 25, page: 3, pages: 3, first: 51, last: 53 }, // past the end: the last page
    { requested: 0, size: 25, page: 1, pages: 3, first: 1, last: 25 },
    { requested: 1.5, size: 25, page: 1, pages: 3, first: 1, last: 25 },
    { requested: 1, size: 53, page: 1, pages: 1, first: 1, last: 53 },
    { requested: 2, size: 100, page: 1, pages: 1, first: 1, last: 53 },
  ])("page $requested of 53 rows by $size → page $page of $pages, rows $first–$last", ({ requested, size, page, pages, first, last }) => {
    const p = pageOfRows(rows, requested, size);
    expect({ page: p.page, pages: p.pages, first: p.first, last: p.last, total: p.total }).toEqual({ page, pages, first, last, total: 53 });
    expect(p.rows).toEqual(rows.slice(first - 1, last));
  });

  it("no rows: one empty page", () => {
    expect(pageOfRows([], 3)).toEqual({ rows: [], page: 1, pages: 1, first: 0, last: 0, total: 0 });
  });

  it("the pages together are every row once, in order", () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 200 }), fc.integer({ min: 1, max: 40 }), (xs, size) => {
        const { pages } = pageOfRows(xs, 1, size);
        const joined = Array.from({ length: pages }, (_, i) => pageOfRows(xs, i + 1, size).rows).flat();
        expect(joined).toEqual(xs);
      }),
    );
  });
});

describe("rejection reasons in the statistics", () => {
  it.each(REJECTION_REASONS.map((r, i) => [r, i] as const))("%s has its own counter, listed in the reasons' order", (reason, i) => {
    expect(MEASURES).toContain(REJECTION_MEASURES[reason]);
    expect(DETAIL.notTakenUp[i]).toBe(REJECTION_MEASURES[reason]);
  });
});
