import { and, asc, eq, isNull } from "drizzle-orm";
import { agencies, attachments, tips } from "../../db/schema/index";
import type { CaseState } from "../domain/case-state";
import { insideAnyImplicatedRegion } from "../domain/conflict-of-interest";
import { mergeWarnings, type MergeWarning } from "../domain/merge-comparison";
import { localDate } from "../domain/working-days";
import { AppError, errorMessageOf, isAppError } from "../lib/app-error";
import { db } from "../lib/db.server";
import { env } from "../lib/env.server";
import { appendLedger, chainForTip } from "../lib/ledger.server";
import type { StaffContext } from "../lib/staff-session.server";
import { caseLabels, findVisibleCase, implicatedRegionsOf, transitionCase, type CaseRow } from "./case-record.server";
import { mergedIntoOf } from "./merged-tips.server";
import { decryptContent } from "./tip-content.server";

export const MERGE_REASON_MIN = 5;

/** A tip in one of these states cannot be merged into. */
const MERGE_CLOSED: readonly CaseState[] = ["merged", "rejected"];

/**
 * The checks of a merge, shared by its confirmation step and the merge itself: the target is a
 * case the desk may see, earlier, still open, and not held by an agency inside a region the
 * merged tip implicates (its text would be shown there). Of two tips filed the same day neither
 * is earlier — nothing stored orders a tipster's actions within a day
 * (docs/decisions/015-tipster-time.md) — so either may be the target: the desk decides.
 */
async function mergeTarget(staff: StaffContext, c: CaseRow, into: string) {
  let target: CaseRow;
  try {
    target = await findVisibleCase(staff, into.trim().toUpperCase());
  } catch (e) {
    if (isAppError(e) && e.code === "not_found") throw new AppError("invalid_input", { field: "into", message: "errors.merge.targetNotFound" });
    throw e;
  }
  if (target.id === c.id) throw new AppError("invalid_input", { field: "into", message: "errors.merge.self" });
  if (MERGE_CLOSED.includes(target.state)) throw new AppError("conflict", { field: "into", message: "errors.merge.targetClosed" });
  if (target.submittedOn > c.submittedOn) throw new AppError("invalid_input", { field: "into", message: "errors.merge.targetNotEarlier" });
  await refuseImplicatedHolder(c, target.agencyId);
  return target;
}

async function refuseImplicatedHolder(c: CaseRow, agencyId: string | null) {
  if (!agencyId) return;
  const [holder] = await db().select({ placeCode: agencies.placeCode }).from(agencies).where(eq(agencies.id, agencyId));
  if (holder && insideAnyImplicatedRegion(holder.placeCode, await implicatedRegionsOf(c))) throw new AppError("invalid_input", { field: "into", message: "errors.merge.implicated" });
}

/** One side of the comparison: what the tip says (decrypted) and the files it came with. */
async function summary(c: CaseRow) {
  const [labels, files] = await Promise.all([
    caseLabels(c),
    // The tip's own files (those of the thread are read there), as the case page lists them.
    db()
      .select({ id: attachments.id, mediaType: attachments.mediaType, byteSize: attachments.byteSize, addedOn: attachments.addedOn, origin: attachments.origin, messageId: attachments.messageId })
      .from(attachments)
      .where(and(eq(attachments.tipId, c.id), isNull(attachments.messageId)))
      .orderBy(asc(attachments.addedOn), asc(attachments.id)),
  ]);
  return {
    reference: c.reference,
    state: c.state,
    submittedOn: c.submittedOn,
    companyName: c.companyName,
    sector: labels.sector,
    placePath: labels.placePath,
    agency: labels.agency,
    content: decryptContent(c.id, c.contentEnc),
    attachments: files,
  };
}
export type MergeSummary = Awaited<ReturnType<typeof summary>>;

type MergePreview = { tip: MergeSummary; target: MergeSummary; warnings: MergeWarning[] };

/**
 * The confirmation step: both tips side by side (sector, place, company, dates, address, text,
 * files) and the facts on which they differ, nothing changed.
 */
async function preview(staff: StaffContext, c: CaseRow, into: string): Promise<MergePreview> {
  const target = await mergeTarget(staff, c, into);
  const [tip, joined] = await Promise.all([summary(c), summary(target)]);
  return { tip, target: joined, warnings: mergeWarnings(c, target) };
}

/**
 * The merge page of a tip: for a merged tip, the case it joined and whether the merge may still be
 * undone; otherwise, when a target is named, both tips side by side — or why that target cannot be
 * merged into (a `problem` said beside the field, not an error page).
 */
export async function mergeView(
  staff: StaffContext,
  reference: string,
  into: string | null,
): Promise<{ undo: { joined: string; mayUndo: boolean } | null; preview: MergePreview | null; problem: string | null }> {
  const none = { undo: null, preview: null, problem: null };
  const c = await findVisibleCase(staff, reference);
  const joined = c.state === "merged" ? await mergedIntoOf(staff, c) : null;
  if (joined) return { ...none, undo: { joined: joined.reference, mayUndo: joined.mayUndo } };
  if (!into) return none;
  try {
    return { ...none, preview: await preview(staff, c, into) };
  } catch (e) {
    if (isAppError(e) && e.field === "into") return { ...none, problem: errorMessageOf(e) };
    throw e;
  }
}

/**
 * Merges a tip into an earlier case on the same matter, with a reason ledgered on both chains.
 * When the two differ in sector, county or company, the desk must say it compared them and they
 * are the same matter (`sameMatter`); the differences are ledgered with the merge.
 * The earlier tip stays first (rewards go to the first valid tip); each tipster keeps their own
 * private thread, and the merged tip is shown on the case it joined.
 */
export async function mergeCase(staff: StaffContext, reference: string, opts: { into: string; reason: string; sameMatter?: boolean; now?: Date }) {
  const now = opts.now ?? new Date();
  const reason = opts.reason.trim();
  const c = await findVisibleCase(staff, reference);
  const target = await mergeTarget(staff, c, opts.into);
  if (reason.length < MERGE_REASON_MIN) throw new AppError("invalid_input", { field: "reason", message: "errors.merge.reasonRequired" });
  const warnings = mergeWarnings(c, target);
  if (warnings.length > 0 && !opts.sameMatter) throw new AppError("invalid_input", { field: "sameMatter", message: "errors.merge.sameMatterRequired" });
  // What differed, on both chains (nothing when the facts agree).
  const differs = warnings.length ? { differs: warnings } : {};
  await db().transaction(async (tx) => {
    // The target may have been routed since it was checked: look again under a row lock.
    const [current] = await tx.select({ state: tips.state, agencyId: tips.agencyId }).from(tips).where(eq(tips.id, target.id)).for("update");
    if (!current || MERGE_CLOSED.includes(current.state)) throw new AppError("conflict", { field: "into", message: "errors.merge.targetClosed" });
    await refuseImplicatedHolder(c, current.agencyId);
    await transitionCase(tx, { staff, tip: c, action: "merge", now, changes: { mergedIntoId: target.id, dueOn: null, claimedBy: null, claimedAt: null }, details: { into: target.reference, reason, ...differs } });
    await appendLedger(tx, {
      chain: chainForTip(target.id),
      actor: { type: "staff", id: staff.staffId },
      action: "case.merged_in",
      subjectType: "tip",
      subjectId: target.id,
      details: { merged: c.reference, reason, ...differs },
      today: localDate(now, env().timeZone),
      now,
    });
  });
}
