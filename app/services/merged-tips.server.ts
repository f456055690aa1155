import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { attachments, tipMessages, tips } from "../../db/schema/index";
import { mayUndoMerge } from "../domain/merge-undo";
import { can } from "../domain/permissions";
import { decrypt } from "../lib/crypto.server";
import { db } from "../lib/db.server";
import type { StaffContext } from "../lib/staff-session.server";
import { mergedTipIds, type CaseRow } from "./case-record.server";
import { visibleCases, visibleTips } from "./case-visibility.server";
import { decryptContent, messageAad } from "./tip-content.server";

/**
 * The tips merged into a case, as whoever may see that case reads them: each one's text, files
 * and its own thread with its tipster (read-only here). A merged tip that implicates the viewer's
 * region is left out entirely (`canSeeMergedTip`).
 */
export async function mergedTipsOf(staff: StaffContext, joined: Pick<CaseRow, "id" | "state">) {
  const mergedIds = await mergedTipIds(joined.id);
  if (mergedIds.length === 0) return [];
  const rows = await db()
      .select({
        id: tips.id,
        reference: tips.reference,
        submittedOn: tips.submittedOn,
        companyName: tips.companyName,
        contentEnc: tips.contentEnc,
        // The desk that may decide on the merged tip itself (not only read it here) may undo its merge.
        deskSees: sql<boolean>`${visibleCases(staff)}`,
      })
      .from(tips)
      .where(and(inArray(tips.id, mergedIds), visibleTips(staff)))
      .orderBy(asc(tips.submittedOn), asc(tips.referenceSeq));
  if (rows.length === 0) return [];
  const undoOpen = mayUndo(staff, joined.state);
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
    mayUndo: undoOpen && r.deskSees === true,
    content: decryptContent(r.id, r.contentEnc),
    attachments: files.filter((f) => f.tipId === r.id).map(({ tipId: _tipId, ...f }) => f),
    messages: messages.filter((m) => m.tipId === r.id).map((m) => ({ id: m.id, author: m.author, body: decrypt(m.bodyEnc, messageAad(r.id)).toString("utf8"), sentOn: m.sentOn })),
  }));
}
export type MergedTip = Awaited<ReturnType<typeof mergedTipsOf>>[number];

/**
 * For the page of a merged tip: the case it joined, and whether this viewer may undo the merge
 * (the desk that sees the tip, while the joined case is not concluded).
 */
export async function mergedIntoOf(staff: StaffContext, tip: { mergedIntoId: string | null }) {
  if (!tip.mergedIntoId) return null;
  const [joined] = await db().select({ reference: tips.reference, state: tips.state }).from(tips).where(eq(tips.id, tip.mergedIntoId));
  if (!joined) return null;
  return { reference: joined.reference, mayUndo: mayUndo(staff, joined.state) };
}

/** The desk may undo a merge while the case the tip joined is not concluded. */
function mayUndo(staff: StaffContext, joinedState: string): boolean {
  return can(staff.role, "triage.decide") && mayUndoMerge(joinedState);
}
