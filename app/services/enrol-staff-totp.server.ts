import { and, eq, isNull } from "drizzle-orm";
import { staffAccounts } from "../../db/schema/index";
import { AppError } from "../lib/app-error";
import { db } from "../lib/db.server";
import { appendLedger } from "../lib/ledger.server";
import { completeSecondFactor } from "../lib/staff-session.server";
import {
  decryptTotpSecret,
  encryptTotpSecret,
  groupSecret,
  matchTotp,
  newTotpSecret,
  qrDataUrl,
  replaceRecoveryCodes,
  secretToBase32,
  totpKeyUri,
} from "../lib/totp.server";
import { registerCompleteSignIn, staffChain, today, wrongStep, type PendingSignIn } from "./sign-in-staff.server";

/**
 * First sign-in: the person adds Canary to an authenticator app (QR code or the secret typed by
 * hand), proves it with a code, and receives ten recovery codes, shown once. The secret waits
 * encrypted on the account (`totp_enrolled_at` null) until confirmed, so reloading the page
 * shows the same QR code. Mistyped codes here are not counted towards the lock (the password is
 * already proved and the secret is on the person's screen: there is nothing to guess).
 */
export type EnrolmentScreen = { qrDataUrl: string; secretGroups: string; accountName: string };

/** A code the app did not show for this secret (or the enrolment was completed meanwhile). */
const wrongCode = () => new AppError("invalid_input", { field: "code", message: "auth.errors.code.wrong" });

/** The secret to show: the pending one if there is one, else a new one stored now. */
export async function startStaffTotpEnrolment(pending: PendingSignIn): Promise<EnrolmentScreen> {
  if (pending.step !== "enrol") throw wrongStep();
  const { account } = pending;
  let secret: Uint8Array;
  if (account.totpSecretEnc) {
    secret = decryptTotpSecret(account.id, account.totpSecretEnc);
  } else {
    secret = newTotpSecret();
    const stored = await db()
      .update(staffAccounts)
      .set({ totpSecretEnc: encryptTotpSecret(account.id, secret), totpLastStep: null })
      .where(and(eq(staffAccounts.id, account.id), isNull(staffAccounts.totpEnrolledAt), isNull(staffAccounts.totpSecretEnc)))
      .returning({ id: staffAccounts.id });
    if (stored.length === 0) {
      // Another tab stored one first: show that one.
      const [row] = await db().select({ enc: staffAccounts.totpSecretEnc }).from(staffAccounts).where(eq(staffAccounts.id, account.id));
      if (!row?.enc) throw new Error("TOTP secret vanished during enrolment");
      secret = decryptTotpSecret(account.id, row.enc);
    }
  }
  return {
    qrDataUrl: await qrDataUrl(totpKeyUri(secret, account.email)),
    secretGroups: groupSecret(secretToBase32(secret)),
    accountName: account.email,
  };
}

/** Confirms the app with a code: enrolment completes, the sign-in completes, recovery codes are issued. */
export async function confirmStaffTotpEnrolment(pending: PendingSignIn, code: string, opts: { now?: Date } = {}): Promise<{ recoveryCodes: string[] }> {
  const now = opts.now ?? new Date();
  if (pending.step !== "enrol") throw wrongStep();
  const { account } = pending;
  if (!account.totpSecretEnc) throw wrongCode();
  const step = matchTotp(decryptTotpSecret(account.id, account.totpSecretEnc), code, now, null);
  if (step === null) throw wrongCode();

  const recoveryCodes = await db().transaction(async (tx) => {
    const enrolled = await tx
      .update(staffAccounts)
      .set({ totpEnrolledAt: now, totpLastStep: step })
      .where(and(eq(staffAccounts.id, account.id), isNull(staffAccounts.totpEnrolledAt), eq(staffAccounts.totpSecretEnc, account.totpSecretEnc!)))
      .returning({ id: staffAccounts.id });
    if (enrolled.length === 0) return null;
    const codes = await replaceRecoveryCodes(tx, account.id);
    await completeSecondFactor(tx, pending.sessionId);
    await appendLedger(tx, {
      chain: staffChain(account.id),
      actor: { type: "staff", id: account.id },
      action: "staff.totp_enrolled",
      subjectType: "staff_account",
      subjectId: account.id,
      details: { recoveryCodes: codes.length },
      today: today(now),
      now,
    });
    await registerCompleteSignIn(tx, account.id, "enrolment", now);
    return codes;
  });
  if (!recoveryCodes) throw wrongCode();
  return { recoveryCodes };
}
