/**
 * The reward rules of docs/domain.md ("Rewards", national defaults of 2018) as a pure calculator.
 * The rates are parameters (the `reward.*` settings), so a deployment can change them as data.
 *
 * - Major hazard or illegal operation, verified and fined: a percentage of the fine, with a
 *   minimum and a maximum (no fine: nothing under this rule).
 * - Concealed or falsified accident, verified: an amount per concealed death by accident level,
 *   at most the maximum.
 * - Several tips on the same matter: only the first valid one (the tip others were merged into).
 * - Unsubstantiated: nothing. Partly substantiated counts as verified.
 * When both rules apply, the larger amount is suggested (still at most the maximum).
 */
import type { AccidentLevel, Finding } from "./outcomes";

/** A tipster's reward claim: asked for, then approved (with an amount) or refused by an administrator. */
export const REWARD_CLAIM_STATES = ["requested", "approved", "refused"] as const;
export type RewardClaimState = (typeof REWARD_CLAIM_STATES)[number];

export type RewardRates = {
  fineRatePercent: number;
  fineMinCny: number;
  maxCny: number;
  perDeathCny: Record<AccidentLevel, number>;
};

export const DEFAULT_REWARD_RATES: RewardRates = {
  fineRatePercent: 15,
  fineMinCny: 3000,
  maxCny: 300000,
  perDeathCny: { ordinary: 30000, larger: 40000, major: 50000, especially_major: 60000 },
};

/** The rates from the settings table (`reward.*` keys); a missing or non-numeric value keeps the default. */
export function rewardRatesFromSettings(settings: Record<string, unknown>): RewardRates {
  const num = (key: string, fallback: number) => {
    const v = settings[key];
    return typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : fallback;
  };
  const d = DEFAULT_REWARD_RATES;
  return {
    fineRatePercent: num("reward.fine_rate_percent", d.fineRatePercent),
    fineMinCny: num("reward.fine_min_cny", d.fineMinCny),
    maxCny: num("reward.max_cny", d.maxCny),
    perDeathCny: {
      ordinary: num("reward.per_death_ordinary_cny", d.perDeathCny.ordinary),
      larger: num("reward.per_death_larger_cny", d.perDeathCny.larger),
      major: num("reward.per_death_major_cny", d.perDeathCny.major),
      especially_major: num("reward.per_death_especially_major_cny", d.perDeathCny.especially_major),
    },
  };
}

export type RewardFacts = {
  /** Null: the case has no recorded outcome yet. */
  finding: Finding | null;
  fineCny: number | null;
  accidentLevel: AccidentLevel | null;
  concealedDeathsVerified: number | null;
  /** The tip was merged into an earlier one: only the earlier one is rewarded. */
  mergedIntoAnother: boolean;
};

export type RewardRule = "fine" | "concealed_accident";

export type RewardReason =
  | "no_outcome"
  | "unsubstantiated"
  | "merged_into_earlier"
  | "no_fine_or_concealed_deaths"
  | "fine_rate"
  | "fine_minimum_applied"
  | "per_death"
  | "maximum_applied";

export type RewardSuggestion = { eligible: boolean; amountCny: number; rule: RewardRule | null; reasons: RewardReason[] };

const none = (reason: RewardReason): RewardSuggestion => ({ eligible: false, amountCny: 0, rule: null, reasons: [reason] });

export function calculateReward(facts: RewardFacts, rates: RewardRates = DEFAULT_REWARD_RATES): RewardSuggestion {
  if (facts.mergedIntoAnother) return none("merged_into_earlier");
  if (facts.finding === null) return none("no_outcome");
  if (facts.finding === "unsubstantiated") return none("unsubstantiated");

  const candidates: { rule: RewardRule; amount: number; reasons: RewardReason[] }[] = [];
  const fine = facts.fineCny ?? 0;
  if (fine > 0) {
    const byRate = Math.floor((fine * rates.fineRatePercent) / 100);
    candidates.push(byRate < rates.fineMinCny ? { rule: "fine", amount: rates.fineMinCny, reasons: ["fine_minimum_applied"] } : { rule: "fine", amount: byRate, reasons: ["fine_rate"] });
  }
  const deaths = facts.concealedDeathsVerified ?? 0;
  if (deaths > 0 && facts.accidentLevel) {
    candidates.push({ rule: "concealed_accident", amount: deaths * rates.perDeathCny[facts.accidentLevel], reasons: ["per_death"] });
  }
  if (candidates.length === 0) return none("no_fine_or_concealed_deaths");

  const best = candidates.reduce((a, b) => (b.amount > a.amount ? b : a));
  const reasons = [...best.reasons];
  let amount = best.amount;
  if (amount > rates.maxCny) {
    amount = rates.maxCny;
    reasons.push("maximum_applied");
  }
  return { eligible: true, amountCny: amount, rule: best.rule, reasons };
}
