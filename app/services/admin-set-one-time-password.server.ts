import { randomInt } from "node:crypto";
import { hash, type Algorithm } from "@node-rs/argon2";
import { eq } from "drizzle-orm";
import { staffAccounts } from "../../db/schema/index";
import { db } from "../lib/db.server";
import { appendLedger } from "../lib/ledger.server";
import { revokeAllSessions } from "../lib/staff-session.server";
import { adminChains, ledgerActor, refuse, today, type AdminActor, type Refused } from "./admin-common.server";

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
 * Gives a staff member a one-time password (shown once to the administrator, stored as an
 * argon2id hash). At the next sign-in the person must choose their own. Every session of the
 * person ends, a pending invitation is withdrawn, and a lock-out from failed attempts is lifted.
 * Administrators change their own password through the sign-in pages, not here.
 */
export async function setOneTimePassword(actor: AdminActor, staffId: string, reason: string, now = new Date()): Promise<{ ok: true; password: string } | Refused> {
  if (staffId === actor.staffId) return refuse("form", "admin.errors.staff.selfOneTimePassword", 409);
  const password = generateOneTimePassword();
  const passwordHash = await hash(password, { algorithm: ARGON2ID });
  return db().transaction(async (tx) => {
    const [row] = await tx.select({ active: staffAccounts.active }).from(staffAccounts).where(eq(staffAccounts.id, staffId)).for("update");
    if (!row) return refuse("form", "admin.errors.staff.unknown", 404);
    if (!row.active) return refuse("form", "admin.errors.staff.inactive", 409);
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
    return { ok: true as const, password };
  });
}
