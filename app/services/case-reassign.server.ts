import { and, eq, inArray, isNull } from "drizzle-orm";
import { staffAccounts, tips } from "../../db/schema/index";
import { ASSIGNABLE_STATES, officerInCharge, reassignRefusal, type ReassignRefusal } from "../domain/case-assignment";
import { localDate } from "../domain/working-days";
import { AppError, type AppErrorCode } from "../lib/app-error";
import { db } from "../lib/db.server";
import { env } from "../lib/env.server";
import { appendLedger, chainForTip } from "../lib/ledger.server";
import type { StaffContext } from "../lib/staff-session.server";
import { recordedOfficer } from "./case-assignment.server";
import { findHandledCase } from "./case-record.server";

/** How each refusal of the rule reaches the person: its code, and the field it belongs to. */
const REFUSAL: Record<ReassignRefusal, { code: AppErrorCode; field?: string }> = {
  not_lead: { code: "forbidden" },
  not_assignable: { code: "conflict" },
  not_officer: { code: "invalid_input", field: "officerId" },
  inactive: { code: "invalid_input", field: "officerId" },
  other_agency: { code: "invalid_input", field: "officerId" },
  same_officer: { code: "invalid_input", field: "officerId" },
  reason_required: { code: "invalid_input", field: "reason" },
};

const refuse = (r: ReassignRefusal) => new AppError(REFUSAL[r].code, { message: `errors.assign.${r}`, field: REFUSAL[r].field });

/**
 * A supervisor of the agency holding the case puts another of its active officers in charge, with a
 * reason (`reassignRefusal`): the column and the ledger entry `case.reassigned` (from, to, reason)
 * in one transaction. The case is looked up as for every decision of the lead: another agency's
 * case is a 404, a contributing agency's supervisor is told only the lead may.
 */
export async function reassignCase(staff: StaffContext, reference: string, opts: { officerId: string; reason: string; now?: Date }) {
  const c = await findHandledCase(staff, reference);
  const now = opts.now ?? new Date();
  const reason = opts.reason.trim();
  const [target] = await db()
    .select({ id: staffAccounts.id, role: staffAccounts.role, active: staffAccounts.active, agencyId: staffAccounts.agencyId, displayName: staffAccounts.displayName })
    .from(staffAccounts)
    .where(eq(staffAccounts.id, opts.officerId));
  // An id that is no account at all reads as an officer of no agency.
  const chosen = target ?? { id: opts.officerId, role: "agency_officer" as const, active: false, agencyId: null, displayName: "" };
  const recorded = await recordedOfficer(c);
  const current = officerInCharge(c, recorded);
  const refusal = reassignRefusal({ role: staff.role, agencyId: staff.agency?.id ?? null }, { state: c.state, agencyId: c.agencyId, current }, chosen, reason);
  if (refusal) throw refuse(refusal);
  await db().transaction(async (tx) => {
    // Nobody changed the case meanwhile: still with the agency, in charge of the same recorded officer.
    const updated = await tx
      .update(tips)
      .set({ assignedOfficerId: chosen.id })
      .where(
        and(
          eq(tips.id, c.id),
          eq(tips.agencyId, c.agencyId!),
          inArray(tips.state, [...ASSIGNABLE_STATES]),
          c.assignedOfficerId ? eq(tips.assignedOfficerId, c.assignedOfficerId) : isNull(tips.assignedOfficerId)
        )
      )
      .returning({ id: tips.id });
    if (updated.length === 0) throw new AppError("conflict", { message: "errors.transition.stale" });
    await appendLedger(tx, {
      chain: chainForTip(c.id),
      actor: { type: "staff", id: staff.staffId },
      action: "case.reassigned",
      subjectType: "tip",
      subjectId: c.id,
      details: { fromOfficerId: current, fromName: current ? recorded!.displayName : null, toOfficerId: chosen.id, toName: chosen.displayName, reason },
      today: localDate(now, env().timeZone),
      now,
    });
  });
  return { officerId: chosen.id };
}
