import { eq } from "drizzle-orm";
import { approvalRequests, staffAccounts } from "../../db/schema/index";
import { db } from "../lib/db.server";
import { appendLedger } from "../lib/ledger.server";
import { AppError } from "../lib/app-error";
import { adminChains, checkAgencyForRole, ledgerActor, today, type AdminActor } from "./admin-common.server";
import { newInvitation, queueInvitationEmail } from "./admin-invite-staff.server";
import { lockPendingRoleGrant } from "./role-grant-common.server";

/**
 * A second administrator approves a pending role grant (docs/decisions/014): the role, agency
 * and activation asked for are applied, and for a new account the invitation is emailed, all in
 * this transaction with its ledger entry. Refused, whatever the page showed, to the administrator
 * who asked and to the person the grant is for.
 */
export async function approveRoleGrant(actor: AdminActor, requestId: string, reason: string, now = new Date()): Promise<{ staffId: string }> {
  return db().transaction(async (tx) => {
    const request = await lockPendingRoleGrant(tx, requestId);
    if (request.requestedBy === actor.staffId) throw new AppError("forbidden", { message: "admin.errors.approval.ownRequest" });
    if (request.subjectId === actor.staffId) throw new AppError("forbidden", { message: "admin.errors.approval.ownAccount" });
    const { grant } = request;
    const [account] = await tx
      .select({ email: staffAccounts.email, active: staffAccounts.active, passwordHash: staffAccounts.passwordHash })
      .from(staffAccounts)
      .where(eq(staffAccounts.id, request.subjectId))
      .for("update");
    if (!account) throw new AppError("not_found", { message: "admin.errors.staff.unknown" });
    // The agency may have been deactivated since the request.
    await checkAgencyForRole(tx, grant.role, grant.agencyId);
    const invitation = grant.invitation && !account.passwordHash ? newInvitation(now) : null;
    await tx
      .update(staffAccounts)
      .set({
        role: grant.role,
        agencyId: grant.agencyId,
        ...(grant.activate ? { active: true } : {}),
        ...(invitation ? { inviteTokenHash: invitation.tokenHash, inviteExpiresAt: invitation.expiresAt } : {}),
      })
      .where(eq(staffAccounts.id, request.subjectId));
    await tx
      .update(approvalRequests)
      .set({ state: "approved", decidedBy: actor.staffId, decidedAt: now, decisionNote: reason })
      .where(eq(approvalRequests.id, requestId));
    await appendLedger(tx, {
      chain: adminChains.staff(request.subjectId),
      actor: ledgerActor(actor),
      action: "admin.staff.role_grant_approved",
      subjectType: "staff",
      subjectId: request.subjectId,
      details: {
        requestId,
        requestedBy: request.requestedBy,
        reason,
        role: grant.role,
        agencyId: grant.agencyId,
        activate: grant.activate,
        invitationExpiresAt: invitation ? invitation.expiresAt.toISOString() : null,
      },
      today: today(now),
      now,
    });
    if (invitation) await queueInvitationEmail(tx, { email: account.email, role: grant.role, agencyId: grant.agencyId }, invitation);
    return { staffId: request.subjectId };
  });
}
