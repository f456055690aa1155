import { and, eq, isNull } from "drizzle-orm";
import { keyedHash } from "../../app/lib/crypto.server";
import { db } from "../../app/lib/db.server";
import { appendLedger } from "../../app/lib/ledger.server";
import { hashPassword, verifyPassword } from "../../app/lib/password.server";
import { decryptTotpSecret, encryptTotpSecret, newRecoveryCodes, recoveryCodeHash, secretFromBase32, secretToBase32, totpCode } from "../../app/lib/totp.server";
import { staffChain, today } from "../../app/services/sign-in-staff.server";
import { agencies, staffAccounts, staffRecoveryCodes, type StaffRole } from "../schema/index";
import { seedNationalDesk } from "./index";

/**
 * One demo account per role, ready to sign in: a fixed password and an authenticator secret that
 * is already enrolled. The secret is derived from the e-mail address with a keyed hash, so a
 * re-run (with the same master key) prints the same secret and the app set up last time keeps
 * working. Running again never duplicates anything; it puts back the demo password and secret if
 * they were changed, so what the demo prints always works.
 *
 * Administrator and auditor belong to no agency: their work (accounts and rules; the ledger) spans
 * the whole deployment, and with no agency `canSeeCase` refuses them every case outright, which
 * is what these roles should get (see app/domain/permissions.ts).
 */
export const DEMO_STAFF_PASSWORD = "canary-demo-2026";

export type DemoStaffLogin = {
  role: StaffRole;
  email: string;
  displayName: string;
  /** The agency's name ("浙江省安全生产委员会办公室"), null for administrators and auditors. */
  agencyName: string | null;
  password: string;
  totpSecret: string;
  currentCode: string;
};

type DemoAccount = { role: StaffRole; email: string; displayName: string; agency: { departmentType: string; placeCode: string } | null };

export const DEMO_STAFF: readonly DemoAccount[] = [
  // The same address seedDemo() creates for the demo tip's question: this fills in its sign-in.
  { role: "triage_officer", email: "triage@demo.canary.invalid", displayName: "演示受理员 Demo triage officer", agency: { departmentType: "safety_committee", placeCode: "330000" } },
  // The national desk (国务院安委会办公室): tips from regions whose own desk has no staff, and those implicating a province.
  {
    role: "triage_officer",
    email: "national-desk@demo.canary.invalid",
    displayName: "演示受理员（国务院安委会办公室）Demo national desk officer",
    agency: { departmentType: "safety_committee", placeCode: "000000" },
  },
  { role: "agency_officer", email: "agency@demo.canary.invalid", displayName: "演示承办人 Demo agency officer", agency: { departmentType: "emergency_management", placeCode: "330106" } },
  { role: "supervisor", email: "supervisor@demo.canary.invalid", displayName: "演示督办人 Demo supervisor", agency: { departmentType: "emergency_management", placeCode: "330100" } },
  // The supervisor of the province's desk: decides the desk's requests to clear or narrow "officials implicated" (/staff/approvals).
  { role: "supervisor", email: "desk-supervisor@demo.canary.invalid", displayName: "演示安委办督办人 Demo desk supervisor", agency: { departmentType: "safety_committee", placeCode: "330000" } },
  // Records tips received by phone, letter, visit or email (/staff/hotline/new); reads no case content.
  { role: "hotline_operator", email: "hotline@demo.canary.invalid", displayName: "演示热线接线员 Demo hotline operator", agency: { departmentType: "safety_committee", placeCode: "330000" } },
  { role: "administrator", email: "admin@demo.canary.invalid", displayName: "演示管理员 Demo administrator", agency: null },
  // A second administrator: granting a role that reads case content needs two (docs/decisions/014).
  { role: "administrator", email: "admin2@demo.canary.invalid", displayName: "演示管理员二 Demo second administrator", agency: null },
  { role: "auditor", email: "auditor@demo.canary.invalid", displayName: "演示审计员 Demo auditor", agency: null },
  // The officer in charge (承办人, issue 15), last so that the first account of each role stays the one the journeys sign in as: a second officer of the demo agency, and its own supervisor, who reassigns.
  { role: "agency_officer", email: "agency2@demo.canary.invalid", displayName: "演示承办人二 Demo second agency officer", agency: { departmentType: "emergency_management", placeCode: "330106" } },
  { role: "supervisor", email: "agency-supervisor@demo.canary.invalid", displayName: "演示西湖区督办人 Demo agency supervisor", agency: { departmentType: "emergency_management", placeCode: "330106" } },
];

