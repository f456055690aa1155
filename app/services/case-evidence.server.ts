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
 * The refusal of an upload the limits or the sanitiser turned down, on the form field of the files;
 * the file's number (from 1) is the message's {n}.
 */
export function attachmentRefusal(problem: AttachmentProblem, field: string): AppError {
  return new AppError("invalid_input", { field, message: `errors.attachments.${problem.code}`, params: problem.index !== undefined ? { n: problem.index + 1 } : undefined });
}

/**
 * Checks and re-encodes the agency's evidence files with the same limits and sanitising as intake,
 * outside any transaction. Refusals are field errors on `evidence`.
 */
export async function prepareStaffEvidence(tipId: string, upload: EvidenceUpload | undefined): Promise<SanitisedAttachment[]> {
  if (!upload) return [];
  if (upload.problem) throw attachmentRefusal(upload.problem, EVIDENCE_FIELD);
  const prepared = await prepareAttachments(upload.files, await storedStaffTotals(tipId));
  if (!prepared.ok) throw attachmentRefusal(prepared.problem, EVIDENCE_FIELD);
  return prepared.files;
}

