import { asc, eq } from "drizzle-orm";
import { agencies, caseOutcomes, rewardClaims, tips } from "../../db/schema/index";
import { db } from "../lib/db.server";

export type RewardClaimQueueItem = {
  claimId: string;
  reference: string;
  claimedOn: string;
  suggestedCny: number;
  closedOn: string | null;
  agency: { nameZh: string; nameEn: string } | null;
  outcome: {
    finding: "substantiated" | "partly_substantiated" | "unsubstantiated";
    fineCny: number | null;
    accidentLevel: "ordinary" | "larger" | "major" | "especially_major" | null;
    concealedDeathsVerified: number | null;
    publicSummaryZh: string;
    publicSummaryEn: string | null;
  } | null;
};

/**
 * The reward claims waiting for an administrator's decision, oldest first. Only what the decision
 * needs: the reference, the suggestion and the published outcome — nothing about the tipster.
 */
export async function listRequestedRewardClaims(limit = 200): Promise<RewardClaimQueueItem[]> {
  const rows = await db()
    .select({
      claimId: rewardClaims.id,
      reference: tips.reference,
      claimedOn: rewardClaims.claimedOn,
      suggestedCny: rewardClaims.suggestedCny,
      closedOn: tips.closedOn,
      agencyNameZh: agencies.nameZh,
      agencyNameEn: agencies.nameEn,
      outcome: caseOutcomes,
    })
    .from(rewardClaims)
    .innerJoin(tips, eq(tips.id, rewardClaims.tipId))
    .leftJoin(agencies, eq(agencies.id, tips.agencyId))
    .leftJoin(caseOutcomes, eq(caseOutcomes.tipId, tips.id))
    .where(eq(rewardClaims.state, "requested"))
    .orderBy(asc(rewardClaims.claimedOn), asc(tips.referenceSeq))
    .limit(limit);
  return rows.map((r) => ({
    claimId: r.claimId,
    reference: r.reference,
    claimedOn: r.claimedOn,
    suggestedCny: r.suggestedCny,
    closedOn: r.closedOn,
    agency: r.agencyNameZh ? { nameZh: r.agencyNameZh, nameEn: r.agencyNameEn ?? r.agencyNameZh } : null,
    outcome: r.outcome
      ? {
          finding: r.outcome.finding,
          fineCny: r.outcome.fineCny,
          accidentLevel: r.outcome.accidentLevel,
          concealedDeathsVerified: r.outcome.concealedDeathsVerified,
          publicSummaryZh: r.outcome.publicSummaryZh,
          publicSummaryEn: r.outcome.publicSummaryEn,
        }
      : null,
  }));
}
