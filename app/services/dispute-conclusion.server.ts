import { and, eq, sql } from "drizzle-orm";
import { caseDisputes, tips } from "../../db/schema/index";
import { checkTransition } from "../domain/case-state";
import { mayBeToldAbout } from "../domain/permissions";
import { localDate } from "../domain/working-days";
import { encrypt } from "../lib/crypto.server";
import { db } from "../lib/db.server";
import { env } from "../lib/env.server";
import { enqueueEmail } from "../lib/jobs.server";
import { appendLedger, chainForTip } from "../lib/ledger.server";
import { AppError } from "../lib/app-error";
import { agencyById, supervisingAgency } from "./deadline-common.server";

export const DISPUTE_REASON_MIN = 20;
export const DISPUTE_REASON_MAX = 2000;

export const disputeAad = (tipId: string) => `tip:${tipId}:dispute`;

/**
 * The tipster disputes the conclusion of their closed case (复查): the reason is stored
 * encrypted, the case goes to review by the supervising agency (under_review), and the ledger
 * records it with the date only, and the supervising agency of the agency that closed the case
 * (`supervisingAgency`: the one whose supervisors review it; never one inside the region the tip
 * implicates, and the queue checks that again) is emailed that the case awaits review — all in one
 * transaction. One open or upheld dispute per case; after a review reopened
 * the case and it closed again, the tipster may dispute the new conclusion.
 */
export async function disputeConclusion(tipId: string, reasonInput: string, now = new Date()): Promise<void> {
  const reason = reasonInput.trim();
  if (reason.length < DISPUTE_REASON_MIN || reason.length > DISPUTE_REASON_MAX) throw new AppError("invalid_input", { field: "reason", message: "errors.dispute.reasonLength" });
  const today = localDate(now, env().timeZone);
  await db().transaction(async (tx) => {
    const [tip] = await tx
      .select({ id: tips.id, reference: tips.reference, state: tips.state, version: tips.version, agencyId: tips.agencyId, implicatedPlaceCode: tips.implicatedPlaceCode })
      .from(tips)
      .where(eq(tips.id, tipId))
      .for("update");
    if (!tip) throw new AppError("conflict", { field: "reason", message: "errors.dispute.notAllowed" });
    const check = checkTransition(tip.state, "dispute", "tipster");
    if (!check.ok) throw new AppError("conflict", { field: "reason", message: "errors.dispute.notAllowed" });
    const earlier = await tx.select({ decision: caseDisputes.decision }).from(caseDisputes).where(eq(caseDisputes.tipId, tipId));
    if (earlier.some((d) => d.decision !== "reopened")) throw new AppError("conflict", { field: "reason", message: "errors.dispute.already" });
    const updated = await tx
      .update(tips)
      .set({ state: check.to, version: sql`${tips.version} + 1` })
      .where(and(eq(tips.id, tip.id), eq(tips.version, tip.version)))
      .returning({ id: tips.id });
    if (updated.length === 0) throw new AppError("conflict", { field: "reason", message: "errors.transition.stale" });
    const [row] = await tx
      .insert(caseDisputes)
      .values({ tipId, reasonEnc: encrypt(reason, disputeAad(tipId)), disputedOn: today })
      .returning({ id: caseDisputes.id });
    await appendLedger(tx, {
      chain: chainForTip(tipId),
      actor: { type: "tipster" },
      action: "case.dispute",
      subjectType: "tip",
      subjectId: tipId,
      details: { from: tip.state, to: check.to, disputeId: row!.id },
      today,
      now,
    });
    const closer = tip.agencyId ? await agencyById(tx, tip.agencyId) : null;
    const reviewer = closer ? await supervisingAgency(tx, closer, tip) : null;
    if (closer && reviewer && mayBeToldAbout(reviewer.placeCode, tip)) {
      await enqueueEmail(tx, {
        template: "case_disputed",
        tipId,
        agencyId: reviewer.id,
        locale: "zh-CN",
        data: { reference: tip.reference, agencyName: closer.nameZh, disputedOn: today },
        dedupeKey: `case_disputed:${row!.id}`,
      });
    }
  });
}
