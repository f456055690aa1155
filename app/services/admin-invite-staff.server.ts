import { eq, sql } from "drizzle-orm";
import { agencies, staffAccounts, type StaffRole } from "../../db/schema/index";
import { grantNeedsApproval } from "../domain/permissions";
import type { StaffInviteInput } from "../forms/admin";
import { keyedHash, randomToken } from "../lib/crypto.server";
import { db, type Executor } from "../lib/db.server";
import { enqueueEmail } from "../lib/jobs.server";
import { appendLedger } from "../lib/ledger.server";
import { AppError } from "../lib/app-error";
import { adminChains, checkAgencyForRole, isUniqueViolation, ledgerActor, today, type AdminActor } from "./admin-common.server";
import { requestRoleGrant } from "./role-grant-common.server";

/** The keyed-hash purpose of invitation tokens: the page that accepts `/staff/invitation/<token>` looks them up with it. */
export const INVITATION_HASH_PURPOSE = "staff-invitation";
export const INVITATION_DAYS = 7;

export type Invitation = { token: string; expiresAt: Date };

/** A fresh invitation token: only its keyed hash is stored; the token itself goes only into the email. */
export function newInvitation(now: Date): Invitation & { tokenHash: Buffer } {
  const token = randomToken(32);
  return { token, tokenHash: keyedHash(INVITATION_HASH_PURPOSE, token), expiresAt: new Date(now.getTime() + INVITATION_DAYS * 24 * 60 * 60 * 1000) };
}

/** The invitation email, queued in the caller's transaction: the only place the link ever goes. */
export async function queueInvitationEmail(tx: Executor, to: { email: string; role: StaffRole; agencyId: string | null }, invitation: Invitation): Promise<void> {
  const [agency] = to.agencyId ? await tx.select({ nameZh: agencies.nameZh }).from(agencies).where(eq(agencies.id, to.agencyId)) : [];
  await enqueueEmail(tx, {
    template: "staff_invitation",
    to: to.email,
    locale: "zh-CN",
    data: { agencyName: agency?.nameZh ?? "Canary", role: to.role, token: invitation.token, expiresOn: today(invitation.expiresAt) },
  });
}

export type InviteResult =
  /** Invitation emailed (a role without access to case content). */
  | { staffId: string; awaitingApproval: false; expiresAt: Date }
  /** A role that needs a second administrator: the account waits, deactivated and without an invitation, for the approval. */
  | { staffId: string; awaitingApproval: true; requestId: string };

/** An address is taken once, whatever its case: a twin (409). */
const emailTaken = () => new AppError("conflict", { field: "email", message: "admin.errors.email.taken" });

/**
 * Creates a staff account without a password. For a role that reads case content (or the
 * administrator role) the account stays deactivated and a role-grant request waits for another
 * administrator (docs/decisions/014); otherwise the invitation is emailed at once. The account,
 * the request or invitation and the ledger entries are one transaction. The link is never
 * returned to the administrator: it goes by email only.
 */
export async function inviteStaff(actor: AdminActor, input: StaffInviteInput, now = new Date()): Promise<InviteResult> {
  const agencyId = input.agencyId ?? null;
  const awaitingApproval = grantNeedsApproval(null, { role: input.role, agencyId, active: true });
  const invitation = newInvitation(now);
  try {
    return await db().transaction(async (tx): Promise<InviteResult> => {
      const [taken] = await tx.select({ id: staffAccounts.id }).from(staffAccounts).where(eq(sql`lower(${staffAccounts.email})`, input.email));
      if (taken) throw emailTaken();
      await checkAgencyForRole(tx, input.role, agencyId);
      const [row] = await tx
        .insert(staffAccounts)
        .values({
          email: input.email,
          displayName: input.displayName,
          role: input.role,
          agencyId,
          active: !awaitingApproval,
          inviteTokenHash: awaitingApproval ? null : invitation.tokenHash,
          inviteExpiresAt: awaitingApproval ? null : invitation.expiresAt,
        })
        .returning({ id: staffAccounts.id });
      const staffId = row!.id;
      await appendLedger(tx, {
        chain: adminChains.staff(staffId),
        actor: ledgerActor(actor),
        action: "admin.staff.invited",
        subjectType: "staff",
        subjectId: staffId,
        details: {
          reason: input.reason,
          email: input.email,
          displayName: input.displayName,
          role: input.role,
          agencyId,
          awaitingApproval,
          invitationExpiresAt: awaitingApproval ? null : invitation.expiresAt.toISOString(),
        },
        today: today(now),
        now,
      });
      if (awaitingApproval) {
        const requested = await requestRoleGrant(tx, actor, staffId, { role: input.role, agencyId, activate: true, invitation: true }, input.reason, now);
        return { staffId, awaitingApproval: true, requestId: requested.requestId };
      }
      await queueInvitationEmail(tx, { email: input.email, role: input.role, agencyId }, invitation);
      return { staffId, awaitingApproval: false, expiresAt: invitation.expiresAt };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw emailTaken();
    throw e;
  }
}
