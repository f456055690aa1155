import { AppError } from "../lib/app-error";
import { ATTACHMENT_LIMITS, DecodeBudget, checkAttachmentLimits, sanitiseAttachment, type AttachmentProblem, type SanitisedAttachment } from "../lib/attachments.server";
import type { Upload } from "../lib/multipart.server";

/**
 * Checks the limits, then re-encodes every file (outside any transaction: it is CPU work).
 * Empty parts (a file input left blank) are ignored.
 */
export async function prepareAttachments(
  uploads: Buffer[],
  alreadyStored?: { count: number; bytes: number },
): Promise<{ ok: true; files: SanitisedAttachment[] } | { ok: false; problem: AttachmentProblem }> {
  const nonEmpty = uploads.filter((b) => b.length > 0);
  const limit = checkAttachmentLimits(
    nonEmpty.map((b) => b.length),
    alreadyStored,
  );
  if (limit) return { ok: false, problem: limit };
  const files: SanitisedAttachment[] = [];
  const budget = new DecodeBudget(); // one request's decoding, all its files together
  for (const [index, bytes] of nonEmpty.entries()) {
    const r = await sanitiseAttachment(bytes, budget);
    if (!r.ok) return { ok: false, problem: { ...r.problem, index } };
    files.push(r.file);
  }
  return { ok: true, files };
}

/** A refused file as the refusal of the form field it came in (the file's number from 1). */
export function attachmentRefusal(problem: AttachmentProblem, field: string): AppError {
  return new AppError("invalid_input", {
    field,
    message: `errors.attachments.${problem.code}`,
    ...(problem.index !== undefined ? { params: { n: problem.index + 1 } } : {}),
  });
}

/**
 * The files of a form, re-encoded, or the refusal (AppError on `field`) of the first that may
 * not be stored: the reader's problem (too many, too large) or the sanitiser's.
 */
export async function acceptUpload(upload: Upload, field: string, alreadyStored?: { count: number; bytes: number }): Promise<SanitisedAttachment[]> {
  if (upload.problem) throw attachmentRefusal(upload.problem, field);
  const prepared = await prepareAttachments(upload.files, alreadyStored);
  if (!prepared.ok) throw attachmentRefusal(prepared.problem, field);
  return prepared.files;
}

export { ATTACHMENT_LIMITS };
