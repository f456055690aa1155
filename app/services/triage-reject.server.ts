import type { RejectionReason } from "../domain/case-state";
import { localDate } from "../domain/working-days";
import { encrypt } from "../lib/crypto.server";
import { AppError } from "../lib/app-error";
import { db } from "../lib/db.server";
import { env } from "../lib/env.server";
import type { StaffContext } from "../lib/staff-session.server";
import { findVisibleCase, transitionCase } from "./case-record.server";
import { confirmClaimOverride } from "./triage-claim.server";
/** Rejects a tip with a reason the tipster sees (and, for out of scope, where to go instead). */
export async function rejectCase(staff: StaffContext, reference: string, opts: { reason: RejectionReason; noteToTipster?: string; decideAnyway?: boolean; now?: Date }) {
  const c = await findVisibleCase(staff, reference);
  await confirmClaimOverride(staff, c, opts.decideAnyway, opts.now);
  const note = opts.noteToTipster?.trim() ?? "";
  if (opts.reason === "out_of_scope" && note.length < 5) throw new AppError("invalid_input", { field: "noteToTipster", message: "errors.reject.whereInstead" });
  await db().transaction(async (tx) => {
    await transitionCase(tx, {
      staff,
      tip: c,
      action: "reject",
      now: opts.now,
      changes: { rejectionReason: opts.reason, rejectionNoteEnc: note ? encrypt(note, `tip:${c.id}:rejection`) : null, dueOn: null, claimedBy: null, claimedAt: null },
      details: { reason: opts.reason, decidedOn: localDate(opts.now ?? new Date(), env().timeZone) },
    });
  });
}
