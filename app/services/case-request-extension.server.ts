import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { tips } from "../../db/schema/index";
import { EXTENDABLE_STATES, isExtendable } from "../domain/case-state";
import { addDays, localDate } from "../domain/working-days";
import { AppError } from "../lib/app-error";
import { db } from "../lib/db.server";
import { env } from "../lib/env.server";
import { enqueueEmail } from "../lib/jobs.server";
import { appendLedger, chainForTip } from "../lib/ledger.server";
import type { StaffContext } from "../lib/staff-session.server";
import { findHandledCase } from "./case-record.server";
import { agencyById, supervisingAgency } from "./deadline-common.server";

export const EXTENSION_MAX_DAYS = 30;

/**
 * The agency asks, once per case, for 1–30 more days to conclude, with a reason the tipster sees.
 * Not a state of the state machine: `extension_state` goes from null to "requested" here (a
 * second request is refused), the ledger records it and the supervising agency is emailed.
 */
export async function requestExtension(staff: StaffContext, reference: string, opts: { days: number; reason: string; now?: Date }) {
  if (staff.role !== "agency_officer") throw new AppError("forbidden", { message: "errors.transition.not_allowed_for_actor" });
  const reason = opts.reason.trim();
  if (!Number.isInteger(opts.days) || opts.days < 1 || opts.days > EXTENSION_MAX_DAYS) throw new AppError("invalid_input", { field: "days", message: "errors.extension.days" });
  if (reason.length < 5) throw new AppError("invalid_input", { field: "reason", message: "errors.extension.reasonRequired" });
  if (reason.length > 1000) throw new AppError("invalid_input", { field: "reason", message: "errors.text.tooLong.1000" });
  const c = await findHandledCase(staff, reference);
  if (c.extensionState !== null) throw new AppError("conflict", { message: "errors.extension.alreadyRequested" });
  if (!isExtendable(c.state)) throw new AppError("conflict", { message: "errors.transition.not_allowed_in_state" });
  const now = opts.now ?? new Date();
  const today = localDate(now, env().timeZone);
  const currentDue = c.dueOn ?? today;
  const requestedDue = addDays(currentDue, opts.days);
  await db().transaction(async (tx) => {
    // Guarded on the row: of two requests at once, one finds the field already set.
    const updated = await tx
      .update(tips)
      .set({ extensionState: "requested", extensionDays: opts.days, extensionReason: reason, version: sql`${tips.version} + 1` })
      .where(and(eq(tips.id, c.id), isNull(tips.extensionState), inArray(tips.state, [...EXTENDABLE_STATES])))
      .returning({ id: tips.id });
    if (updated.length === 0) throw new AppError("conflict", { message: "errors.extension.alreadyRequested" });
    await appendLedger(tx, {
      chain: chainForTip(c.id),
      actor: { type: "staff", id: staff.staffId },
      action: "case.extension_requested",
      subjectType: "tip",
      subjectId: c.id,
      details: { days: opts.days, reason, dueOn: currentDue, requestedDueOn: requestedDue },
      today,
      now,
    });
    const agency = await agencyById(tx, c.agencyId!);
    if (!agency) throw new Error(`case ${c.reference} has no agency`);
    // The supervisor outside the implicated region decides; with none, the agency's own inbox keeps the record.
    const supervisor = await supervisingAgency(tx, agency, c);
    await enqueueEmail(tx, {
      template: "extension_requested",
      tipId: c.id,
      agencyId: (supervisor ?? agency).id,
      locale: "zh-CN",
      data: { reference: c.reference, agencyName: agency.nameZh, currentDeadline: currentDue, requestedDeadline: requestedDue, extraDays: opts.days },
      dedupeKey: `extension_requested:${c.reference}`,
    });
  });
  return { requestedDueOn: requestedDue };
}
