import { eq } from "drizzle-orm";
import { caseOutcomes } from "../../db/schema/index";
import { localDate } from "../domain/working-days";
import { AppError } from "../lib/app-error";
import { db } from "../lib/db.server";
import { env } from "../lib/env.server";
import type { StaffContext } from "../lib/staff-session.server";
import { EVIDENCE_FIELD, prepareStaffEvidence, type EvidenceUpload } from "./case-evidence.server";
import { findVisibleCase, transitionCase } from "./case-record.server";
import { storeAttachments } from "./store-attachments.server";

/**
 * The agency checks the rectification (rectifying → verified): a note of what was checked and at
 * least one evidence file, uploaded with the same form and stored in the same transaction.
 */
export async function verifyRectification(staff: StaffContext, reference: string, opts: { note: string; evidence?: EvidenceUpload; now?: Date }) {
  const note = opts.note.trim();
  if (note.length < 5) throw new AppError("invalid_input", { field: "note", message: "errors.verify.noteRequired" });
  if (note.length > 2000) throw new AppError("invalid_input", { field: "note", message: "errors.text.tooLong.2000" });
  const c = await findVisibleCase(staff, reference);
  const files = await prepareStaffEvidence(c.id, opts.evidence);
  if (files.length === 0) throw new AppError("invalid_input", { field: EVIDENCE_FIELD, message: "errors.verify.evidenceRequired" });
  const now = opts.now ?? new Date();
  const today = localDate(now, env().timeZone);
  await db().transaction(async (tx) => {
    await transitionCase(tx, { staff, tip: c, action: "verify_rectification", now, changes: { dueOn: null }, details: { attachments: files.length } });
    const updated = await tx.update(caseOutcomes).set({ verificationNote: note, verifiedOn: today }).where(eq(caseOutcomes.tipId, c.id)).returning({ tipId: caseOutcomes.tipId });
    if (updated.length === 0) throw new Error(`case ${c.reference} is rectifying without an outcome record`);
    await storeAttachments(tx, { tipId: c.id, origin: "staff", files, today });
  });
}
