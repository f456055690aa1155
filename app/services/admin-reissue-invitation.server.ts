import { eq } from "drizzle-orm";
import { staffAccounts } from "../../db/schema/index";
import { db } from "../lib/db.server";
import { appendLedger } from "../lib/ledger.server";
import { AppError } from "../lib/app-error";
import { adminChains, ledgerActor, today, type AdminActor } from "./admin-common.server";
import { newInvitation, queueInvitationEmail } from "./admin-invite-staff.server";

/**
 * A new invitation for an active account that has not chosen a password yet (the first one
 * expired or was lost), emailed to the account's own address in the same transaction; the link is
 * never shown to the administrator. The previous link stops working at once.
 */
export async function reissueInvitation(actor: AdminActor, staffId: string, reason: string, now = new Date()): Promise<{ expiresAt: Date; email: string }> {
  const invitation = newInvitation(now);
  return db().transaction(async (tx) => {
    const [row] = await tx
      .select({ active: staffAccounts.active, passwordHash: staffAccounts.passwordHash, email: staffAccounts.email, role: staffAccounts.role, agencyId: staffAccounts.agencyId })
      .from(staffAccounts)
      .where(eq(staffAccounts.id, staffId))
      .for("update");
    if (!row) throw new AppError("not_found", { message: "admin.errors.staff.unknown" });
    if (!row.active) throw new AppError("conflict", { message: "admin.errors.staff.inactive" });
    if (row.passwordHash) throw new AppError("conflict", { message: "admin.errors.staff.alreadyHasPassword" });
    await tx.update(staffAccounts).set({ inviteTokenHash: invitation.tokenHash, inviteExpiresAt: invitation.expiresAt }).where(eq(staffAccounts.id, staffId));
    await appendLedger(tx, {
      chain: adminChains.staff(staffId),
      actor: ledgerActor(actor),
      action: "admin.staff.invitation_reissued",
      subjectType: "staff",
      subjectId: staffId,
      details: { reason, invitationExpiresAt: invitation.expiresAt.toISOString() },
      today: today(now),
      now,
    });
    await queueInvitationEmail(tx, row, invitation);
    return { expiresAt: invitation.expiresAt, email: row.email };
  });
}
