import { eq } from "drizzle-orm";
import { staffAccounts } from "../../db/schema/index";
import type { SecondFactorCode } from "../forms/staff-auth";
import type { MessageKey } from "../i18n/index";
import { AppError } from "../lib/app-error";
import { db, type Executor } from "../lib/db.server";
import { appendLedger } from "../lib/ledger.server";
import { hashPassword, passwordPolicyProblem, verifyPassword } from "../lib/password.server";
import { createStaffSession, revokeAllSessions, revokeSession, type StaffContext } from "../lib/staff-session.server";
import {
  loadAuthAccount,
  lockAuthAccount,
  lockedFor,
  LOCK_AFTER_FAILURES,
  registerCompleteSignIn,
  registerFailedAttempt,
  staffChain,
  today,
  wrongStep,
  type NextStep,
  type PendingSignIn,
} from "./sign-in-staff.server";
import { checkSecondFactor } from "./verify-staff-second-factor.server";

/**
 * Password changes. Either way every session of the person ends (a stolen session does not
 * survive the change) and a fresh one is issued to this browser.
 *
 * - Voluntary (signed in): the current password is asked again; a wrong one counts as a failed
 *   attempt on the account, like at sign-in.
 * - Forced (`must_change_password`, after a one-time password from an administrator): done
 *   during sign-in, before the session is complete. If the account already has an authenticator
 *   app, the code is asked on the same form, so the one-time password alone never changes it;
 *   otherwise enrolment follows.
 */
export type PasswordChanged = { setCookie: string; next: "done" | NextStep };

const minutes = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));

const invalid = (field: string, message: MessageKey) => new AppError("invalid_input", { field, message });
/** The growing delay after a few failures, on the field whose attempt it holds back. */
const waitABit = (field: string) => new AppError("rate_limited", { field, message: "auth.errors.wait" });
/** Too many failures: the session has been ended; sign in again after the lock. */
function locked(ms: number) {
  const m = minutes(ms);
  return new AppError("rate_limited", { message: "auth.password.locked", params: { minutes: m }, retryAfterSeconds: m * 60 });
}

async function recordChange(tx: Executor, staffId: string, passwordHash: string, forced: boolean, now: Date) {
  await tx.update(staffAccounts).set({ passwordHash, mustChangePassword: false }).where(eq(staffAccounts.id, staffId));
  await revokeAllSessions(tx, staffId);
  await appendLedger(tx, {
    chain: staffChain(staffId),
    actor: { type: "staff", id: staffId },
    action: "staff.password_changed",
    subjectType: "staff_account",
    subjectId: staffId,
    details: { forced },
    today: today(now),
    now,
  });
}

/** Refuses a new password the policy rejects, or the old one again. */
async function checkNewPassword(oldHash: string | null, password: string): Promise<void> {
  const problem = passwordPolicyProblem(password);
  if (problem) throw invalid("password", problem);
  if (oldHash && (await verifyPassword(oldHash, password))) throw invalid("password", "auth.errors.password.sameAsOld");
}

/** A signed-in person changes their password. */
export async function changeStaffPassword(
  staff: Pick<StaffContext, "staffId" | "sessionId">,
  input: { currentPassword: string; password: string },
  opts: { now?: Date } = {},
): Promise<PasswordChanged> {
  const now = opts.now ?? new Date();
  const account = await loadAuthAccount(db(), { id: staff.staffId });
  if (!account?.passwordHash) throw invalid("currentPassword", "auth.errors.currentPassword.wrong");
  const wait = lockedFor(account, now);
  if (wait > 0 && account.failedSignIns >= LOCK_AFTER_FAILURES) {
    await revokeSession(staff.sessionId);
    throw locked(wait);
  }
  if (wait > 0) throw waitABit("currentPassword");
  if (!(await verifyPassword(account.passwordHash, input.currentPassword))) {
    const failure = await db().transaction((tx) => registerFailedAttempt(tx, account.id, "password", now));
    if (failure.failures >= LOCK_AFTER_FAILURES) {
      // Whoever holds this session does not know the password: end it.
      await revokeSession(staff.sessionId);
      throw locked(failure.lockedUntil!.getTime() - now.getTime());
    }
    throw invalid("currentPassword", "auth.errors.currentPassword.wrong");
  }
  await checkNewPassword(account.passwordHash, input.password);
  const passwordHash = await hashPassword(input.password);
  const setCookie = await db().transaction(async (tx) => {
    // Locked by a parallel wrong attempt while this one was checked: no change.
    const current = await lockAuthAccount(tx, account.id);
    if (!current || lockedFor(current, now) > 0) return null;
    await recordChange(tx, account.id, passwordHash, false, now);
    await tx.update(staffAccounts).set({ failedSignIns: 0, lockedUntil: null }).where(eq(staffAccounts.id, account.id));
    return createStaffSession(tx, account.id, { secondFactorDone: true });
  });
  if (!setCookie) throw waitABit("currentPassword");
  return { setCookie, next: "done" };
}

/** The change a one-time password forces, during sign-in. `code` is required when the account has an app enrolled. */
export async function changeStaffPasswordForced(
  pending: PendingSignIn,
  input: { password: string; code: SecondFactorCode | null },
  opts: { now?: Date } = {},
): Promise<PasswordChanged> {
  const now = opts.now ?? new Date();
  if (pending.step !== "change-password") throw wrongStep();
  const { account } = pending;
  const wait = lockedFor(account, now);
  if (wait > 0 && account.failedSignIns >= LOCK_AFTER_FAILURES) {
    await revokeSession(pending.sessionId);
    throw locked(wait);
  }
  const enrolled = account.totpEnrolledAt !== null;
  if (enrolled && !input.code) throw invalid("code", "auth.errors.code.required");
  if (wait > 0) throw waitABit("code");
  await checkNewPassword(account.passwordHash, input.password);
  const passwordHash = await hashPassword(input.password);

  const outcome = await db().transaction(async (tx) => {
    // Decided on the locked row: a parallel wrong code may have set a wait or the lock since `pending` was read.
    const current = await lockAuthAccount(tx, account.id);
    if (!current || lockedFor(current, now) > 0) return { ok: false as const, held: true, failure: { failures: current?.failedSignIns ?? 0, lockedUntil: current?.lockedUntil ?? null } };
    let method: "totp" | "recovery_code" | null = null;
    if (enrolled) {
      const accepted = await checkSecondFactor(tx, account, input.code!, now);
      if (!accepted) return { ok: false as const, held: false, failure: await registerFailedAttempt(tx, account.id, input.code!.kind === "totp" ? "totp" : "recovery_code", now) };
      method = accepted.method;
    }
    await recordChange(tx, account.id, passwordHash, true, now);
    const setCookie = await createStaffSession(tx, account.id, { secondFactorDone: enrolled });
    if (method) await registerCompleteSignIn(tx, account.id, method, now);
    return { ok: true as const, setCookie };
  });
  if (!outcome.ok) {
    if (outcome.failure.failures >= LOCK_AFTER_FAILURES) {
      await revokeSession(pending.sessionId);
      throw locked(outcome.failure.lockedUntil!.getTime() - now.getTime());
    }
    if (outcome.held) throw waitABit(enrolled ? "code" : "password");
    throw new AppError("unauthenticated", { field: "code", message: "auth.errors.code.wrong" });
  }
  return { setCookie: outcome.setCookie, next: enrolled ? "done" : "enrol" };
}
