import { and, eq, inArray, sql } from "drizzle-orm";
import { tips } from "../../db/schema/index";
import { addDays, localDate } from "../domain/working-days";
import { AppError } from "../lib/app-error";
import { db } from "../lib/db.server";
import { env } from "../lib/env.server";
import { enqueueEmail } from "../lib/jobs.server";
import { appendLedger, chainForTip } from "../lib/ledger.server";
import type { StaffContext } from "../lib/staff-session.server";
import { findHandledCase } from "./case-record.server";
import { EXTENDABLE_STATES, isExtendable } from "../domain/case-state";

/**
 * A supervisor whose subtree contains the case approves the requested extension (the conclusion
 * deadline moves by the days asked for) or refuses it with a reason. The agency's inbox is told.
 * Any other supervisor gets the same 404 as for a case that does not exist.
 */
export async function decideExtension(staff: StaffContext, reference: string, opts: { decision: "approve" | "refuse"; reason?: string; now?: Date }) {
  if (staff.role !== "supervisor") throw new AppError("forbidden", { message: "errors.transition.not_allowed_for_actor" });
  const reason = opts.reason?.trim() ?? "";
  if (opts.decision === "refuse" && reason.length < 5) throw new AppError("invalid_input", { field: "reason", message: "errors.extension.refusalReasonRequired" });
  if (reason.length > 1000) throw new AppError("invalid_input", { field: "reason", message: "errors.text.tooLong.1000" });
  const c = await findHandledCase(staff, reference);
  if (c.extensionState !== "requested") throw new AppError("conflict", { message: "errors.extension.notRequested" });
  if (!isExtendable(c.state)) throw new AppError("conflict", { message: "errors.transition.not_allowed_in_state" });
  const now = opts.now ?? new Date();
  const today = localDate(now, env().timeZone);
  const approved = opts.decision === "approve";
  const oldDue = c.dueOn ?? today;
  const newDue = approved ? addDays(oldDue, c.extensionDays ?? 0) : oldDue;
  await db().transaction(async (tx) => {
    const updated = await tx
      .update(tips)
      .set({ extensionState: approved ? "approved" : "refused", ...(approved ? { dueOn: newDue, overdueSince: null } : {}), version: sql`${tips.version} + 1` })
      .where(and(eq(tips.id, c.id), eq(tips.extensionState, "requested"), inArray(tips.state, [...EXTENDABLE_STATES])))
      .returning({ id: tips.id });
    if (updated.length === 0) throw new AppError("conflict", { message: "errors.transition.stale" });
    await appendLedger(tx, {
      chain: chainForTip(c.id),
      actor: { type: "staff", id: staff.staffId },
      action: approved ? "case.extension_approved" : "case.extension_refused",
      subjectType: "tip",
      subjectId: c.id,
      details: approved ? { days: c.extensionDays, from: oldDue, dueOn: newDue, ...(reason ? { reason } : {}) } : { reason, dueOn: oldDue },
      today,
      now,
    });
    if (!c.agencyId) throw new Error(`case ${c.reference} has no agency`);
    await enqueueEmail(tx, {
      template: "extension_decided",
      tipId: c.id,
      agencyId: c.agencyId,
      locale: "zh-CN",
      data: { reference: c.reference, decision: approved ? "approved" : "rejected", deadline: newDue, decidedOn: today },
      dedupeKey: `extension_decided:${c.reference}`,
    });
  });
  return { dueOn: newDue };
}
