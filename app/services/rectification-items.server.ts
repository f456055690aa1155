import { and, asc, eq, sql } from "drizzle-orm";
import { caseOutcomes, rectificationItemEvidence, rectificationItems, staffAccounts, tips } from "../../db/schema/index";
import { findPersonalData } from "../domain/public-summary";
import { caseDueOnFromItems, checkItemTransition, closeOutReady, itemDueOn, type RectificationItemAction } from "../domain/rectification-item-state";
import { localDate } from "../domain/working-days";
import type { ItemExtendInput, RectificationItemInput } from "../forms/rectification";
import { AppError } from "../lib/app-error";
import { db, type Executor } from "../lib/db.server";
import { env } from "../lib/env.server";
import { appendLedger, chainForTip } from "../lib/ledger.server";
import type { StaffContext } from "../lib/staff-session.server";
import { EVIDENCE_FIELD, prepareStaffEvidence, type EvidenceUpload } from "./case-evidence.server";
import { findHandledCase, transitionCase, type CaseRow } from "./case-record.server";
import { storeAttachments } from "./store-attachments.server";

/**
 * The rectification items (整改清单 + 责任清单) of an outcome that orders rectification
 * (docs/decisions/037): recorded with the conclusion, each verified on its own or extended once,
 * the last verification taking the case's `verify_rectification` transition. While the case is
 * rectifying its deadline (`tips.due_on`) is the earliest deadline in force among the items not
 * yet verified, so an item past its deadline marks the case overdue and is escalated by the one
 * existing path (escalate-overdue.server.ts), once per deadline however many workers run.
 */

export type OrderedItem = RectificationItemInput & { checkingOfficerId: string };

const itemField = (i: number, f: string) => `items[${i}].${f}`;

/** The conclusion's item rows against the rules that need no database: 1..N with rectification, none without, each due after today, nothing that identifies a person. */
export function checkOrderedItems(ordered: boolean, items: readonly RectificationItemInput[], today: string) {
  if (ordered && items.length === 0) throw new AppError("invalid_input", { field: itemField(0, "action"), message: "errors.rectification.itemsRequired" });
  if (!ordered && items.length > 0) throw new AppError("invalid_input", { field: "rectificationOrdered", message: "errors.rectification.itemsWithoutRectification" });
  items.forEach((item, i) => {
    if (item.dueOn <= today) throw new AppError("invalid_input", { field: itemField(i, "dueOn"), message: "errors.conclude.deadlineNotAfterToday" });
    const found = findPersonalData(item.action);
    if (found[0]) throw new AppError("invalid_input", { field: itemField(i, "action"), message: `errors.publicSummary.${found[0].kind}`, params: { n: found[0].match } });
  });
}

/** The latest deadline of the items (the outcome's own rectification deadline). */
export function latestDueOn(items: readonly { dueOn: string }[]): string | null {
  return items.length ? items.map((i) => i.dueOn).reduce((a, b) => (b > a ? b : a)) : null;
}

/** The officers who may check an item: the active agency officers of the agency holding the case. */
export async function checkingOfficersOf(agencyId: string | null, executor: Executor = db()) {
  if (!agencyId) return [];
  return executor
    .select({ id: staffAccounts.id, displayName: staffAccounts.displayName })
    .from(staffAccounts)
    .where(and(eq(staffAccounts.agencyId, agencyId), eq(staffAccounts.role, "agency_officer"), eq(staffAccounts.active, true)))
    .orderBy(asc(staffAccounts.displayName));
}

/** Each item's checking officer: the one chosen, who must be an active officer of the holding agency; else the concluding officer. */
export async function resolveCheckingOfficers(staff: StaffContext, c: Pick<CaseRow, "agencyId">, items: readonly RectificationItemInput[]): Promise<OrderedItem[]> {
  const officers = new Set((await checkingOfficersOf(c.agencyId)).map((o) => o.id));
  return items.map((item, i) => {
    const officer = item.checkingOfficerId ?? staff.staffId;
    if (!officers.has(officer)) throw new AppError("invalid_input", { field: itemField(i, "checkingOfficerId"), message: "errors.rectification.officerRequired" });
    return { ...item, checkingOfficerId: officer };
  });
}

/** The conclusion's items, in its transaction: a reopened case concluded again replaces the earlier list (the ledger keeps it). */
export async function replaceRectificationItems(tx: Executor, opts: { staff: StaffContext; tipId: string; items: readonly OrderedItem[]; today: string; now: Date }) {
  await tx.delete(rectificationItems).where(eq(rectificationItems.tipId, opts.tipId));
  if (opts.items.length === 0) return;
  await tx.insert(rectificationItems).values(
    opts.items.map((item, i) => ({
      tipId: opts.tipId,
      position: i + 1,
      action: item.action,
      responsibleRole: item.responsibleRole,
      checkingOfficerId: item.checkingOfficerId,
      dueOn: item.dueOn,
    }))
  );
  for (const [i, item] of opts.items.entries())
    await appendLedger(tx, {
      chain: chainForTip(opts.tipId),
      actor: { type: "staff", id: opts.staff.staffId },
      action: "case.rectification_item_ordered",
      subjectType: "tip",
      subjectId: opts.tipId,
      details: { position: i + 1, dueOn: item.dueOn, responsibleRole: item.responsibleRole },
      today: opts.today,
      now: opts.now,
    });
}

type ItemRow = typeof rectificationItems.$inferSelect;

/**
 * The case (lead side only) and, inside `tx`, its items locked, with the case row read again
 * under the lock: two item decisions on one case take their turns, and the last one sees the
 * others' versions.
 */
