import { caseOutcomes, type tips } from "../../db/schema/index";
import { calculateReward, rewardRatesFromSettings, type RewardSuggestion } from "../domain/rewards";
import { rules } from "../lib/rules.server";

/**
 * The reward the calculator suggests for a case, with the `reward.*` rates an administrator set.
 * A tip merged into an earlier one gets nothing (the earlier one stays first).
 */
export async function suggestReward(
  tip: Pick<typeof tips.$inferSelect, "state" | "mergedIntoId">,
  outcome: typeof caseOutcomes.$inferSelect | null,
): Promise<RewardSuggestion> {
  const rates = rewardRatesFromSettings((await rules()).settings);
  return calculateReward(
    {
      finding: outcome?.finding ?? null,
      fineCny: outcome?.fineCny ?? null,
      accidentLevel: outcome?.accidentLevel ?? null,
      concealedDeathsVerified: outcome?.concealedDeathsVerified ?? null,
      mergedIntoAnother: tip.mergedIntoId !== null || tip.state === "merged",
    },
    rates,
  );
}
