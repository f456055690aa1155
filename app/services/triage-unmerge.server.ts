import { and, desc, eq, sql } from "drizzle-orm";
import { ledgerEntries, tips } from "../../db/schema/index";
import { checkTransition, type CaseState } from "../domain/case-state";
import { mayUndoMerge } from "../domain/merge-undo";
import { localDate } from "../domain/working-days";
import { AppError } from "../lib/app-error";
import { db, type Executor } from "../lib/db.server";
import { env } from "../lib/env.server";
import { appendLedger, chainForTip } from "../lib/ledger.server";
import { deadlineFrom } from "../lib/rules.server";
import type { StaffContext } from "../lib/staff-session.server";
import { findVisibleCase } from "./case-record.server";
import { mergedIntoOf } from "./merged-tips.server";
import { MERGE_REASON_MIN } from "./triage-merge.server";

/**
 * The state the tip was in when it was merged: the merge's ledger entry holds it (`from`). A
 * merge made before merges were ledgered has none; such a tip was waiting at the desk, and a
 * returned one is told apart by its agency return (the return's own ledger entry).
 */
async function stateBeforeMerge(tx: Executor, tipId: string): Promise<string> {
  const [merge] = await tx
    .select({ details: ledgerEntries.details })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.chain, chainForTip(tipId)), eq(ledgerEntries.action, "case.merge")))
    .orderBy(desc(ledgerEntries.seq))
    .limit(1);
  const from = (merge?.details as { from?: unknown } | undefined)?.from;
  if (typeof from === "string") return from;
  const [returned] = await tx
    .select({ one: sql<number>`1` })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.chain, chainForTip(tipId)), eq(ledgerEntries.action, "case.return")))
    .limit(1);
  return returned ? "returned" : "submitted";
}

/**
 * Undoes a merge (the desk, on a tip it may see): the tip goes back to the state it had before
 * (waiting at the desk, or returned), no longer merged into the case it joined, with a new triage
 * deadline as a returned tip gets; a reason, and a ledger entry on both chains. Possible until
 * the joined case is concluded (`mayUndoMerge`); checked again under row locks, so a conclusion
 * made meanwhile refuses it (conflict).
 */
export async function unmergeCase(staff: StaffContext, reference: string, opts: { reason: string; now?: Date }) {
  const now = opts.now ?? new Date();
  const reason = opts.reason.trim();
  if (reason.length < MERGE_REASON_MIN) throw new AppError("invalid_input", { field: "reason", message: "errors.unmerge.reasonRequired" });
  const c = await findVisibleCase(staff, reference);
  const joinedId = c.mergedIntoId;
  if (c.state !== "merged" || !joinedId) throw new AppError("conflict", { message: "errors.unmerge.notMerged" });
  const today = localDate(now, env().timeZone);
  const dueOn = await deadlineFrom(today, "triage");
  return db().transaction(async (tx) => {
    // Both rows locked and read again: a conclusion of the joined case (or another undo) made meanwhile is seen here.
    const [tip] = await tx.select({ state: tips.state, version: tips.version, mergedIntoId: tips.mergedIntoId }).from(tips).where(eq(tips.id, c.id)).for("update");
    if (!tip || tip.state !== "merged" || tip.mergedIntoId !== joinedId) throw new AppError("conflict", { message: "errors.unmerge.notMerged" });
    const [joined] = await tx.select({ id: tips.id, reference: tips.reference, state: tips.state }).from(tips).where(eq(tips.id, joinedId)).for("update");
    if (!joined || !mayUndoMerge(joined.state)) throw new AppError("conflict", { message: "errors.unmerge.concluded" });

    const before = await stateBeforeMerge(tx, c.id);
    const check = checkTransition(tip.state, "unmerge", staff.role, before);
    if (!check.ok) throw new AppError(check.problem === "not_allowed_in_state" ? "conflict" : "forbidden", { message: `errors.transition.${check.problem}` });
    const to: CaseState = check.to;
    const updated = await tx
      .update(tips)
      .set({ state: to, mergedIntoId: null, dueOn, overdueSince: null, claimedBy: null, claimedAt: null, version: sql`${tips.version} + 1` })
      .where(and(eq(tips.id, c.id), eq(tips.version, tip.version)))
      .returning({ id: tips.id });
    if (updated.length === 0) throw new AppError("conflict", { message: "errors.transition.stale" });

    const actor = { type: "staff" as const, id: staff.staffId };
    await appendLedger(tx, {
      chain: chainForTip(c.id),
      actor,
      action: "case.unmerged",
      subjectType: "tip",
      subjectId: c.id,
      details: { from: tip.state, to, joined: joined.reference, reason, dueOn },
      today,
      now,
    });
    await appendLedger(tx, {
      chain: chainForTip(joined.id),
      actor,
      action: "case.unmerged_out",
      subjectType: "tip",
      subjectId: joined.id,
      details: { merged: c.reference, reason },
      today,
      now,
    });
    return { state: to, dueOn, joined: joined.reference };
  });
}

/**
 * The undo's page: for a merged tip the desk sees, the case it joined and whether the merge may
 * still be undone; null when the tip is not merged (the page then offers the merge itself).
 */
export async function unmergeView(staff: StaffContext, reference: string): Promise<{ joined: string; mayUndo: boolean } | null> {
  const c = await findVisibleCase(staff, reference);
  if (c.state !== "merged") return null;
  const into = await mergedIntoOf(staff, c);
  return into ? { joined: into.reference, mayUndo: into.mayUndo } : null;
}
