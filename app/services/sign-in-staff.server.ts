import { eq, sql } from "drizzle-orm";
import { staffAccounts } from "../../db/schema/index";
import { localDate } from "../domain/working-days";
import { AppError, isAppError } from "../lib/app-error";
import { db, type Executor } from "../lib/db.server";
import { env } from "../lib/env.server";
import { appendLedger } from "../lib/ledger.server";
import { verifyDummyPassword, verifyPassword } from "../lib/password.server";
import { hitRateLimit, type RateLimitRule } from "../lib/rate-limit.server";
import { createStaffSession, readStaffSession } from "../lib/staff-session.server";

/**
 * Staff sign-in, first step: e-mail and password. On success a session opens that is good only
 * for the next step (forced password change, TOTP enrolment or the second factor).
 *
 * What a failure reveals: nothing about which e-mail addresses have an account.
 * - Unknown address, account without a password yet, wrong password, deactivated account and
 *   locked account all get the same answer ("e-mail or password is incorrect"), and each spends
 *   one argon2 verification (real or dummy), which dominates the response time; the wording
 *   never differs and the timing only by a few small queries.
 * - A locked account is refused *without* checking the password: otherwise a different answer
 *   for the right password would let a guesser keep guessing through the lock. The generic
 *   message therefore says, for every address alike, that repeated failures lock an account
 *   for a while: a person who knows they typed it right knows to wait.
 * - The lock is per account (failures counted since the last complete sign-in, both factors);
 *   the per-address rate limit (`STAFF_SIGN_IN_RULE`) caps guessing across many accounts, and
 *   its message speaks of this network, never of an account.
 */
/** Password attempts per client address: generous enough for a whole office behind one NAT. */
export const STAFF_SIGN_IN_RULE: RateLimitRule = { bucket: "staff-sign-in", limit: 60, windowSeconds: 900 };
/** Failures allowed before each further attempt must wait 2^(n-3) seconds. */
export const DELAY_AFTER_FAILURES = 3;
/** At this many failures the account locks for `LOCK_MS`; each further failure locks it again. */
export const LOCK_AFTER_FAILURES = 10;
export const LOCK_MS = 15 * 60 * 1000;
/** A session with only the password checked must finish the next step within this time. */
export const PENDING_SIGN_IN_MS = 15 * 60 * 1000;

/** How long the account must wait after its n-th consecutive failure. */
export function waitAfterFailures(n: number): number {
  if (n >= LOCK_AFTER_FAILURES) return LOCK_MS;
  if (n < DELAY_AFTER_FAILURES) return 0;
  return 2 ** (n - DELAY_AFTER_FAILURES) * 1000;
}

export type NextStep = "change-password" | "enrol" | "second-factor";

/** After the password: a forced change first (with the code, if enrolled), then enrolment, else the code. */
export function stepAfterPassword(a: { mustChangePassword: boolean; totpEnrolledAt: Date | null }): NextStep {
  if (a.mustChangePassword) return "change-password";
  if (!a.totpEnrolledAt) return "enrol";
  return "second-factor";
}

export const STEP_PATHS: Record<NextStep, string> = {
  "change-password": "/staff/password",
  enrol: "/staff/enrol",
  "second-factor": "/staff/second-factor",
};

export function stepUrl(step: NextStep, next: string): string {
  return next === "/staff" ? STEP_PATHS[step] : `${STEP_PATHS[step]}?next=${encodeURIComponent(next)}`;
}

export const staffChain = (staffId: string) => `staff:${staffId}`;
export const today = (now: Date) => localDate(now, env().timeZone);

const accountColumns = {
  id: staffAccounts.id,
  email: staffAccounts.email,
  displayName: staffAccounts.displayName,
  active: staffAccounts.active,
  passwordHash: staffAccounts.passwordHash,
  mustChangePassword: staffAccounts.mustChangePassword,
  totpSecretEnc: staffAccounts.totpSecretEnc,
  totpEnrolledAt: staffAccounts.totpEnrolledAt,
  totpLastStep: staffAccounts.totpLastStep,
  failedSignIns: staffAccounts.failedSignIns,
  lockedUntil: staffAccounts.lockedUntil,
};
function selectAccounts(executor: Executor, where: { id: string } | { email: string }) {
  return executor
    .select(accountColumns)
    .from(staffAccounts)
    .where("id" in where ? eq(staffAccounts.id, where.id) : eq(sql`lower(${staffAccounts.email})`, where.email.trim().toLowerCase()));
}
export type AuthAccount = Awaited<ReturnType<typeof selectAccounts>>[number];

export async function loadAuthAccount(executor: Executor, where: { id: string } | { email: string }): Promise<AuthAccount | null> {
  const [row] = await selectAccounts(executor, where);
  return row ?? null;
}

/**
 * The account row, locked until the transaction ends. Every check of the wait or lock that
 * decides an attempt is made on it, so parallel attempts queue here: 40 wrong codes sent at once
 * cannot all pass a check read before any of them was counted.
 */
export async function lockAuthAccount(tx: Executor, staffId: string): Promise<AuthAccount | null> {
  const [row] = await selectAccounts(tx, { id: staffId }).for("update");
  return row ?? null;
}

export function lockedFor(account: { lockedUntil: Date | null }, now: Date): number {
  return account.lockedUntil ? Math.max(0, account.lockedUntil.getTime() - now.getTime()) : 0;
}

/**
 * Counts one failed attempt (either factor) and sets the wait it earns; writes the failure, and a
 * lock when it locks, to the account's ledger chain. Returns the new count and the lock's end.
 * An attempt that finds the account waiting or locked by a parallel one (under the row lock) is
 * not counted: it was made during the wait, as if it had been refused at the door.
 */
