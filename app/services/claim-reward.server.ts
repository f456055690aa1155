import { eq } from "drizzle-orm";
import { caseOutcomes, rewardClaims, tips } from "../../db/schema/index";
import { localDate } from "../domain/working-days";
import { db } from "../lib/db.server";
import { env } from "../lib/env.server";
import { appendLedger, chainForTip } from "../lib/ledger.server";
import { AppError } from "../lib/app-error";
import { suggestReward } from "./suggest-reward.server";

/** The tip is not (or no longer) in a state that earns a reward: the claim's refusals, all on the page's reward section. */
const refused = (message: "errors.reward.notEligible" | "errors.reward.merged" | "errors.reward.notClosed" | "errors.reward.already") =>
  new AppError("conflict", { field: "reward", message });

/**
 * The tipster claims the reward for their closed case, with the receipt (anonymously). One claim
 * per tip; the calculator's suggestion at this moment is kept with the claim for the administrator.
 */
export async function claimReward(tipId: string, now = new Date()): Promise<{ suggestedCny: number }> {
  const today = localDate(now, env().timeZone);
  return db().transaction(async (tx) => {
    const [tip] = await tx.select().from(tips).where(eq(tips.id, tipId)).for("update");
    if (!tip) throw refused("errors.reward.notEligible");
    if (tip.mergedIntoId !== null || tip.state === "merged") throw refused("errors.reward.merged");
    if (tip.state !== "closed") throw refused("errors.reward.notClosed");
    const [outcome] = await tx.select().from(caseOutcomes).where(eq(caseOutcomes.tipId, tipId));
    const suggestion = await suggestReward(tip, outcome ?? null);
    if (!suggestion.eligible) throw refused("errors.reward.notEligible");
    const inserted = await tx
      .insert(rewardClaims)
      .values({ tipId, suggestedCny: suggestion.amountCny, claimedOn: today })
      .onConflictDoNothing({ target: rewardClaims.tipId })
      .returning({ id: rewardClaims.id });
    if (inserted.length === 0) throw refused("errors.reward.already");
    await appendLedger(tx, {
      chain: chainForTip(tipId),
      actor: { type: "tipster" },
      action: "reward.claimed",
      subjectType: "reward_claim",
      subjectId: inserted[0]!.id,
      details: { suggestedCny: suggestion.amountCny, rule: suggestion.rule },
      today,
      now,
    });
    return { suggestedCny: suggestion.amountCny };
  });
}
