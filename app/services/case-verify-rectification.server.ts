import { and, asc, eq, ne } from "drizzle-orm";
import { rectificationItems } from "../../db/schema/index";
import { AppError } from "../lib/app-error";
import { db } from "../lib/db.server";
import type { StaffContext } from "../lib/staff-session.server";
import type { EvidenceUpload } from "./case-evidence.server";
import { findHandledCase } from "./case-record.server";
import { verifyRectificationItem } from "./rectification-items.server";

/**
 * The agency checks the rectification: since the items (docs/decisions/037) each item is verified
 * on its own (`verifyRectificationItem`), and the last one verified takes the case from rectifying
 * to verified. This is the shorthand for a case whose list has one item left to check (a case of
 * one item, as every case migrated from before items): the note and the evidence go to that item.
 */
export async function verifyRectification(staff: StaffContext, reference: string, opts: { note: string; evidence?: EvidenceUpload; now?: Date }) {
  const c = await findHandledCase(staff, reference);
  const open = await db()
    .select({ position: rectificationItems.position })
    .from(rectificationItems)
    .where(and(eq(rectificationItems.tipId, c.id), ne(rectificationItems.state, "verified")))
    .orderBy(asc(rectificationItems.position));
  if (open.length !== 1) throw new AppError("conflict", { message: open.length ? "errors.rectification.whichItem" : "errors.transition.not_allowed_in_state" });
  return verifyRectificationItem(staff, reference, { ...opts, position: open[0]!.position });
}
