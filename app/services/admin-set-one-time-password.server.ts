import { randomInt } from "node:crypto";
import { hash, type Algorithm } from "@node-rs/argon2";
import { eq } from "drizzle-orm";
import { staffAccounts } from "../../db/schema/index";
import { db } from "../lib/db.server";
import { enqueueEmail } from "../lib/jobs.server";
import { appendLedger } from "../lib/ledger.server";
import { revokeAllSessions } from "../lib/staff-session.server";
import { AppError } from "../lib/app-error";
import { adminChains, ledgerActor, today, type AdminActor } from "./admin-common.server";

/** argon2id (the package's `Algorithm.Argon2id`; a const enum, so spelled out for isolated modules). */
const ARGON2ID = 2 as Algorithm;

/** No 0/o, 1/l/i: read aloud or copied by hand without mistakes. */
const ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";
const GROUPS = 5;
const GROUP_LENGTH = 4;

/** 20 characters from 31 (about 99 bits), in groups of four: "k7mp-2xqa-…". */
export function generateOneTimePassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    let s = "";
    for (let i = 0; i < GROUP_LENGTH; i++) s += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(s);
  }
  return groups.join("-");
}

/**
 * Gives a staff member a one-time password (stored as an argon2id hash), emailed to the address of
 * the account in the same transaction and never shown to the administrator: an administrator
 * must not be able to sign in as anyone, least of all as someone who reads case content
 * (docs/decisions/014-two-person-rule.md). At the next sign-in the person must choose their own
 * (with their authenticator, if enrolled). Every session of the person ends, a pending invitation
 * is withdrawn, and a lock-out from failed attempts is lifted. Administrators change their own
 * password through the sign-in pages, not here.
 */
export async function setOneTimePassword(actor: AdminActor, staffId: string, reason: string, now = new Date()): Promise<{ email: string }> {
  if (staffId === actor.staffId) throw new AppError("conflict", { message: "admin.errors.staff.selfOneTimePassword" });
  const password = generateOneTimePassword();
  const passwordHash = await hash(password, { algorithm: ARGON2ID });
  return db().transaction(async (tx) => {
    const [row] = await tx.select({ active: staffAccounts.active, email: staffAccounts.email }).from(staffAccounts).where(eq(staffAccounts.id, staffId)).for("update");
    if (!row) throw new AppError("not_found", { message: "admin.errors.staff.unknown" });
    if (!row.active) throw new AppError("conflict", { message: "admin.errors.staff.inactive" });
    await tx
      .update(staffAccounts)
      .set({ passwordHash, mustChangePassword: true, failedSignIns: 0, lockedUntil: null, inviteTokenHash: null, inviteExpiresAt: null })
      .where(eq(staffAccounts.id, staffId));
    await revokeAllSessions(tx, staffId);
    await appendLedger(tx, {
      chain: adminChains.staff(staffId),
      actor: ledgerActor(actor),
      action: "admin.staff.one_time_password_set",
      subjectType: "staff",
      subjectId: staffId,
      details: { reason },
      today: today(now),
      now,
    });
    await enqueueEmail(tx, { template: "staff_one_time_password", to: row.email, locale: "zh-CN", data: { oneTimeCode: password, setOn: today(now) } });
    return { email: row.email };
  });
}