/** The demo secret of an address (base32): stable for a given master key. */
export function demoTotpSecret(email: string): string {
  return secretToBase32(new Uint8Array(keyedHash("demo-staff-totp", email.toLowerCase()).subarray(0, 20)));
}

/** The TOTP code valid now for a base32 secret (the demo prints it; tests type it). */
export function currentTotpCode(secretBase32: string, now = new Date()): string {
  return totpCode(secretFromBase32(secretBase32), now);
}

export async function seedDemoStaff(now = new Date()): Promise<DemoStaffLogin[]> {
  const logins: DemoStaffLogin[] = [];
  await seedNationalDesk(db()); // the national desk account's agency, with or without the rest of the directory
  let demoPasswordHash: string | undefined;
  for (const demo of DEMO_STAFF) {
    let agencyId: string | null = null;
    let agencyName: string | null = null;
    if (demo.agency) {
      const [agency] = await db()
        .select({ id: agencies.id, nameZh: agencies.nameZh })
        .from(agencies)
        .where(and(eq(agencies.departmentType, demo.agency.departmentType), eq(agencies.placeCode, demo.agency.placeCode)));
      if (!agency) throw new Error(`demo agency ${demo.agency.departmentType}/${demo.agency.placeCode} is missing: run seedDemoAgencies first`);
      agencyId = agency.id;
      agencyName = agency.nameZh;
    }
    const secretBase32 = demoTotpSecret(demo.email);
    const secret = secretFromBase32(secretBase32);

    await db().transaction(async (tx) => {
      const inserted = await tx
        .insert(staffAccounts)
        .values({ email: demo.email, displayName: demo.displayName, role: demo.role, agencyId })
        .onConflictDoNothing()
        .returning({ id: staffAccounts.id });
      const [row] = await tx.select().from(staffAccounts).where(eq(staffAccounts.email, demo.email)).for("update");
      if (!row) throw new Error("demo account vanished: " + demo.email);
      const changes: Partial<typeof staffAccounts.$inferInsert> = {};
      if (row.role !== demo.role) changes.role = demo.role;
      if (row.agencyId !== agencyId) changes.agencyId = agencyId;
      if (!row.active) changes.active = true;
      if (row.mustChangePassword) changes.mustChangePassword = false;
      if (!row.passwordHash || !(await verifyPassword(row.passwordHash, DEMO_STAFF_PASSWORD))) {
        demoPasswordHash ??= await hashPassword(DEMO_STAFF_PASSWORD);
        changes.passwordHash = demoPasswordHash;
      }
      let sameSecret = false;
      try {
        sameSecret = !!row.totpSecretEnc && Buffer.from(decryptTotpSecret(row.id, row.totpSecretEnc)).equals(Buffer.from(secret));
      } catch {
        sameSecret = false;
      }
      if (!sameSecret || !row.totpEnrolledAt) {
        changes.totpSecretEnc = encryptTotpSecret(row.id, secret);
        changes.totpEnrolledAt = now;
        changes.totpLastStep = null;
      }
      if (row.lockedUntil || row.failedSignIns) Object.assign(changes, { lockedUntil: null, failedSignIns: 0 });
      if (Object.keys(changes).length > 0) await tx.update(staffAccounts).set(changes).where(eq(staffAccounts.id, row.id));
      // Recovery codes exist so the account looks like a real one; the demo does not print them.
      const [anyCode] = await tx.select({ id: staffRecoveryCodes.id }).from(staffRecoveryCodes).where(and(eq(staffRecoveryCodes.staffId, row.id), isNull(staffRecoveryCodes.usedAt))).limit(1);
      if (!anyCode) await tx.insert(staffRecoveryCodes).values(newRecoveryCodes().map((c) => ({ staffId: row.id, codeHash: recoveryCodeHash(c) })));
      if (inserted.length > 0 || Object.keys(changes).length > 0) {
        await appendLedger(tx, {
          chain: staffChain(row.id),
          actor: { type: "system" },
          action: inserted.length > 0 ? "staff.created" : "staff.demo_reset",
          subjectType: "staff_account",
          subjectId: row.id,
          details: { role: demo.role, agencyId, demo: true, fields: Object.keys(changes).sort() },
          today: today(now),
          now,
        });
      }
    });
    logins.push({ role: demo.role, email: demo.email, displayName: demo.displayName, agencyName, password: DEMO_STAFF_PASSWORD, totpSecret: secretBase32, currentCode: currentTotpCode(secretBase32, now) });
  }
  return logins;
}
