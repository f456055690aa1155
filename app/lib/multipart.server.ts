import {
  unstable_composeUploadHandlers,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from "@remix-run/node";
import { ATTACHMENT_LIMITS, type AttachmentProblem } from "./attachments.server";

export const TEXT_PART_MAX_BYTES = 200_000;

export type ParsedForm = { fields: FormData; files: Buffer[]; problem: AttachmentProblem | null };

/**
 * Reads a form that may carry files. Files are buffered up to the limits and past them only
 * drained, so the text the user typed always comes through and an oversize upload is reported
 * as a field error instead of a broken request. Empty file parts (an input left blank) are dropped.
 */
export async function parseFormWithFiles(request: Request, fileField: string): Promise<ParsedForm> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.startsWith("multipart/form-data")) return { fields: await request.formData(), files: [], problem: null };

  const files: Buffer[] = [];
  let total = 0;
  let problem: AttachmentProblem | null = null;
  const fileHandler: UploadHandler = async ({ name, filename, data }) => {
    if (filename === undefined) return undefined; // a text field: next handler
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of data) {
      size += chunk.byteLength;
      total += chunk.byteLength;
      if (!problem && size <= ATTACHMENT_LIMITS.maxFileBytes && total <= ATTACHMENT_LIMITS.maxTotalBytes) chunks.push(chunk);
    }
    if (name !== fileField || size === 0) return "";
    if (!problem) {
      if (files.length >= ATTACHMENT_LIMITS.maxFiles) problem = { code: "too_many_files" };
      else if (size > ATTACHMENT_LIMITS.maxFileBytes) problem = { code: "file_too_large", index: files.length };
      else if (total > ATTACHMENT_LIMITS.maxTotalBytes) problem = { code: "total_too_large" };
    }
    if (!problem) files.push(Buffer.concat(chunks));
    return "";
  };
  const fields = await unstable_parseMultipartFormData(
    request,
    unstable_composeUploadHandlers(fileHandler, unstable_createMemoryUploadHandler({ maxPartSize: TEXT_PART_MAX_BYTES })),
  );
  fields.delete(fileField);
  return { fields, files, problem };
}

/** The text fields as a plain object (the first value of each), for the zod schemas. */
export function formValues(fields: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of fields.entries()) if (typeof v === "string" && !(k in out)) out[k] = v;
  return out;
}
