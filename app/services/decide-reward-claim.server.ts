import { and, eq } from "drizzle-orm";
import { agencies, rewardClaims, tips } from "../../db/schema/index";
import { mayBeToldAbout } from "../domain/permissions";
import { localDate } from "../domain/working-days";
import { db } from "../lib/db.server";
import { env } from "../lib/env.server";
import { enqueueEmail } from "../lib/jobs.server";
import { appendLedger, chainForTip } from "../lib/ledger.server";
import type { StaffContext } from "../lib/staff-session.server";
import { AppError } from "../lib/app-error";

const decided = () => new AppError("conflict", { message: "errors.reward.alreadyDecided" });

export type RewardDecision = { decision: "approve"; amountCny: number } | { decision: "refuse"; reason: string };

/**
 * An administrator approves a reward claim with an amount, or refuses it with a reason the
 * tipster sees. Recorded in the case's ledger; the agency inbox of the case is told by email
 * (never the tipster, who is anonymous). A claim is decided once.
 */
export async function decideRewardClaim(staff: StaffContext, claimId: string, d: RewardDecision, now = new Date()): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(claimId)) throw new AppError("not_found");
  if (d.decision === "approve" && (!Number.isSafeInteger(d.amountCny) || d.amountCny < 0)) throw new AppError("invalid_input", { field: "amountCny", message: "errors.reward.amount" });
  if (d.decision === "refuse" && d.reason.trim().length === 0) throw new AppError("invalid_input", { field: "reason", message: "errors.reward.reasonRequired" });
  const today = localDate(now, env().timeZone);
  await db().transaction(async (tx) => {
    const [claim] = await tx
      .select({
        id: rewardClaims.id,
        state: rewardClaims.state,
        tipId: rewardClaims.tipId,
        reference: tips.reference,
        agencyId: tips.agencyId,
        implicatedPlaceCode: tips.implicatedPlaceCode,
      })
      .from(rewardClaims)
      .innerJoin(tips, eq(tips.id, rewardClaims.tipId))
      .where(eq(rewardClaims.id, claimId))
      .for("update", { of: rewardClaims });
    if (!claim) throw new AppError("not_found");
    if (claim.state !== "requested") throw decided();
    const approved = d.decision === "approve";
    const updated = await tx
      .update(rewardClaims)
      .set(
        approved
          ? { state: "approved", approvedCny: d.amountCny, decidedBy: staff.staffId, decidedAt: now }
          : { state: "refused", refusalReason: d.reason.trim(), decidedBy: staff.staffId, decidedAt: now },
      )
      .where(and(eq(rewardClaims.id, claimId), eq(rewardClaims.state, "requested")))
      .returning({ id: rewardClaims.id });
    if (updated.length === 0) throw decided();
    await appendLedger(tx, {
      chain: chainForTip(claim.tipId),
      actor: { type: "staff", id: staff.staffId },
      action: approved ? "reward.approved" : "reward.refused",
      subjectType: "reward_claim",
      subjectId: claimId,
      details: approved ? { amountCny: d.amountCny } : { reason: d.reason.trim() },
      today,
      now,
    });
    const [agency] = claim.agencyId ? await tx.select({ id: agencies.id, placeCode: agencies.placeCode }).from(agencies).where(eq(agencies.id, claim.agencyId)) : [];
    // An agency inside the implicated region (the implication was added after it got the case) is not told.
    if (agency && mayBeToldAbout(agency.placeCode, claim)) {
      await enqueueEmail(tx, {
        template: "reward_claim_decided",
        tipId: claim.tipId,
        agencyId: agency.id,
        locale: "zh-CN",
        data: { reference: claim.reference, decision: approved ? "approved" : "rejected", amountCny: approved ? d.amountCny : 0, decidedOn: today },
        dedupeKey: `reward_claim_decided:${claimId}`,
      });
    }
  });
}
