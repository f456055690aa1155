import type { SecondFactorCode } from "../forms/staff-auth";
import { AppError } from "../lib/app-error";
import { db, type Executor } from "../lib/db.server";
import { appendLedger } from "../lib/ledger.server";
import { completeSecondFactor, revokeSession } from "../lib/staff-session.server";
import { consumeRecoveryCode, consumeTotp } from "../lib/totp.server";
import {
  lockAuthAccount,
  lockedFor,
  LOCK_AFTER_FAILURES,
  registerCompleteSignIn,
  registerFailedAttempt,
  staffChain,
  today,
  wrongStep,
  type AuthAccount,
  type PendingSignIn,
} from "./sign-in-staff.server";

/**
 * Staff sign-in, second step: a six-digit code from the authenticator app, or one of the
 * recovery codes. Wrong codes count towards the same lock as wrong passwords (the count only
 * starts again after a complete sign-in, so re-entering the password does not buy new guesses).
 * The person here has already proved the password, so the lock may be named openly. No
 * per-address limit here: the step needs a session the password opened, and the account lock
 * bounds the guesses (the address limit is spent once per sign-in, at the password).
 */
export type SecondFactorAccepted = { method: "totp" | "recovery_code"; recoveryCodesLeft?: number };

/** A wrong or replayed code. */
const wrongCode = () => new AppError("unauthenticated", { field: "code", message: "auth.errors.code.wrong" });
/** A short wait after a few failures (growing delay): try again in a few seconds. */
const waitABit = (retryAfterSeconds: number) => new AppError("rate_limited", { field: "code", message: "auth.errors.wait", retryAfterSeconds });
/** Too many failures: the pending session is ended; sign in again after the wait. */
function locked(minutes: number) {
  return new AppError("rate_limited", { message: "auth.secondFactor.locked", params: { minutes }, retryAfterSeconds: minutes * 60 });
}

/**
 * Checks a code (TOTP with replay protection, or an unused recovery code) for `account`.
 * Returns how it was accepted, or null. Shared by the forced password change.
 */
export async function checkSecondFactor(
  tx: Executor,
  account: Pick<AuthAccount, "id" | "totpSecretEnc" | "totpLastStep">,
  code: SecondFactorCode,
  now: Date,
): Promise<SecondFactorAccepted | null> {
  if (code.kind === "totp") return (await consumeTotp(tx, account, code.code, now)) ? { method: "totp" } : null;
  const left = await consumeRecoveryCode(tx, account.id, code.code, now);
  if (left === null) return null;
  await appendLedger(tx, {
    chain: staffChain(account.id),
    actor: { type: "staff", id: account.id },
    action: "staff.recovery_code_used",
    subjectType: "staff_account",
    subjectId: account.id,
    details: { left },
    today: today(now),
    now,
  });
  return { method: "recovery_code", recoveryCodesLeft: left };
}

/**
 * Completes the sign-in with a code. Refusals: `unauthenticated` on the code (wrong or replayed),
 * `rate_limited` on the code (the growing delay) or on the form (the lock, which ends the session).
 */
export async function verifyStaffSecondFactor(pending: PendingSignIn, code: SecondFactorCode, opts: { now?: Date } = {}): Promise<SecondFactorAccepted> {
  const now = opts.now ?? new Date();
  if (pending.step !== "second-factor") throw wrongStep();
  const wait = lockedFor(pending.account, now);
  if (wait > 0) {
    if (pending.account.failedSignIns < LOCK_AFTER_FAILURES) throw waitABit(Math.ceil(wait / 1000));
    await revokeSession(pending.sessionId);
    throw locked(Math.max(1, Math.ceil(wait / 60_000)));
  }

  const outcome = await db().transaction(async (tx) => {
    // The wait and the lock decided on the locked row: a parallel wrong code may have set them since `pending` was read.
    const account = await lockAuthAccount(tx, pending.account.id);
    if (!account) return { accepted: null, failure: null, waitSeconds: 0 };
    const waiting = lockedFor(account, now);
    if (waiting > 0) {
      if (account.failedSignIns >= LOCK_AFTER_FAILURES) return { accepted: null, failure: { failures: account.failedSignIns, lockedUntil: account.lockedUntil }, waitSeconds: 0 };
      return { accepted: null, failure: null, waitSeconds: Math.ceil(waiting / 1000) };
    }
    const accepted = await checkSecondFactor(tx, account, code, now);
    if (!accepted) {
      const failure = await registerFailedAttempt(tx, account.id, code.kind === "totp" ? "totp" : "recovery_code", now);
      return { accepted: null, failure, waitSeconds: 0 };
    }
    await completeSecondFactor(tx, pending.sessionId);
    await registerCompleteSignIn(tx, account.id, accepted.method, now);
    return { accepted, failure: null, waitSeconds: 0 };
  });
  if (outcome.accepted) return outcome.accepted;
  if (outcome.waitSeconds > 0) throw waitABit(outcome.waitSeconds);
  const lockedUntil = outcome.failure?.lockedUntil;
  // A short growing delay is not worth ending the sign-in for; a lock is.
  if (lockedUntil && (outcome.failure?.failures ?? 0) >= LOCK_AFTER_FAILURES) {
    await revokeSession(pending.sessionId);
    throw locked(Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 60_000)));
  }
  throw wrongCode();
}
