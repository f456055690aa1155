import { randomBytes } from "node:crypto";
import { hash, verify, type Algorithm, type Options } from "@node-rs/argon2";
import { newPasswordProblem, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../forms/staff-auth";

/**
 * Staff passwords: argon2id with the OWASP minimum parameters (19 MiB, 2 passes, 1 lane).
 * The PHC string carries its own salt and parameters, so raising them later only needs
 * new hashes, not a migration.
 */
export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH };

/** `Algorithm` is an ambient const enum (not usable under isolatedModules): 2 is Argon2id. */
const ARGON2ID = 2 as Algorithm;
const OPTIONS: Options = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 };

/** The policy's verdict on a new password: an i18n key, or null when it is acceptable. */
export function passwordPolicyProblem(password: string): ReturnType<typeof newPasswordProblem> {
  return newPasswordProblem(password);
}

export async function hashPassword(password: string): Promise<string> {
  const problem = newPasswordProblem(password);
  if (problem) throw new Error(`password refused by policy: ${problem}`);
  return hash(password.normalize("NFC"), OPTIONS);
}

/** True when `password` matches the stored hash. A malformed hash never matches. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  if ([...password].length > PASSWORD_MAX_LENGTH * 4) return false;
  try {
    return await verify(stored, password.normalize("NFC"));
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same time as checking a real password, and always fails: called for unknown
 * e-mail addresses (and locked accounts), so response times do not tell which addresses have
 * an account. The dummy hash uses the same parameters as real ones.
 */
export async function verifyDummyPassword(password: string): Promise<false> {
  dummyHash ??= hash(randomBytes(24).toString("base64url"), OPTIONS);
  await verifyPassword(await dummyHash, password);
  return false;
}

/** A one-time password for an administrator to hand over: 20 characters, ~119 bits, no look-alikes. */
export function oneTimePassword(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
  const out: string[] = [];
  while (out.length < 20) {
    for (const b of randomBytes(32)) {
      // Rejection sampling: 216 = 4 × 54 keeps the choice unbiased.
      if (b < 216 && out.length < 20) out.push(alphabet[b % alphabet.length]!);
    }
  }
  return out.join("");
}
