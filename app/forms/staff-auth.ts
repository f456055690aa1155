import { z } from "zod";
import { sameSitePath } from "../domain/same-site-path";
import type { MessageKey } from "../i18n/index";

/**
 * The staff sign-in forms (/staff/login, second factor, enrolment, password, invitation,
 * sign-out). Parsed by the route edge (conform + zod); messages are i18n keys the page translates.
 */

/** Password policy: at least 12 characters (code points, so "密码" counts 2), at most 256 (bounds hashing). */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/** The policy's verdict on a new password: an i18n key, or null when it is acceptable. */
export function newPasswordProblem(password: string): MessageKey | null {
  const length = [...password].length;
  if (length === 0) return "auth.errors.password.required";
  if (length < PASSWORD_MIN_LENGTH) return "auth.errors.password.tooShort";
  if (length > PASSWORD_MAX_LENGTH) return "auth.errors.password.tooLong";
  if (password.trim().length === 0) return "auth.errors.password.tooShort";
  return null;
}

/**
 * Where to go after signing in: only a path inside the staff area of this site. Anything else
 * (absolute URLs, `//host`, backslashes, the sign-in pages themselves) falls back to /staff.
 */
export function safeStaffNext(value: unknown): string {
  if (typeof value !== "string" || value.length > 500 || value.includes("\\")) return "/staff";
  const path = sameSitePath(value, "");
  if (!path) return "/staff";
  const url = new URL(path, "http://canary.invalid");
  if (url.pathname !== "/staff" && !url.pathname.startsWith("/staff/")) return "/staff";
  const excluded = ["/staff/login", "/staff/sign-out", "/staff/second-factor", "/staff/enrol", "/staff/invitation"];
  if (excluded.some((p) => url.pathname === p || url.pathname.startsWith(p + "/"))) return "/staff";
  return url.pathname + url.search;
}

const next = z
  .unknown()
  .optional()
  .transform((v) => safeStaffNext(v));

const email = z
  .string({ error: "auth.errors.email.required" })
  .trim()
  .toLowerCase()
  .min(1, "auth.errors.email.required")
  .max(254, "auth.errors.email.invalid")
  .pipe(z.email("auth.errors.email.invalid"));

/** A password being typed to sign in: no policy here (an old password may predate it). */
const presentedPassword = z.string({ error: "auth.errors.password.required" }).min(1, "auth.errors.password.required").max(PASSWORD_MAX_LENGTH * 4, "auth.errors.password.tooLong");

const newPassword = z.string({ error: "auth.errors.password.required" }).superRefine((v, ctx) => {
  const problem = newPasswordProblem(v);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

export const signInSchema = z.object({
  email,
  password: presentedPassword,
  next,
});

/** A recovery code: 12 letters, typed with or without dashes and spaces, any case. */
export const RECOVERY_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz";
export const RECOVERY_CODE_LETTERS = 12;

/** "ABCD efgh-jkmn" → "abcdefghjkmn"; null when it cannot be a recovery code. */
export function normaliseRecoveryCode(input: string): string | null {
  const s = input.replace(/[\s\-‐-―－]/g, "").toLowerCase();
  return new RegExp(`^[${RECOVERY_CODE_ALPHABET}]{${RECOVERY_CODE_LETTERS}}$`).test(s) ? s : null;
}

/** "123 456" → "123456"; null when it is not six digits. Full-width digits are accepted. */
export function normaliseTotpCode(input: string): string | null {
  const s = input.replace(/[\s\-]/g, "").replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  return /^\d{6}$/.test(s) ? s : null;
}

export type SecondFactorCode = { kind: "totp"; code: string } | { kind: "recovery"; code: string };

/** The code field of the second-factor step: six digits from the app, or a recovery code. */
const secondFactorCode = z
  .string({ error: "auth.errors.code.required" })
  .trim()
  .min(1, "auth.errors.code.required")
  .max(100, "auth.errors.code.format")
  .transform((v, ctx): SecondFactorCode => {
    const totp = normaliseTotpCode(v);
    if (totp) return { kind: "totp", code: totp };
    const recovery = normaliseRecoveryCode(v);
    if (recovery) return { kind: "recovery", code: recovery };
    ctx.addIssue({ code: "custom", message: "auth.errors.code.format" });
    return z.NEVER;
  });

/** Only a six-digit code (enrolment confirms the app, so recovery codes make no sense there). */
const totpCode = z
  .string({ error: "auth.errors.code.required" })
  .trim()
  .min(1, "auth.errors.code.required")
  .max(100, "auth.errors.totp.format")
  .transform((v, ctx) => {
    const code = normaliseTotpCode(v);
    if (code) return code;
    ctx.addIssue({ code: "custom", message: "auth.errors.totp.format" });
    return z.NEVER;
  });

export const secondFactorSchema = z.object({ code: secondFactorCode, next });

export const enrolSchema = z.object({ code: totpCode, next });

const confirmMatches = (v: { password: string; confirm: string }, ctx: z.RefinementCtx) => {
  if (v.password !== v.confirm) ctx.addIssue({ code: "custom", path: ["confirm"], message: "auth.errors.password.mismatch" });
};

/** Voluntary change by a signed-in person: the current password, then the new one twice. */
export const changePasswordSchema = z
  .object({
    currentPassword: presentedPassword,
    password: newPassword,
    confirm: z.string().default(""),
  })
  .superRefine(confirmMatches);

/** Forced change after a one-time password: the new one twice, and the code when the app is enrolled. */
export const forcedPasswordSchema = z
  .object({
    password: newPassword,
    confirm: z.string().default(""),
    code: z.string().optional(),
    next,
  })
  .superRefine(confirmMatches);

/** The forced change when the account has an app enrolled: the code is part of the form. */
export const forcedPasswordWithCodeSchema = z
  .object({
    password: newPassword,
    confirm: z.string().default(""),
    code: secondFactorCode,
    next,
  })
  .superRefine(confirmMatches);

export const invitationSchema = z
  .object({
    password: newPassword,
    confirm: z.string().default(""),
  })
  .superRefine(confirmMatches);

export const signOutSchema = z.object({
  scope: z.enum(["this", "everywhere"]).catch("this"),
});

// What the pages' fields are named and typed as (conform's field metadata), before parsing.
export type SignInFields = z.input<typeof signInSchema>;
export type SecondFactorFields = z.input<typeof secondFactorSchema>;
export type EnrolFields = z.input<typeof enrolSchema>;
export type PasswordFields = { currentPassword: string; password: string; confirm: string; code: string; next: string };
export type InvitationFields = z.input<typeof invitationSchema>;
