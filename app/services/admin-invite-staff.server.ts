import { eq, sql } from "drizzle-orm";
import { agencies, staffAccounts } from "../../db/schema/index";
import { enqueueEmail } from "../lib/jobs.server";
import type { StaffInviteInput } from "../forms/admin";
import { keyedHash, randomToken } from "../lib/crypto.server";
import { db } from "../lib/db.server";
import { env } from "../lib/env.server";
import { appendLedger } from "../lib/ledger.server";
import { adminChains, checkAgencyForRole, isUniqueViolation, ledgerActor, refuse, today, type AdminActor, type Refused } from "./admin-common.server";

/** The keyed-hash purpose of invitation tokens: the page that accepts `/staff/invitation/<token>` looks them up with it. */
export const INVITATION_HASH_PURPOSE = "staff-invitation";
export const INVITATION_DAYS = 7;

export const invitationPath = (token: string) => `/staff/invitation/${token}`;

export type Invitation = { token: string; expiresAt: Date };

/** A fresh invitation token: only its keyed hash is stored; the token itself is shown once. */
export function newInvitation(now: Date): Invitation & { tokenHash: Buffer } {
  const token = randomToken(32);
  return { token, tokenHash: keyedHash(INVITATION_HASH_PURPOSE, token), expiresAt: new Date(now.getTime() + INVITATION_DAYS * 24 * 60 * 60 * 1000) };
}

/**
 * Creates a staff account without a password and an invitation to choose one. The account,
 * the invitation and the ledger entry are one transaction.
 */
export async function inviteStaff(
  actor: AdminActor,
  input: StaffInviteInput,
  now = new Date(),
): Promise<({ ok: true; staffId: string } & Invitation) | Refused> {
  const invitation = newInvitation(now);
  try {
    return await db().transaction(async (tx) => {
      const [taken] = await tx.select({ id: staffAccounts.id }).from(staffAccounts).where(eq(sql`lower(${staffAccounts.email})`, input.email));
      if (taken) return refuse("email", "admin.errors.email.taken");
      const problem = await checkAgencyForRole(tx, input.role, input.agencyId ?? null);
      if (problem) return problem;
      const [row] = await tx
        .insert(staffAccounts)
        .values({
          email: input.email,
          displayName: input.displayName,
          role: input.role,
          agencyId: input.agencyId ?? null,
          inviteTokenHash: invitation.tokenHash,
          inviteExpiresAt: invitation.expiresAt,
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
          agencyId: input.agencyId ?? null,
          invitationExpiresAt: invitation.expiresAt.toISOString(),
        },
        today: today(now),
        now,
      });
      // The invitation email, queued in this transaction; the page also shows the link once.
      const [agency] = input.agencyId ? await tx.select({ nameZh: agencies.nameZh }).from(agencies).where(eq(agencies.id, input.agencyId)) : [];
      await enqueueEmail(tx, {
        template: "staff_invitation",
        to: input.email,
        locale: "zh-CN",
        data: { agencyName: agency?.nameZh ?? "Canary", role: input.role, token: invitation.token, expiresOn: today(invitation.expiresAt) },
      });
      return { ok: true as const, staffId, token: invitation.token, expiresAt: invitation.expiresAt };
    });
  } catch (e) {
    if (isUniqueViolation(e)) return refuse("email", "admin.errors.email.taken");
    throw e;
  }
}

/** The invitation link as the invited person will open it: PUBLIC_URL when set, else this request's origin. */
export function invitationLink(request: Request, token: string): string {
  const base = env().publicUrl?.replace(/\/+$/, "") ?? new URL(request.url).origin;
  return base + invitationPath(token);
}
