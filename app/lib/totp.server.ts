import { randomBytes, randomInt } from "node:crypto";
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import { createTOTPKeyURI, generateHOTP, verifyHOTP } from "@oslojs/otp";
import { and, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import QRCode from "qrcode";
import { staffAccounts, staffRecoveryCodes } from "../../db/schema/index";
import { normaliseRecoveryCode, normaliseTotpCode, RECOVERY_CODE_ALPHABET, RECOVERY_CODE_LETTERS } from "../forms/staff-auth";
import { decrypt, encrypt, keyedHash, keyedHashes } from "./crypto.server";
import type { Executor } from "./db.server";

/**
 * The second factor: TOTP (RFC 6238: SHA-1, 30-second steps, 6 digits, what every
 * authenticator app expects) and single-use recovery codes.
 *
 * - The secret is stored encrypted, bound to the account by the AAD.
 * - A code is accepted for the current step and one step either side (clock drift), and only
 *   for a step later than the last one accepted (`totp_last_step`): a code seen over someone's
 *   shoulder or replayed from a log never works twice.
 * - Recovery codes are stored as keyed hashes and marked used on first use.
 */
export const TOTP_ISSUER = "Canary";
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps accepted either side of the current one. */
export const TOTP_WINDOW = 1;
export const RECOVERY_CODE_COUNT = 10;
const SECRET_BYTES = 20;

export function newTotpSecret(): Uint8Array {
  return new Uint8Array(randomBytes(SECRET_BYTES));
}

export const secretToBase32 = (secret: Uint8Array) => encodeBase32UpperCaseNoPadding(secret);
export function secretFromBase32(base32: string): Uint8Array {
  return decodeBase32IgnorePadding(base32.replace(/\s+/g, "").toUpperCase());
}

/** "JBSWY3DPEHPK3PXP…" → "JBSW Y3DP EHPK 3PXP …": easier to type into an app by hand. */
export function groupSecret(base32: string): string {
  return base32.replace(/(.{4})(?=.)/g, "$1 ");
}

/** The otpauth:// URI the QR code carries: issuer "Canary", account = the e-mail address. */
export function totpKeyUri(secret: Uint8Array, accountName: string): string {
  return createTOTPKeyURI(TOTP_ISSUER, accountName, secret, TOTP_PERIOD_SECONDS, TOTP_DIGITS);
}

/** The QR code as an SVG data URL for <img src>: no inline script or style, so the CSP allows it. */
export async function qrDataUrl(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return "data:image/svg+xml;base64," + Buffer.from(svg).toString("base64");
}

const aad = (staffId: string) => `staff_accounts.totp_secret_enc:${staffId}`;
export const encryptTotpSecret = (staffId: string, secret: Uint8Array) => encrypt(Buffer.from(secret), aad(staffId));
export const decryptTotpSecret = (staffId: string, enc: Buffer) => new Uint8Array(decrypt(enc, aad(staffId)));

export function totpStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/** The code of one time step. */
export function totpCodeAt(secret: Uint8Array, step: number): string {
  return generateHOTP(secret, BigInt(step), TOTP_DIGITS);
}

/** The code valid at `now` (the demo prints it; tests type it). */
export function totpCode(secret: Uint8Array, now = new Date()): string {
  return totpCodeAt(secret, totpStep(now));
}

/**
 * The time step `code` belongs to, within the window around `now` and later than `lastStep`;
 * null when it matches none. Pure: the caller records the step (see `consumeTotp`).
 */
export function matchTotp(secret: Uint8Array, code: string, now: Date, lastStep: number | null): number | null {
  const normalised = normaliseTotpCode(code);
  if (!normalised) return null;
  const current = totpStep(now);
  let found: number | null = null;
  // Every step of the window is checked, whatever matches, so the time taken says nothing.
  for (let step = current - TOTP_WINDOW; step <= current + TOTP_WINDOW; step++) {
    const ok = verifyHOTP(secret, BigInt(step), TOTP_DIGITS, normalised);
    if (ok && found === null && (lastStep === null || step > lastStep)) found = step;
  }
  return found;
}

/**
 * Checks a code against the account's enrolled secret and records its step, in one statement
 * guarded by `totp_last_step < step`: of two concurrent requests with the same code only one
 * succeeds. Returns false for a wrong, stale or replayed code.
 */
export async function consumeTotp(tx: Executor, account: { id: string; totpSecretEnc: Buffer | null; totpLastStep: number | null }, code: string, now: Date): Promise<boolean> {
  if (!account.totpSecretEnc) return false;
  const step = matchTotp(decryptTotpSecret(account.id, account.totpSecretEnc), code, now, account.totpLastStep);
  if (step === null) return false;
  const updated = await tx
    .update(staffAccounts)
    .set({ totpLastStep: step })
    .where(and(eq(staffAccounts.id, account.id), or(isNull(staffAccounts.totpLastStep), lt(staffAccounts.totpLastStep, step))))
    .returning({ id: staffAccounts.id });
  return updated.length === 1;
}

/** Ten fresh codes like "abcd-efgh-jkmn" (12 letters, ~54 bits each), shown once. */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  const codes = new Set<string>();
  while (codes.size < count) {
    let s = "";
    for (let i = 0; i < RECOVERY_CODE_LETTERS; i++) s += RECOVERY_CODE_ALPHABET[randomInt(RECOVERY_CODE_ALPHABET.length)];
    codes.add(s);
  }
  return [...codes].map(formatRecoveryCode);
}

/** "abcdefghjkmn" → "abcd-efgh-jkmn". */
export function formatRecoveryCode(normalised: string): string {
  return normalised.replace(/(.{4})(?=.)/g, "$1-");
}

/** The stored form of a recovery code: a keyed hash of its normalised letters. */
export function recoveryCodeHash(code: string): Buffer {
  const normalised = normaliseRecoveryCode(code);
  if (!normalised) throw new Error("not a recovery code");
  return keyedHash("staff-recovery-code", normalised);
}

/** Replaces every recovery code of the account (old ones stop working) and returns the new ones. */
export async function replaceRecoveryCodes(tx: Executor, staffId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await tx.delete(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffId, staffId));
  await tx.insert(staffRecoveryCodes).values(codes.map((c) => ({ staffId, codeHash: recoveryCodeHash(c) })));
  return codes;
}

/**
 * Uses a recovery code: marks it used if it belongs to the account and was unused. Returns the
 * number of unused codes left, or null when the code was not accepted.
 */
export async function consumeRecoveryCode(tx: Executor, staffId: string, code: string, now: Date): Promise<number | null> {
  const normalised = normaliseRecoveryCode(code);
  if (!normalised) return null;
  const used = await tx
    .update(staffRecoveryCodes)
    .set({ usedAt: now })
    .where(
      and(
        eq(staffRecoveryCodes.staffId, staffId),
        isNull(staffRecoveryCodes.usedAt),
        inArray(staffRecoveryCodes.codeHash, keyedHashes("staff-recovery-code", normalised)),
      ),
    )
    .returning({ id: staffRecoveryCodes.id });
  if (used.length === 0) return null;
  const [left] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(staffRecoveryCodes)
    .where(and(eq(staffRecoveryCodes.staffId, staffId), isNull(staffRecoveryCodes.usedAt)));
  return left?.n ?? 0;
}
