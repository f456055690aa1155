import { describe, expect, it } from "vitest";
import { actionsTaken, formatYuan, type OutcomeActionRecord } from "./outcome-actions";

const none: OutcomeActionRecord = {
  rectificationOrdered: false,
  rectificationDueOn: null,
  fineCny: null,
  suspension: false,
  closure: false,
  criminalReferral: false,
  officialsHeldAccountable: 0,
  admonitoryTalk: false,
};

describe("actionsTaken: only what was done", () => {
  it.each<[string, Partial<OutcomeActionRecord>, ReturnType<typeof actionsTaken>]>([
    ["nothing done", {}, []],
    ["a fine of 0 yuan is no fine", { fineCny: 0 }, []],
    ["rectification without a deadline", { rectificationOrdered: true }, [{ kind: "rectification", dueOn: null }]],
    ["a deadline without the order is not shown", { rectificationDueOn: "2026-06-30" }, []],
    ["fine", { fineCny: 50_000 }, [{ kind: "fine", amountCny: 50_000 }]],
    ["officials counted", { officialsHeldAccountable: 2 }, [{ kind: "officials", n: 2 }]],
    [
      "everything, in reading order",
      { rectificationOrdered: true, rectificationDueOn: "2026-06-30", fineCny: 200_000, suspension: true, closure: true, criminalReferral: true, officialsHeldAccountable: 1, admonitoryTalk: true },
      [
        { kind: "rectification", dueOn: "2026-06-30" },
        { kind: "fine", amountCny: 200_000 },
        { kind: "suspension" },
        { kind: "closure" },
        { kind: "criminal_referral" },
        { kind: "officials", n: 1 },
        { kind: "admonitory_talk" },
      ],
    ],
  ])("%s", (_, record, expected) => {
    expect(actionsTaken({ ...none, ...record })).toEqual(expected);
  });
});

describe("formatYuan", () => {
  it.each([
    [500, "500"],
    [50_000, "50,000"],
    [1_234_567, "1,234,567"],
  ])("%d → %s", (n, s) => expect(formatYuan(n)).toBe(s));
});
