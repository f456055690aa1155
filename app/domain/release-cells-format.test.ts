import { describe, expect, it } from "vitest";
import { emptyCounters, LISTED, PARTITION, publishScope, type Counters, type ScopeInput } from "./published-statistics";
import { cellKey, releaseCells } from "./release-consistency";

const counters = (p: Partial<Counters>): Counters => {
  const c = { ...emptyCounters(), ...p };
  c.received = c.awaiting + c.inProgress + c.substantiated + c.unsubstantiated + c.merged;
  return c;
};

// Two sectors, one of them small (3 cases): its figures are hidden, and some of the other's to protect them.
const big = counters({ awaiting: 10, inProgress: 20, substantiated: 30, unsubstantiated: 12, openNow: 30, escalated: 7 });
const small = counters({ awaiting: 1, inProgress: 1, substantiated: 1, openNow: 2, escalated: 1 });
const total = counters({ awaiting: 11, inProgress: 21, substantiated: 31, unsubstantiated: 12, openNow: 32, escalated: 8 });
const input: ScopeInput = {
  total,
  breakdowns: [
    { name: "sector", rows: [{ key: "chemical", counters: big }, { key: "mining", counters: small }] },
    { name: "month", rows: [{ key: "2026-11", counters: total }, { key: "2026-12", counters: emptyCounters() }] },
  ],
};
const published = publishScope(input);
const cells = releaseCells(input, published);

describe("a release page's private cells", () => {
  it("hold every row's true figures, keyed table|row|column, the headline's as total", () => {
    expect(cells[cellKey("headline", "total", "received")]).toEqual([total.received, 0]);
    expect(cells["sector|chemical|substantiated"]![0]).toBe(30);
    expect(cells["sector|mining|received"]![0]).toBe(3);
    expect(cells["sector|mining|pending"]![0]).toBe(2);
    expect(cells["month|2026-12|received"]).toEqual([0, 0]);
    // 1 headline + 2 sectors + 2 months, each with the partition, received and every listed measure.
    expect(Object.keys(cells)).toHaveLength(5 * (PARTITION.length + 1 + LISTED.length));
  });

  it("mark what the page hides (any reason) with 1 and what it shows with 0", () => {
    expect(cells["sector|mining|received"]![1]).toBe(1); // "<5"
    expect(cells["sector|mining|escalated"]![1]).toBe(1);
    const rows = published.breakdowns.sector!.rows;
    for (const [i, key] of ["chemical", "mining"].entries()) {
      for (const k of PARTITION) expect(cells[`sector|${key}|${k}`]![1], `${key} ${k}`).toBe(rows[i]!.figures.partition[k].kind === "value" ? 0 : 1);
      for (const m of LISTED) expect(cells[`sector|${key}|${m}`]![1], `${key} ${m}`).toBe(rows[i]!.figures.listed[m].kind === "value" ? 0 : 1);
    }
    // The small sector's hidden counts are protected: something in the other sector is hidden too.
    expect(Object.entries(cells).some(([k, [, hidden]]) => k.startsWith("sector|chemical|") && hidden === 1)).toBe(true);
  });

  it("leave out the agencies (not a partition of the scope)", () => {
    expect(Object.keys(cells).some((k) => k.startsWith("agency|"))).toBe(false);
  });
});