export async function registerFailedAttempt(
  tx: Executor,
  staffId: string,
  factor: "password" | "totp" | "recovery_code",
  now: Date,
): Promise<{ failures: number; lockedUntil: Date | null }> {
  const current = await lockAuthAccount(tx, staffId);
  if (current && lockedFor(current, now) > 0) return { failures: current.failedSignIns, lockedUntil: current.lockedUntil };
  const [row] = await tx
    .update(staffAccounts)
    .set({ failedSignIns: sql`${staffAccounts.failedSignIns} + 1` })
    .where(eq(staffAccounts.id, staffId))
    .returning({ failures: staffAccounts.failedSignIns });
  const failures = row?.failures ?? 0;
  const wait = waitAfterFailures(failures);
  const lockedUntil = wait > 0 ? new Date(now.getTime() + wait) : null;
  if (lockedUntil) await tx.update(staffAccounts).set({ lockedUntil }).where(eq(staffAccounts.id, staffId));
  const base = { chain: staffChain(staffId), actor: { type: "staff" as const, id: staffId }, subjectType: "staff_account", subjectId: staffId, today: today(now), now };
  await appendLedger(tx, { ...base, action: "staff.sign_in_failed", details: { factor, failures } });
  if (failures >= LOCK_AFTER_FAILURES) {
    await appendLedger(tx, { ...base, action: "staff.locked", details: { failures, until: lockedUntil!.toISOString() } });
  }
  return { failures, lockedUntil };
}

/** A complete sign-in: the failure count starts again and the time is kept. */
export async function registerCompleteSignIn(tx: Executor, staffId: string, method: "totp" | "recovery_code" | "enrolment" | "password_change", now: Date) {
  await tx.update(staffAccounts).set({ failedSignIns: 0, lockedUntil: null, lastSignInAt: now }).where(eq(staffAccounts.id, staffId));
  await appendLedger(tx, {
    chain: staffChain(staffId),
    actor: { type: "staff", id: staffId },
    action: "staff.signed_in",
    subjectType: "staff_account",
    subjectId: staffId,
    details: { method },
    today: today(now),
    now,
  });
}

/** The one refusal for unknown address, wrong password, locked or deactivated account. */
const failed = () => new AppError("unauthenticated", { message: "auth.signIn.failed" });

/**
 * Checks e-mail and password; returns the session cookie for the next step. Refusals:
 * `unauthenticated` (the one answer above) or `rate_limited` (this network tried too often).
 */
export async function signInStaff(
  input: { email: string; password: string },
  opts: { clientAddress: string; now?: Date },
): Promise<{ setCookie: string; step: NextStep }> {
  const now = opts.now ?? new Date();
  const limit = await hitRateLimit(STAFF_SIGN_IN_RULE, opts.clientAddress, now);
  if (!limit.allowed) {
    const minutes = Math.max(1, Math.ceil(limit.retryAfterSeconds / 60));
    throw new AppError("rate_limited", { message: "auth.errors.rateLimited", params: { minutes }, retryAfterSeconds: limit.retryAfterSeconds });
  }

  const account = await loadAuthAccount(db(), { email: input.email });
  if (!account?.passwordHash || lockedFor(account, now) > 0) {
    await verifyDummyPassword(input.password);
    throw failed();
  }
  const ok = await verifyPassword(account.passwordHash, input.password);
  if (!ok) {
    await db().transaction((tx) => registerFailedAttempt(tx, account.id, "password", now));
    throw failed();
  }
  if (!account.active) {
    await db().transaction((tx) =>
      appendLedger(tx, {
        chain: staffChain(account.id),
        actor: { type: "staff", id: account.id },
        action: "staff.sign_in_refused",
        subjectType: "staff_account",
        subjectId: account.id,
        details: { reason: "inactive" },
        today: today(now),
        now,
      }),
    );
    throw failed();
  }
  const step = stepAfterPassword(account);
  const setCookie = await db().transaction(async (tx) => {
    // Locked by a parallel wrong attempt while this password was being checked: refused alike.
    const current = await lockAuthAccount(tx, account.id);
    if (!current || lockedFor(current, now) > 0) return null;
    const cookie = await createStaffSession(tx, account.id, { secondFactorDone: false });
    await appendLedger(tx, {
      chain: staffChain(account.id),
      actor: { type: "staff", id: account.id },
      action: "staff.password_accepted",
      subjectType: "staff_account",
      subjectId: account.id,
      details: { next: step },
      today: today(now),
      now,
    });
    return cookie;
  });
  if (!setCookie) throw failed();
  return { setCookie, step };
}

/** A refusal after which this browser's session is over (a lock ended it): the page clears its cookie too. */
export function endsSession(e: unknown): boolean {
  return isAppError(e) && (e.messageKey === "auth.secondFactor.locked" || e.messageKey === "auth.password.locked");
}

/** The step a service was called for is not this sign-in's step (the routes' guards redirect first). */
export const wrongStep = () => new AppError("conflict");

export type PendingSignIn = { sessionId: string; account: AuthAccount; step: NextStep };

/**
 * The sign-in in progress on this request: a live session whose second factor is not done yet,
 * opened less than `PENDING_SIGN_IN_MS` ago, of an active account. Null otherwise.
 */
export async function pendingSignIn(request: Request, now = new Date()): Promise<PendingSignIn | null> {
  const session = await readStaffSession(request, now);
  if (!session || session.secondFactorDone) return null;
  if (now.getTime() - session.createdAt.getTime() > PENDING_SIGN_IN_MS) return null;
  const account = await loadAuthAccount(db(), { id: session.staffId });
  if (!account?.active || !account.passwordHash) return null;
  return { sessionId: session.sessionId, account, step: stepAfterPassword(account) };
}
