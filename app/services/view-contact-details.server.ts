import { can } from "../domain/permissions";
import { localDate } from "../domain/working-days";
import { AppError } from "../lib/app-error";
import { db } from "../lib/db.server";
import { env } from "../lib/env.server";
import { appendLedger, chainForTip } from "../lib/ledger.server";
import type { StaffContext } from "../lib/staff-session.server";
import { findVisibleCase } from "./case-record.server";
import { decryptContact, type TipContact } from "./tip-content.server";

/** The tipster's contact details, for staff with that permission; every view is a ledger entry. */
export async function viewContactDetails(staff: StaffContext, reference: string, now = new Date()): Promise<TipContact | null> {
  if (!can(staff.role, "case.view_contact")) throw new AppError("forbidden");
  const c = await findVisibleCase(staff, reference);
  if (!c.contactEnc) return null;
  await db().transaction(async (tx) => {
    await appendLedger(tx, {
      chain: chainForTip(c.id),
      actor: { type: "staff", id: staff.staffId },
      action: "contact.viewed",
      subjectType: "tip",
      subjectId: c.id,
      today: localDate(now, env().timeZone),
      now,
    });
  });
  return decryptContact(c.id, c.contactEnc);
}
