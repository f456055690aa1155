import { and, eq, isNull } from "drizzle-orm";
import { caseDisputes } from "../../db/schema/index";
import { localDate } from "../domain/working-days";
import { AppError } from "../lib/app-error";
import { db } from "../lib/db.server";
import { env } from "../lib/env.server";
import { deadlineFrom } from "../lib/rules.server";
import type { StaffContext } from "../lib/staff-session.server";
import { findVisibleCase, transitionCase } from "./case-record.server";

export type ReviewDecision = { decision: "uphold" | "reopen"; reason: string };

/**
 * A supervisor of the case's subtree decides a tipster's dispute (复查): uphold the conclusion
 * (the case is closed again) or reopen it (back to the triage desk, with the triage clock).
 * A case the supervisor may not see is a 404.
 */
export async function decideReview(staff: StaffContext, reference: string, d: ReviewDecision, now = new Date()): Promise<void> {
  const reason = d.reason.trim();
  if (reason.length === 0) throw new AppError("invalid_input", { field: "reason", message: "errors.review.reasonRequired" });
  const today = localDate(now, env().timeZone);
  await db().transaction(async (tx) => {
    const c = await findVisibleCase(staff, reference, tx);
    const [dispute] = await tx
      .select({ id: caseDisputes.id })
      .from(caseDisputes)
      .where(and(eq(caseDisputes.tipId, c.id), isNull(caseDisputes.decision)))
      .for("update");
    if (!dispute || c.state !== "under_review") throw new AppError("conflict", { message: "errors.transition.not_allowed_in_state" });
    if (d.decision === "uphold") {
      await transitionCase(tx, { staff, tip: c, action: "uphold", now, details: { disputeId: dispute.id, reason } });
    } else {
      const dueOn = await deadlineFrom(today, "triage");
      await transitionCase(tx, { staff, tip: c, action: "reopen_after_review", now, changes: { dueOn, overdueSince: null, assignedOfficerId: null }, details: { disputeId: dispute.id, reason, dueOn } });
    }
    await tx
      .update(caseDisputes)
      .set({ decision: d.decision === "uphold" ? "upheld" : "reopened", decisionReason: reason, decidedBy: staff.staffId })
      .where(eq(caseDisputes.id, dispute.id));
  });
}
