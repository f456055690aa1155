import { describe, expect, it } from "vitest";
import { claimIsLive } from "./triage-claim";
import { compareByUrgency, decodeQueueCursor, encodeQueueCursor, queueKeyOf, urgencyOf, type QueueKey } from "./triage-urgency";

const none = { majorHazard: false, concealedAccident: false, deaths: null };

describe("urgency of a tip", () => {
  it.each([
    { name: "nothing reported", flags: none, urgency: 1 },
    { name: "no deaths (0)", flags: { ...none, deaths: 0 }, urgency: 1 },
    { name: "a major hazard", flags: { ...none, majorHazard: true }, urgency: 0 },
    { name: "a concealed accident", flags: { ...none, concealedAccident: true }, urgency: 0 },
    { name: "deaths without the accident flag", flags: { ...none, deaths: 2 }, urgency: 0 },
    { name: "all of them", flags: { majorHazard: true, concealedAccident: true, deaths: 3 }, urgency: 0 },
  ])("$name → $urgency", ({ flags, urgency }) => {
    expect(urgencyOf(flags)).toBe(urgency);
  });
});

const row = (name: string, o: Partial<{ majorHazard: boolean; concealedAccident: boolean; deaths: number | null; dueOn: string | null; submittedOn: string; referenceSeq: number }>) => ({
  name,
  key: queueKeyOf({ ...none, dueOn: "2026-12-10", submittedOn: "2026-12-01", referenceSeq: 5, ...o }),
});

describe("the queue's order", () => {
  it.each([
    { first: row("a new major hazard", { majorHazard: true, dueOn: "2026-12-20", submittedOn: "2026-12-02" }), second: row("an overdue routine tip", { dueOn: "2026-11-01", submittedOn: "2026-10-20" }) },
    { first: row("deaths, no deadline", { deaths: 1, dueOn: null }), second: row("routine, due tomorrow", { dueOn: "2026-12-03" }) },
    { first: row("urgent, due earlier", { concealedAccident: true, dueOn: "2026-12-04" }), second: row("urgent, due later", { majorHazard: true, dueOn: "2026-12-05" }) },
    { first: row("a deadline", { dueOn: "2027-06-01" }), second: row("no deadline", { dueOn: null }) },
    { first: row("same deadline, filed earlier", { submittedOn: "2026-11-30" }), second: row("same deadline, filed later", { submittedOn: "2026-12-01" }) },
    { first: row("same day, lower reference", { referenceSeq: 4 }), second: row("same day, higher reference", { referenceSeq: 6 }) },
  ])("$first.name before $second.name", ({ first, second }) => {
    expect(compareByUrgency(first.key, second.key)).toBeLessThan(0);
    expect(compareByUrgency(second.key, first.key)).toBeGreaterThan(0);
    expect(compareByUrgency(first.key, first.key)).toBe(0);
  });

  it("the keyset cursor carries the full sort key and reads back the same (with and without a deadline)", () => {
    const keys: QueueKey[] = [
      { urgency: 0, dueOn: "2026-12-04", submittedOn: "2026-12-01", referenceSeq: 202640718253 },
      { urgency: 1, dueOn: null, submittedOn: "2026-11-30", referenceSeq: 7 },
    ];
    for (const k of keys) expect(decodeQueueCursor(encodeQueueCursor(k))).toEqual(k);
    expect(decodeQueueCursor("2026-12-01_5")).toBeNull();
    expect(decodeQueueCursor("2_none_2026-12-01_5")).toBeNull();
    expect(decodeQueueCursor(undefined)).toBeNull();
  });
});

describe("a claim", () => {
  const at = new Date("2026-12-02T06:05:00Z");
  const claim = { staffId: "a", displayName: "张三", claimedAt: at };
  it.each([
    { name: "just made", minutesLater: 0, live: true },
    { name: "a minute before it lapses", minutesLater: 119, live: true },
    { name: "at the lapse", minutesLater: 120, live: false },
    { name: "long after", minutesLater: 600, live: false },
  ])("$name: live $live (2 hours)", ({ minutesLater, live }) => {
    const now = new Date(at.getTime() + minutesLater * 60_000);
    expect(claimIsLive(claim, now, 120)).toBe(live);
  });
  it("no claim is not live", () => {
    expect(claimIsLive(null, at, 120)).toBe(false);
  });
});
