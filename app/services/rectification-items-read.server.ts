import { asc, eq } from "drizzle-orm";
import { rectificationItemEvidence, rectificationItems, staffAccounts } from "../../db/schema/index";
import { itemDueOn, type RectificationItemState, type ResponsibleRole } from "../domain/rectification-item-state";
import type { Executor } from "../lib/db.server";
import { alias } from "drizzle-orm/pg-core";

/** The officer who recorded an item's verification (another join of staff_accounts). */
const verifier = alias(staffAccounts, "verifier");

/**
 * A case's rectification items as anyone outside the agency may be shown them (the tipster's
 * status page, a public notice): what, the company party's role, the deadline in force, the state
 * and the date verified — never who checks it, never a name. The caller has already decided the
 * reader may see the case (and, for anything published, `mayBeToldAbout`).
 */
export type PublicRectificationItem = { position: number; action: string; responsibleRole: ResponsibleRole; dueOn: string; state: RectificationItemState; verifiedOn: string | null };

export async function rectificationItemsOf(executor: Executor, tipId: string): Promise<PublicRectificationItem[]> {
  const rows = await executor.select().from(rectificationItems).where(eq(rectificationItems.tipId, tipId)).orderBy(asc(rectificationItems.position));
  return rows.map((r) => ({ position: r.position, action: r.action, responsibleRole: r.responsibleRole, dueOn: itemDueOn(r), state: r.state, verifiedOn: r.verifiedOn }));
}

/** The items as the agency's case page shows them: also the first deadline, the extension, the checking officer and the verification. */
export async function rectificationItemsForStaff(executor: Executor, tipId: string) {
  const [rows, evidence] = await Promise.all([
    executor
      .select({ item: rectificationItems, officerName: staffAccounts.displayName, verifierName: verifier.displayName })
      .from(rectificationItems)
      .leftJoin(staffAccounts, eq(staffAccounts.id, rectificationItems.checkingOfficerId))
      .leftJoin(verifier, eq(verifier.id, rectificationItems.verifiedBy))
      .where(eq(rectificationItems.tipId, tipId))
      .orderBy(asc(rectificationItems.position)),
    executor
      .select({ itemId: rectificationItemEvidence.itemId, attachmentId: rectificationItemEvidence.attachmentId })
      .from(rectificationItemEvidence)
      .innerJoin(rectificationItems, eq(rectificationItems.id, rectificationItemEvidence.itemId))
      .where(eq(rectificationItems.tipId, tipId)),
  ]);
  return rows.map(({ item: r, officerName, verifierName }) => ({
    position: r.position,
    action: r.action,
    responsibleRole: r.responsibleRole,
    checkingOfficer: officerName,
    firstDueOn: r.dueOn,
    dueOn: itemDueOn(r),
    state: r.state,
    extension: r.extendedDueOn ? { dueOn: r.extendedDueOn, reason: r.extensionReason, at: r.extendedAt?.toISOString() ?? null } : null,
    // Whoever verified is named: an officer of the agency may verify for the one set to check (away, say), and the page must not credit the wrong one.
    verification: r.verifiedOn ? { on: r.verifiedOn, by: verifierName, note: r.verificationNote, files: evidence.filter((e) => e.itemId === r.id).length } : null,
  }));
}
export type StaffRectificationItem = Awaited<ReturnType<typeof rectificationItemsForStaff>>[number];
