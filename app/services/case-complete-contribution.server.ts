import { and, eq } from "drizzle-orm";
import { caseContributions } from "../../db/schema/index";
import { mayChangeContribution } from "../domain/joint-handling";
import { localDate } from "../domain/working-days";
import type { CompleteContributionInput } from "../forms/joint";
import { AppError } from "../lib/app-error";
import { db } from "../lib/db.server";
import { env } from "../lib/env.server";
import { appendLedger, chainForTip } from "../lib/ledger.server";
import type { StaffContext } from "../lib/staff-session.server";
import { findVisibleCase } from "./case-record.server";

/**
 * An agency officer of the contributing agency marks its part done, with a note of what it did
 * (staff only). The lead may then conclude. The row and the ledger entry in one transaction.
 */
export async function completeContribution(staff: StaffContext, reference: string, input: CompleteContributionInput, opts: { now?: Date } = {}) {
  if (staff.role !== "agency_officer" || !staff.agency) throw new AppError("forbidden", { message: "errors.joint.notContributor" });
  const c = await findVisibleCase(staff, reference);
  if (c.agencyId === staff.agency.id) throw new AppError("forbidden", { message: "errors.joint.notContributor" });
  if (!mayChangeContribution(c.state)) throw new AppError("conflict", { message: "errors.transition.not_allowed_in_state" });
  const now = opts.now ?? new Date();
  const note = input.note.trim();
  return db().transaction(async (tx) => {
    const [row] = await tx
      .update(caseContributions)
      .set({ state: "done", doneAt: now, doneBy: staff.staffId, doneNote: note })
      .where(and(eq(caseContributions.tipId, c.id), eq(caseContributions.agencyId, staff.agency!.id), eq(caseContributions.state, "asked")))
      .returning({ id: caseContributions.id });
    if (!row) throw new AppError("conflict", { message: "errors.joint.notAsked" });
    await appendLedger(tx, {
      chain: chainForTip(c.id),
      actor: { type: "staff", id: staff.staffId },
      action: "case.contribution_done",
      subjectType: "tip",
      subjectId: c.id,
      details: { agencyId: staff.agency!.id, contributionId: row.id },
      today: localDate(now, env().timeZone),
      now,
    });
    return { done: row.id };
  });
}