async function lockedItems(tx: Executor, c: CaseRow, position: number, action: RectificationItemAction, staff: StaffContext) {
  const items = await tx.select().from(rectificationItems).where(eq(rectificationItems.tipId, c.id)).orderBy(asc(rectificationItems.position)).for("update");
  const [fresh] = await tx.select().from(tips).where(eq(tips.id, c.id));
  if (!fresh || fresh.state !== "rectifying") throw new AppError("conflict", { message: "errors.transition.not_allowed_in_state" });
  const item = items.find((i) => i.position === position);
  if (!item) throw new AppError("not_found");
  const check = checkItemTransition(item.state, action, staff.role);
  if (!check.ok) {
    if (check.problem === "not_allowed_for_actor") throw new AppError("forbidden", { message: "errors.transition.not_allowed_for_actor" });
    throw new AppError("conflict", { message: action === "extend" && item.state === "extended" ? "errors.rectification.extendedOnce" : "errors.rectification.notOpen" });
  }
  return { items, item, fresh, to: check.to };
}

/** The case's deadline after an item changed: the earliest deadline still in force; the version bumped as for any change of the case. */
async function followItems(tx: Executor, tipId: string, items: readonly ItemRow[]) {
  await tx
    .update(tips)
    .set({ dueOn: caseDueOnFromItems(items), version: sql`${tips.version} + 1` })
    .where(eq(tips.id, tipId));
}

/**
 * An item checked (整改核查): a note of what was checked and at least one evidence file, sanitised
 * as any case evidence and linked to the item. The last item verified verifies the case
 * (rectifying → verified, the state machine's `verify_rectification`) in the same transaction.
 */
export async function verifyRectificationItem(staff: StaffContext, reference: string, opts: { position: number; note: string; evidence?: EvidenceUpload; now?: Date }) {
  const note = opts.note.trim();
  if (note.length < 5) throw new AppError("invalid_input", { field: "note", message: "errors.verify.noteRequired" });
  if (note.length > 2000) throw new AppError("invalid_input", { field: "note", message: "errors.text.tooLong.2000" });
  const c = await findHandledCase(staff, reference);
  const files = await prepareStaffEvidence(c.id, opts.evidence);
  if (files.length === 0) throw new AppError("invalid_input", { field: EVIDENCE_FIELD, message: "errors.verify.evidenceRequired" });
  const now = opts.now ?? new Date();
  const today = localDate(now, env().timeZone);
  return db().transaction(async (tx) => {
    const { items, item, fresh, to } = await lockedItems(tx, c, opts.position, "verify", staff);
    await tx.update(rectificationItems).set({ state: to, verificationNote: note, verifiedBy: staff.staffId, verifiedOn: today }).where(eq(rectificationItems.id, item.id));
    const ids = await storeAttachments(tx, { tipId: c.id, origin: "staff", files, today });
    await tx.insert(rectificationItemEvidence).values(ids.map((attachmentId) => ({ itemId: item.id, attachmentId })));
    await appendLedger(tx, {
      chain: chainForTip(c.id),
      actor: { type: "staff", id: staff.staffId },
      action: "case.rectification_item_verified",
      subjectType: "tip",
      subjectId: c.id,
      details: { position: item.position, attachments: files.length },
      today,
      now,
    });
    const after = items.map((i) => (i.id === item.id ? { ...i, state: to } : i));
    if (!closeOutReady(after)) {
      await followItems(tx, c.id, after);
      return { caseVerified: false };
    }
    // Close-out rule met: the case's own transition, as the single verification took it before items.
    await transitionCase(tx, { staff, tip: fresh, action: "verify_rectification", now, changes: { dueOn: null }, details: { attachments: files.length, items: after.length } });
    const updated = await tx.update(caseOutcomes).set({ verificationNote: note, verifiedOn: today }).where(eq(caseOutcomes.tipId, c.id)).returning({ tipId: caseOutcomes.tipId });
    if (updated.length === 0) throw new Error(`case ${c.reference} is rectifying without an outcome record`);
    return { caseVerified: true };
  });
}

/** An item's one extension (延期): a new deadline after its current one and after today, with a reason (the tipster sees the new date). */
export async function extendRectificationItem(staff: StaffContext, reference: string, input: ItemExtendInput & { position: number }, opts: { now?: Date } = {}) {
  const reason = input.reason.trim();
  const now = opts.now ?? new Date();
  const today = localDate(now, env().timeZone);
  if (input.dueOn <= today) throw new AppError("invalid_input", { field: "dueOn", message: "errors.conclude.deadlineNotAfterToday" });
  const c = await findHandledCase(staff, reference);
  await db().transaction(async (tx) => {
    const { items, item, to } = await lockedItems(tx, c, input.position, "extend", staff);
    if (input.dueOn <= itemDueOn(item)) throw new AppError("invalid_input", { field: "dueOn", message: "errors.rectification.extendLater" });
    await tx.update(rectificationItems).set({ state: to, extendedDueOn: input.dueOn, extensionReason: reason, extendedBy: staff.staffId, extendedAt: now }).where(eq(rectificationItems.id, item.id));
    await appendLedger(tx, {
      chain: chainForTip(c.id),
      actor: { type: "staff", id: staff.staffId },
      action: "case.rectification_item_extended",
      subjectType: "tip",
      subjectId: c.id,
      details: { position: item.position, dueOn: item.dueOn, newDueOn: input.dueOn, reason },
      today,
      now,
    });
    await followItems(
      tx,
      c.id,
      items.map((i) => (i.id === item.id ? { ...i, state: to, extendedDueOn: input.dueOn } : i))
    );
  });
}
