import { and, eq } from "drizzle-orm";
import sharp from "sharp";
import { attachments, tips } from "../../db/schema/index";
import { decrypt } from "../lib/crypto.server";
import { db } from "../lib/db.server";
import type { StaffContext } from "../lib/staff-session.server";
import { visibleTips } from "./case-visibility.server";
import { attachmentAad } from "./tip-content.server";

const EXT: Record<string, string> = { "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "application/pdf": "pdf" };

/** An attachment of a tip the staff member may read (a case they see, or a tip merged into one); anything else is not found. */
export async function readStaffAttachment(staff: StaffContext, attachmentId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(attachmentId)) return null;
  const [row] = await db()
    .select({ id: attachments.id, mediaType: attachments.mediaType, contentEnc: attachments.contentEnc, reference: tips.reference })
    .from(attachments)
    .innerJoin(tips, eq(tips.id, attachments.tipId))
    .where(and(eq(attachments.id, attachmentId), visibleTips(staff)));
  if (!row) return null;
  return {
    mediaType: row.mediaType,
    fileName: `${row.reference}-${row.id.slice(0, 8)}.${EXT[row.mediaType] ?? "bin"}`,
    bytes: decrypt(row.contentEnc, attachmentAad(row.id)),
  };
}

/** A safe preview of an image attachment: re-encoded again, small, as JPEG. */
export async function previewStaffAttachment(staff: StaffContext, attachmentId: string): Promise<Buffer | null> {
  const file = await readStaffAttachment(staff, attachmentId);
  if (!file || !file.mediaType.startsWith("image/")) return null;
  return sharp(file.bytes, { limitInputPixels: 100_000_000 }).rotate().resize({ width: 640, height: 640, fit: "inside", withoutEnlargement: true }).jpeg({ quality: 80 }).toBuffer();
}
