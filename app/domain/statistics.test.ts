import { describe, expect, it } from "vitest";
import {
  byAgency,
  byMonth,
  byPlace,
  bySector,
  change,
  daysBetween,
  figures,
  figuresBy,
  groupBy,
  previousYear,
  returnsByAgency,
  yearOnYear,
  type CaseRecord,
  type Figures,
} from "./statistics";

const TODAY = "2024-06-30";
let n = 0;
const rec = (r: Partial<CaseRecord>): CaseRecord => ({
  id: `c${++n}`,
  state: "closed",
  sectorCode: "hazardous_chemicals",
  placeCode: "330106",
  agencyId: "em@330106",
  submittedOn: "2024-05-01",
  concludedOn: null,
  closedOn: null,
  finding: null,
  dueOn: null,
  returns: [],
  actions: null,
  rejectionReason: null,
  mergedIntoId: null,
  ...r,
});
const concluded = (finding: CaseRecord["finding"], days: number, r: Partial<CaseRecord> = {}): CaseRecord => {
  const d = new Date(Date.UTC(2024, 4, 1) + days * 86_400_000).toISOString().slice(0, 10);
  return rec({ state: "closed", finding, concludedOn: d, closedOn: d, dueOn: "2024-06-30", ...r });
};
const noActions = { rectification: false, fineCny: 0, suspension: false, closure: false, criminalReferral: false, officialsHeldAccountable: 0 };

describe("daysBetween", () => {
  it.each<[string, string, number]>([
    ["2024-05-01", "2024-05-01", 0],
    ["2024-02-28", "2024-03-01", 2],
    ["2023-12-31", "2024-01-01", 1],
    ["2024-03-30", "2024-03-31", 1],
  ])("%s → %s = %d", (a, b, d) => expect(daysBetween(a, b)).toBe(d));

  it("rejects times", () => expect(() => daysBetween("2024-05-01T10:00", "2024-05-02")).toThrow(RangeError));
});

describe("figures", () => {
  const pick = (f: Figures, keys: (keyof Figures)[]) => Object.fromEntries(keys.map((k) => [k, f[k]]));
  it.each<[string, CaseRecord[], Partial<Figures>]>([
    ["nothing", [], { received: 0, accepted: 0, concluded: 0, substantiatedRate: null, medianDaysToConclusion: null, onTimeRate: null, openNow: 0 }],
    [
      "rejections by reason, merges, awaiting triage",
      [
        rec({ state: "rejected", rejectionReason: "no_facts" }),
        rec({ state: "rejected", rejectionReason: "no_facts" }),
        rec({ state: "rejected", rejectionReason: "abusive" }),
        rec({ state: "merged", mergedIntoId: "c1" }),
        rec({ state: "submitted" }),
        rec({ state: "assigned" }),
        rec({ state: "returned", returns: ["em@330106"] }),
      ],
      {
        received: 7,
        accepted: 2,
        rejected: { out_of_scope: 0, no_facts: 2, duplicate: 0, abusive: 1 },
        rejectedTotal: 3,
        merged: 1,
        openNow: 3,
        returns: 1,
      },
    ],
    [
      "four concluded: rates and medians withheld",
      [concluded("substantiated", 10), concluded("substantiated", 20), concluded("unsubstantiated", 30), concluded("partly_substantiated", 40)],
      { concluded: 4, substantiated: 3, substantiatedRate: null, medianDaysToConclusion: null, p90DaysToConclusion: null, onTimeRate: null },
    ],
    [
      "five concluded: rates and medians given",
      [
        concluded("substantiated", 10),
        concluded("substantiated", 20),
        concluded("unsubstantiated", 30),
        concluded("partly_substantiated", 40),
        concluded("unsubstantiated", 70),
      ],
      { concluded: 5, substantiated: 3, substantiatedRate: 0.6, medianDaysToConclusion: 30, p90DaysToConclusion: 70, onTimeRate: 0.8 },
    ],
    [
      "on-time rate only over cases with a due date",
      [...[1, 2, 3, 4, 5].map((d) => concluded("substantiated", d)), concluded("substantiated", 90, { dueOn: null })],
      { concluded: 6, onTimeRate: 1, medianDaysToConclusion: 3.5 },
    ],
    [
      "open and overdue now; concluded but not closed is still open",
      [
        rec({ state: "investigating", dueOn: "2024-06-29" }),
        rec({ state: "rectifying", dueOn: "2024-06-30" }),
        rec({ state: "assigned", dueOn: null }),
        rec({ state: "concluded", finding: "unsubstantiated", concludedOn: "2024-06-01", dueOn: "2024-06-10" }),
        rec({ state: "closed", dueOn: "2024-01-01" }),
      ],
      { openNow: 4, overdueNow: 2, concluded: 1 },
    ],
    ["escalations", [rec({ state: "investigating", escalated: true }), rec({ state: "closed", escalated: false })], { escalated: 1 }],
    [
      "action totals over concluded cases",
      [
        concluded("substantiated", 5, { actions: { ...noActions, rectification: true, fineCny: 20_000, officialsHeldAccountable: 2 } }),
        concluded("substantiated", 5, { actions: { ...noActions, rectification: true, suspension: true, closure: true, criminalReferral: true, fineCny: 5_500 } }),
        concluded("unsubstantiated", 5, { actions: null }),
      ],
      { actions: { rectifications: 2, finesCny: 25_500, suspensions: 1, closures: 1, criminalReferrals: 1, officialsHeldAccountable: 2 } },
    ],
  ])("%s", (_, cases, expected) => {
    expect(pick(figures(cases, TODAY), Object.keys(expected) as (keyof Figures)[])).toEqual(expected);
  });
});

