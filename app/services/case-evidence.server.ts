import { and, eq, sql } from "drizzle-orm";
import { attachments } from "../../db/schema/index";
import type { AttachmentProblem, SanitisedAttachment } from "../lib/attachments.server";
import { db } from "../lib/db.server";
import { AppError } from "../lib/app-error";
import { prepareAttachments } from "./prepare-attachments.server";

/** The form field of evidence files on the case page. */
export { EVIDENCE_FIELD } from "../forms/case";
import { EVIDENCE_FIELD } from "../forms/case";

/** Files uploaded in a staff form, as parseFormWithFiles returned them. */
export type EvidenceUpload = { files: Buffer[]; problem?: AttachmentProblem | null };

/** Evidence the agency already attached to a case: the per-case limits count them (the tipster's files have their own). */
async function storedStaffTotals(tipId: string): Promise<{ count: number; bytes: number }> {
  const [row] = await db()
    .select({ count: sql<number>`count(*)::int`, bytes: sql<number>`coalesce(sum(${attachments.byteSize}), 0)::int` })
    .from(attachments)
    .where(and(eq(attachments.tipId, tipId), eq(attachments.origin, "staff")));
  return { count: row?.count ?? 0, bytes: row?.bytes ?? 0 };
}

/**
 * Checks and re-encodes the agency's evidence files with the same limits and sanitising as intake,
 * outside any transaction. Refusals are field errors on `evidence`.
 */
export async function prepareStaffEvidence(tipId: string, upload: EvidenceUpload | undefined): Promise<SanitisedAttachment[]> {
  if (!upload) return [];
  if (upload.problem) throw evidenceRefusal(upload.problem);
  const prepared = await prepareAttachments(upload.files, await storedStaffTotals(tipId));
  if (!prepared.ok) throw evidenceRefusal(prepared.problem);
  return prepared.files;
}

function evidenceRefusal(p: AttachmentProblem) {
  return new AppError("invalid_input", { field: EVIDENCE_FIELD, message: `errors.attachments.${p.code}`, ...(p.index !== undefined ? { params: { n: p.index + 1 } } : {}) });
}
