import { ATTACHMENT_LIMITS, type AttachmentProblem } from "./attachments.server";
import { multipartBoundary, readMultipart } from "./multipart-stream.server";
import { BODY_LIMITS, BodyRefused, countedChunks, readForm, refusalResponse } from "./request-body.server";

export const TEXT_PART_MAX_BYTES = 200_000;

export type ParsedForm = { fields: FormData } & Upload;

/** The files of a form as the reader took them: the buffered files, or why they were refused. */
export type Upload = { files: Buffer[]; problem: AttachmentProblem | null };

/**
 * The one reader of a form that may carry files (the text fields go to conform as FormData, the
 * files to the service), counted against BODY_LIMITS.withFiles as it arrives (413 past it, 400
 * when malformed: thrown as responses, see request-body.server). Files are buffered
 * up to the attachment limits and past them only drained, so the text the user typed always
 * comes through and an oversize upload is reported as a field error instead of a broken request.
 * Empty file parts (an input left blank) are dropped. A form without files is read as one.
 */
export async function parseFormWithFiles(request: Request, fileField: string): Promise<ParsedForm> {
  const boundary = multipartBoundary(request.headers.get("content-type"));
  if (!boundary) return { fields: await readForm(request, "form"), files: [], problem: null };

  const fields = new FormData();
  const files: Buffer[] = [];
  let total = 0;
  let problem: AttachmentProblem | null = null;
  try {
    await readMultipart(countedChunks(request, BODY_LIMITS.withFiles), boundary, ({ name, filename }) => {
      const chunks: Uint8Array[] = [];
      let size = 0;
      if (filename === undefined) {
        return {
          data: (chunk) => {
            size += chunk.byteLength;
            if (size > TEXT_PART_MAX_BYTES) throw new BodyRefused({ code: "too_large", limitBytes: TEXT_PART_MAX_BYTES });
            chunks.push(chunk);
          },
          end: () => fields.append(name, Buffer.concat(chunks).toString("utf8")),
        };
      }
      return {
        data: (chunk) => {
          size += chunk.byteLength;
          total += chunk.byteLength;
          if (!problem && size <= ATTACHMENT_LIMITS.maxFileBytes && total <= ATTACHMENT_LIMITS.maxTotalBytes) chunks.push(chunk);
          else chunks.length = 0; // this file will be refused: let its bytes go now
        },
        end: () => {
          if (name !== fileField || size === 0) return;
          if (!problem) {
            if (files.length >= ATTACHMENT_LIMITS.maxFiles) problem = { code: "too_many_files" };
            else if (size > ATTACHMENT_LIMITS.maxFileBytes) problem = { code: "file_too_large", index: files.length };
            else if (total > ATTACHMENT_LIMITS.maxTotalBytes) problem = { code: "total_too_large" };
          }
          if (!problem) files.push(Buffer.concat(chunks));
          chunks.length = 0;
        },
      };
    });
  } catch (e) {
    throw refusalResponse(e);
  }
  fields.delete(fileField); // an empty file input without a file name arrives as a text part
  return { fields, files, problem };
}
