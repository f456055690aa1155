import { and, asc, inArray } from "drizzle-orm";
import { attachments, tipMessages, tips } from "../../db/schema/index";
import { decrypt } from "../lib/crypto.server";
import { db } from "../lib/db.server";
import type { StaffContext } from "../lib/staff-session.server";
import { mergedTipIds } from "./case-record.server";
import { visibleTips } from "./case-visibility.server";
import { decryptContent, messageAad } from "./tip-content.server";

/**
 * The tips merged into a case, as whoever may see that case reads them: each one's text, files
 * and its own thread with its tipster (read-only here). A merged tip that implicates the viewer's
 * region is left out entirely (`canSeeMergedTip`).
 */
export async function mergedTipsOf(staff: StaffContext, caseId: string) {
  const mergedIds = await mergedTipIds(caseId);
  if (mergedIds.length === 0) return [];
  const rows = await db()
    .select({ id: tips.id, reference: tips.reference, submittedOn: tips.submittedOn, companyName: tips.companyName, contentEnc: tips.contentEnc })
    .from(tips)
    .where(and(inArray(tips.id, mergedIds), visibleTips(staff)))
    .orderBy(asc(tips.submittedOn), asc(tips.referenceSeq));
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [files, messages] = await Promise.all([
    db()
      .select({
        id: attachments.id,
        tipId: attachments.tipId,
        mediaType: attachments.mediaType,
        byteSize: attachments.byteSize,
        addedOn: attachments.addedOn,
        origin: attachments.origin,
        messageId: attachments.messageId,
      })
      .from(attachments)
      .where(inArray(attachments.tipId, ids))
      .orderBy(asc(attachments.addedOn), asc(attachments.id)),
    db().select().from(tipMessages).where(inArray(tipMessages.tipId, ids)).orderBy(asc(tipMessages.id)),
  ]);
  return rows.map((r) => ({
    reference: r.reference,
    submittedOn: r.submittedOn,
    companyName: r.companyName,
    content: decryptContent(r.id, r.contentEnc),
    attachments: files.filter((f) => f.tipId === r.id).map(({ tipId: _tipId, ...f }) => f),
    messages: messages.filter((m) => m.tipId === r.id).map((m) => ({ id: m.id, author: m.author, body: decrypt(m.bodyEnc, messageAad(r.id)).toString("utf8"), sentOn: m.sentOn })),
  }));
}
export type MergedTip = Awaited<ReturnType<typeof mergedTipsOf>>[number];
