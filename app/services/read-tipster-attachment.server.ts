import { and, eq } from "drizzle-orm";
import { attachments } from "../../db/schema/index";
import { decrypt } from "../lib/crypto.server";
import { db } from "../lib/db.server";
import { attachmentAad } from "./tip-content.server";

const EXT: Record<string, string> = { "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "application/pdf": "pdf" };

/** An attachment of the tipster's own tip (any other id is simply not found). */
export async function readTipsterAttachment(tipId: string, attachmentId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(attachmentId)) return null;
  const [row] = await db()
    .select()
    .from(attachments)
    .where(and(eq(attachments.id, attachmentId), eq(attachments.tipId, tipId), eq(attachments.origin, "tipster")));
  if (!row) return null;
  return {
    mediaType: row.mediaType,
    fileName: `attachment-${row.id.slice(0, 8)}.${EXT[row.mediaType] ?? "bin"}`,
    bytes: decrypt(row.contentEnc, attachmentAad(row.id)),
  };
}
