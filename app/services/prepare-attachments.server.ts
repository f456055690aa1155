import { ATTACHMENT_LIMITS, DecodeBudget, checkAttachmentLimits, sanitiseAttachment, type AttachmentProblem, type SanitisedAttachment } from "../lib/attachments.server";

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

export { ATTACHMENT_LIMITS };
