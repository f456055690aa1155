import type { CaseState } from "../domain/case-state";
import { localDate } from "../domain/working-days";
import { AppError } from "../lib/app-error";
import { db } from "../lib/db.server";
import { env } from "../lib/env.server";
import { appendLedger, chainForTip } from "../lib/ledger.server";
import type { StaffContext } from "../lib/staff-session.server";
import { findVisibleCase } from "./case-record.server";
import { EVIDENCE_FIELD, prepareStaffEvidence, type EvidenceUpload } from "./case-evidence.server";
import { storeAttachments } from "./store-attachments.server";

/** States in which the agency handling the case may add evidence of its own. */
export const EVIDENCE_STATES: readonly CaseState[] = ["accepted", "investigating", "concluded", "rectifying", "verified"];

/** The agency attaches evidence (inspection photos, records) to its case: origin "staff", same limits as intake. */
export async function addCaseEvidence(staff: StaffContext, reference: string, upload: EvidenceUpload, opts: { now?: Date } = {}) {
  if (staff.role !== "agency_officer") throw new AppError("forbidden", { message: "errors.transition.not_allowed_for_actor" });
  const c = await findVisibleCase(staff, reference);
  if (!EVIDENCE_STATES.includes(c.state)) throw new AppError("conflict", { message: "errors.transition.not_allowed_in_state" });
  const files = await prepareStaffEvidence(c.id, upload);
  if (files.length === 0) throw new AppError("invalid_input", { field: EVIDENCE_FIELD, message: "errors.evidence.required" });
  const now = opts.now ?? new Date();
  const today = localDate(now, env().timeZone);
  await db().transaction(async (tx) => {
    await storeAttachments(tx, { tipId: c.id, origin: "staff", files, today });
    await appendLedger(tx, {
      chain: chainForTip(c.id),
      actor: { type: "staff", id: staff.staffId },
      action: "case.evidence_added",
      subjectType: "tip",
      subjectId: c.id,
      details: { attachments: files.length },
      today,
      now,
    });
  });
  return { stored: files.length };
}
