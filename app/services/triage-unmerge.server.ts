import { and, desc, eq } from "drizzle-orm";
import { ledgerEntries, tips } from "../../db/schema/index";
import { mayUndoMerge } from "../domain/merge-undo";
import { localDate } from "../domain/working-days";
import { AppError } from "../lib/app-error";
import { db, type Executor } from "../lib/db.server";
import { env } from "../lib/env.server";
import { appendLedger, chainForTip } from "../lib/ledger.server";
import { deadlineFrom } from "../lib/rules.server";
import type { StaffContext } from "../lib/staff-session.server";
import { findVisibleCase, transitionCase } from "./case-record.server";
import { MERGE_REASON_MIN } from "./triage-merge.server";

/** The state the tip was in when it was merged: the merge's ledger entry holds it (`from`, written by transitionCase). */
async function stateBeforeMerge(tx: Executor, tipId: string): Promise<string | undefined> {
  const [merge] = await tx
    .select({ details: ledgerEntries.details })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.chain, chainForTip(tipId)), eq(ledgerEntries.action, "case.merge")))
    .orderBy(desc(ledgerEntries.seq))
    .limit(1);
  const from = (merge?.details as { from?: unknown } | undefined)?.from;
  return typeof from === "string" ? from : undefined;
}

/**
 * Undoes a merge (the desk, on a tip it may see): the `unmerge` transition back to the state the
 * tip had before (waiting at the desk, or returned), no longer merged into the case it joined,
 * with a new triage deadline as a returned tip gets; a reason, and a ledger entry on both chains.
 * Possible until the joined case is concluded (`mayUndoMerge`): the joined row is locked first (as
 * a merge locks it), so a conclusion made meanwhile is seen and refuses it (conflict).
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
    const [joined] = await tx.select({ id: tips.id, reference: tips.reference, state: tips.state }).from(tips).where(eq(tips.id, joinedId)).for("update");
    if (!joined || !mayUndoMerge(joined.state)) throw new AppError("conflict", { message: "errors.unmerge.concluded" });
    // The tip's own version guards it: another undo made meanwhile makes this one stale.
    const to = await transitionCase(tx, {
      staff,
      tip: c,
      action: "unmerge",
      before: await stateBeforeMerge(tx, c.id),
      now,
      changes: { mergedIntoId: null, dueOn, overdueSince: null },
      details: { joined: joined.reference, reason, dueOn },
    });
    await appendLedger(tx, {
      chain: chainForTip(joined.id),
      actor: { type: "staff", id: staff.staffId },
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
