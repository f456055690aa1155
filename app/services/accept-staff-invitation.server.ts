import { and, eq, gt, inArray } from "drizzle-orm";
import { staffAccounts } from "../../db/schema/index";
import { AppError } from "../lib/app-error";
import { keyedHash, keyedHashes, randomToken } from "../lib/crypto.server";
import { db } from "../lib/db.server";
import { appendLedger } from "../lib/ledger.server";
import { hashPassword, passwordPolicyProblem } from "../lib/password.server";
import { createStaffSession } from "../lib/staff-session.server";
import { staffChain, stepAfterPassword, today, type NextStep } from "./sign-in-staff.server";

/**
 * Invitations: an administrator creates the account and sends a link with a one-time token
 * (`newStaffInvitation`); the person opens it and chooses a password. The database keeps only a
 * keyed hash of the token (under a key not in the database) and its expiry; accepting clears
 * both, so a link works once. Accepting opens a sign-in session at its next step (enrolment).
 */
export const INVITATION_TTL_HOURS = 72;
const PURPOSE = "staff-invitation";

/** A new invitation: the token goes into the link only; store `tokenHash` and `expiresAt` on the account. */
export function newStaffInvitation(now = new Date(), ttlHours = INVITATION_TTL_HOURS): { token: string; tokenHash: Buffer; expiresAt: Date; path: string } {
  const token = randomToken(32);
  return { token, tokenHash: keyedHash(PURPOSE, token), expiresAt: new Date(now.getTime() + ttlHours * 3600_000), path: `/staff/invitation/${token}` };
}

const plausibleToken = (token: string) => /^[A-Za-z0-9_-]{32,100}$/.test(token);

export type InvitationLookup =
  | { kind: "valid"; email: string; displayName: string }
  | { kind: "expired" }
  /** Unknown, already used, or the account is deactivated. */
  | { kind: "invalid" };

export async function findStaffInvitation(token: string, now = new Date()): Promise<InvitationLookup> {
  if (!plausibleToken(token)) return { kind: "invalid" };
  const [row] = await db()
    .select({ email: staffAccounts.email, displayName: staffAccounts.displayName, expiresAt: staffAccounts.inviteExpiresAt, active: staffAccounts.active })
    .from(staffAccounts)
    .where(inArray(staffAccounts.inviteTokenHash, keyedHashes(PURPOSE, token)));
  if (!row || !row.active) return { kind: "invalid" };
  if (!row.expiresAt || row.expiresAt.getTime() <= now.getTime()) return { kind: "expired" };
  return { kind: "valid", email: row.email, displayName: row.displayName };
}

const invalidLink = () => new AppError("not_found", { message: "auth.invitation.invalid" });

/**
 * Sets the password from the link and opens the sign-in at its next step. Refusals: `gone` (the
 * link expired), `not_found` (unknown, used, or the account deactivated), `invalid_input` on the
 * password.
 */
export async function acceptStaffInvitation(token: string, password: string, opts: { now?: Date } = {}): Promise<{ setCookie: string; step: NextStep }> {
  const now = opts.now ?? new Date();
  const found = await findStaffInvitation(token, now);
  if (found.kind === "expired") throw new AppError("gone", { message: "auth.invitation.expired" });
  if (found.kind === "invalid") throw invalidLink();
  const problem = passwordPolicyProblem(password);
  if (problem) throw new AppError("invalid_input", { field: "password", message: problem });
  const passwordHash = await hashPassword(password);
  return db().transaction(async (tx) => {
    const [account] = await tx
      .update(staffAccounts)
      .set({ passwordHash, mustChangePassword: false, inviteTokenHash: null, inviteExpiresAt: null, failedSignIns: 0, lockedUntil: null })
      .where(and(inArray(staffAccounts.inviteTokenHash, keyedHashes(PURPOSE, token)), gt(staffAccounts.inviteExpiresAt, now), eq(staffAccounts.active, true)))
      .returning({ id: staffAccounts.id, mustChangePassword: staffAccounts.mustChangePassword, totpEnrolledAt: staffAccounts.totpEnrolledAt });
    // Used by a concurrent request in the meantime.
    if (!account) throw invalidLink();
    await appendLedger(tx, {
      chain: staffChain(account.id),
      actor: { type: "staff", id: account.id },
      action: "staff.invitation_accepted",
      subjectType: "staff_account",
      subjectId: account.id,
      today: today(now),
      now,
    });
    const setCookie = await createStaffSession(tx, account.id, { secondFactorDone: false });
    return { setCookie, step: stepAfterPassword(account) };
  });
}
