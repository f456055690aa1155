import { and, eq } from "drizzle-orm";
import { caseContributions } from "../../db/schema/index";
import { isLeadStaff, mayChangeContribution } from "../domain/joint-handling";
import { localDate } from "../domain/working-days";
import type { WithdrawContributionInput } from "../forms/joint";
import { AppError } from "../lib/app-error";
import { db } from "../lib/db.server";
import { env } from "../lib/env.server";
import { appendLedger, chainForTip } from "../lib/ledger.server";
import type { StaffContext } from "../lib/staff-session.server";
import { findHandledCase } from "./case-record.server";

/**
 * The lead agency withdraws an ask that is still open, with a reason: the contributing agency
 * no longer sees the case (a done contribution stays on the record and cannot be withdrawn).
 */
export async function withdrawContribution(staff: StaffContext, reference: string, input: WithdrawContributionInput, opts: { now?: Date } = {}) {
  const c = await findHandledCase(staff, reference);
  if (!isLeadStaff(staff, c)) throw new AppError("forbidden", { message: "errors.joint.askerRole" });
  if (!mayChangeContribution(c.state)) throw new AppError("conflict", { message: "errors.transition.not_allowed_in_state" });
  const now = opts.now ?? new Date();
  return db().transaction(async (tx) => {
    const [row] = await tx
      .update(caseContributions)
      .set({ state: "withdrawn", withdrawnAt: now, withdrawnBy: staff.staffId, withdrawnReason: input.reason.trim() })
      .where(and(eq(caseContributions.id, input.contributionId), eq(caseContributions.tipId, c.id), eq(caseContributions.state, "asked")))
      .returning({ agencyId: caseContributions.agencyId });
    if (!row) throw new AppError("conflict", { message: "errors.joint.notAsked" });
    await appendLedger(tx, {
      chain: chainForTip(c.id),
      actor: { type: "staff", id: staff.staffId },
      action: "case.contribution_withdrawn",
      subjectType: "tip",
      subjectId: c.id,
      details: { agencyId: row.agencyId, contributionId: input.contributionId, reason: input.reason.trim() },
      today: localDate(now, env().timeZone),
      now,
    });
    return { withdrawn: input.contributionId };
  });
}