describe("breakdowns", () => {
  const cases = [
    rec({ sectorCode: "pollution", placeCode: "330106", submittedOn: "2024-01-15", agencyId: "ee@330106" }),
    rec({ sectorCode: "construction", placeCode: "330108", submittedOn: "2024-01-20", agencyId: null }),
    rec({ sectorCode: "pollution", placeCode: "330203", submittedOn: "2024-02-01", agencyId: "ee@330203" }),
    rec({ sectorCode: "pollution", placeCode: "330100", submittedOn: "2024-02-29", agencyId: "ee@330100" }),
    rec({ sectorCode: "coal_mine", placeCode: "140000", submittedOn: "2023-12-31", agencyId: "ms@140000" }),
  ];
  const keys = (key: (c: CaseRecord) => string) => [...groupBy(cases, key)].map(([k, g]) => [k, g.length]);

  it.each<[string, (c: CaseRecord) => string, [string, number][]]>([
    ["by sector", bySector, [["coal_mine", 1], ["construction", 1], ["pollution", 3]]],
    ["by province", byPlace("province"), [["140000", 1], ["330000", 4]]],
    ["by city", byPlace("city"), [["140000", 1], ["330100", 3], ["330200", 1]]],
    ["by county (less precise places keep their own code)", byPlace("county"), [["140000", 1], ["330100", 1], ["330106", 1], ["330108", 1], ["330203", 1]]],
    ["by month", byMonth, [["2023-12", 1], ["2024-01", 2], ["2024-02", 2]]],
    ["by agency", byAgency, [["ee@330100", 1], ["ee@330106", 1], ["ee@330203", 1], ["ms@140000", 1], ["unassigned", 1]]],
  ])("%s", (_, key, expected) => expect(keys(key)).toEqual(expected));

  it("figuresBy gives figures per group", () => {
    expect(figuresBy(cases, bySector, TODAY).map((g) => [g.key, g.figures.received])).toEqual([
      ["coal_mine", 1],
      ["construction", 1],
      ["pollution", 3],
    ]);
  });

  it("returns count against the returning agency", () => {
    const r = returnsByAgency([rec({ returns: ["a", "b"] }), rec({ returns: ["a"] }), rec({})]);
    expect([...r]).toEqual([["a", 2], ["b", 1]]);
  });
});

describe("year on year", () => {
  it.each<[string, string, string, string]>([
    ["2024-01-01", "2024-01-31", "2023-01-01", "2023-01-31"],
    ["2024-02-01", "2024-02-29", "2023-02-01", "2023-02-28"],
    ["2025-01-01", "2025-12-31", "2024-01-01", "2024-12-31"],
  ])("previousYear(%s..%s) = %s..%s", (from, to, pf, pt) => expect(previousYear({ from, to })).toEqual({ from: pf, to: pt }));

  it.each<[number, number, number | null]>([
    [12, 10, 0.2],
    [5, 10, -0.5],
    [7, 4, null],
    [0, 5, -1],
  ])("change(%d, %d) = %s", (cur, prev, expected) => expect(change(cur, prev)).toBe(expected));

  it("compares the period with the same period a year earlier", () => {
    const cases = [
      ...Array.from({ length: 6 }, (_, i) => concluded(i < 3 ? "substantiated" : "unsubstantiated", 5, { submittedOn: `2024-03-0${i + 1}` })),
      ...Array.from({ length: 5 }, (_, i) => concluded(i < 4 ? "substantiated" : "unsubstantiated", 5, { submittedOn: `2023-03-1${i}` })),
      rec({ state: "merged", submittedOn: "2023-03-31" }),
      rec({ state: "submitted", submittedOn: "2024-04-01" }),
    ];
    const y = yearOnYear(cases, { from: "2024-03-01", to: "2024-03-31" }, TODAY);
    expect(y.current.received).toBe(6);
    expect(y.previous.received).toBe(6);
    expect(y.change.received).toBe(0);
    expect(y.change.concluded).toBeCloseTo(0.2);
    expect(y.change.merged).toBeNull();
    expect(y.points.substantiatedRate).toBe(-30);
  });
});
