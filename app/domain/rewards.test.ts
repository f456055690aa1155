import { describe, expect, it } from "vitest";
import { calculateReward, DEFAULT_REWARD_RATES, rewardRatesFromSettings, type RewardFacts } from "./rewards";

const base: RewardFacts = { finding: "substantiated", fineCny: null, accidentLevel: null, concealedDeathsVerified: null, mergedIntoAnother: false };

describe("calculateReward: hazard or illegal operation, fined", () => {
  it.each([
    { fine: 1, amount: 3000, reason: "fine_minimum_applied" },
    { fine: 10_000, amount: 3000, reason: "fine_minimum_applied" },
    { fine: 19_999, amount: 3000, reason: "fine_minimum_applied" }, // 15% = 2,999.85
    { fine: 20_000, amount: 3000, reason: "fine_rate" }, // exactly the minimum
    { fine: 100_000, amount: 15_000, reason: "fine_rate" },
    { fine: 333_333, amount: 49_999, reason: "fine_rate" }, // rounded down to whole yuan
    { fine: 2_000_000, amount: 300_000, reason: "fine_rate" }, // exactly the maximum
    { fine: 3_000_000, amount: 300_000, reason: "maximum_applied" },
  ])("fine $fine → $amount", ({ fine, amount, reason }) => {
    const r = calculateReward({ ...base, fineCny: fine });
    expect(r).toMatchObject({ eligible: true, amountCny: amount, rule: "fine" });
    expect(r.reasons).toContain(reason);
  });

  it.each([null, 0])("no fine (%s) → no reward under this rule", (fine) => {
    expect(calculateReward({ ...base, fineCny: fine })).toEqual({ eligible: false, amountCny: 0, rule: null, reasons: ["no_fine_or_concealed_deaths"] });
  });

  it("partly substantiated counts as verified", () => {
    expect(calculateReward({ ...base, finding: "partly_substantiated", fineCny: 100_000 })).toMatchObject({ eligible: true, amountCny: 15_000 });
  });
});

describe("calculateReward: concealed or falsified accident", () => {
  it.each([
    { level: "ordinary", deaths: 1, amount: 30_000 },
    { level: "larger", deaths: 1, amount: 40_000 },
    { level: "major", deaths: 1, amount: 50_000 },
    { level: "especially_major", deaths: 1, amount: 60_000 },
    { level: "ordinary", deaths: 2, amount: 60_000 },
    { level: "larger", deaths: 3, amount: 120_000 },
    { level: "major", deaths: 6, amount: 300_000 },
    { level: "major", deaths: 7, amount: 300_000 }, // capped
    { level: "especially_major", deaths: 30, amount: 300_000 }, // capped
  ] as const)("$deaths death(s) in a $level accident → $amount", ({ level, deaths, amount }) => {
    const r = calculateReward({ ...base, accidentLevel: level, concealedDeathsVerified: deaths });
    expect(r).toMatchObject({ eligible: true, amountCny: amount, rule: "concealed_accident" });
    expect(r.reasons.includes("maximum_applied")).toBe(deaths * DEFAULT_REWARD_RATES.perDeathCny[level] > 300_000);
  });

  it("deaths without a level, or a level without deaths, are not enough", () => {
    expect(calculateReward({ ...base, concealedDeathsVerified: 2 }).eligible).toBe(false);
    expect(calculateReward({ ...base, accidentLevel: "major", concealedDeathsVerified: 0 }).eligible).toBe(false);
  });

  it("when both rules apply the larger amount is suggested", () => {
    expect(calculateReward({ ...base, fineCny: 100_000, accidentLevel: "ordinary", concealedDeathsVerified: 1 })).toMatchObject({ amountCny: 30_000, rule: "concealed_accident" });
    expect(calculateReward({ ...base, fineCny: 1_000_000, accidentLevel: "ordinary", concealedDeathsVerified: 1 })).toMatchObject({ amountCny: 150_000, rule: "fine" });
  });
});

describe("calculateReward: who gets nothing", () => {
  it.each([
    { name: "unsubstantiated", facts: { ...base, finding: "unsubstantiated", fineCny: 100_000 }, reason: "unsubstantiated" },
    { name: "no outcome yet", facts: { ...base, finding: null, fineCny: 100_000 }, reason: "no_outcome" },
    { name: "merged into an earlier tip", facts: { ...base, fineCny: 100_000, mergedIntoAnother: true }, reason: "merged_into_earlier" },
    { name: "merged, concealed deaths", facts: { ...base, accidentLevel: "major", concealedDeathsVerified: 2, mergedIntoAnother: true }, reason: "merged_into_earlier" },
  ] as { name: string; facts: RewardFacts; reason: string }[])("$name", ({ facts, reason }) => {
    expect(calculateReward(facts)).toEqual({ eligible: false, amountCny: 0, rule: null, reasons: [reason] });
  });

  it("the earlier tip of a merged group is rewarded as usual", () => {
    expect(calculateReward({ ...base, fineCny: 100_000, mergedIntoAnother: false })).toMatchObject({ eligible: true, amountCny: 15_000 });
  });
});

describe("rates are parameters", () => {
  it("reads the reward.* settings, keeping defaults for missing or invalid values", () => {
    const rates = rewardRatesFromSettings({ "reward.fine_rate_percent": 10, "reward.fine_min_cny": 5000, "reward.max_cny": "lots", "reward.per_death_major_cny": 70000 });
    expect(rates).toEqual({ ...DEFAULT_REWARD_RATES, fineRatePercent: 10, fineMinCny: 5000, perDeathCny: { ...DEFAULT_REWARD_RATES.perDeathCny, major: 70000 } });
    expect(calculateReward({ ...base, fineCny: 100_000 }, rates).amountCny).toBe(10_000);
    expect(calculateReward({ ...base, fineCny: 10_000 }, rates).amountCny).toBe(5000);
    expect(calculateReward({ ...base, accidentLevel: "major", concealedDeathsVerified: 2 }, rates).amountCny).toBe(140_000);
  });

  it("a lower maximum caps both rules", () => {
    const rates = { ...DEFAULT_REWARD_RATES, maxCny: 100_000 };
    expect(calculateReward({ ...base, fineCny: 1_000_000 }, rates)).toMatchObject({ amountCny: 100_000, reasons: ["fine_rate", "maximum_applied"] });
    expect(calculateReward({ ...base, accidentLevel: "ordinary", concealedDeathsVerified: 4 }, rates)).toMatchObject({ amountCny: 100_000, reasons: ["per_death", "maximum_applied"] });
  });
});
