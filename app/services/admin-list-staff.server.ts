import { asc, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import { agencies, approvalRequests, staffAccounts } from "../../db/schema/index";
import { db } from "../lib/db.server";

export const STAFF_LIST_LIMIT = 500;

export type StaffListRow = {
  id: string;
  email: string;
  displayName: string;
  role: (typeof staffAccounts.$inferSelect)["role"];
  active: boolean;
  agency: { id: string; nameZh: string; nameEn: string } | null;
  /** invited: no password yet; one_time: must choose a new password; ready: has chosen one. */
  passwordState: "invited" | "one_time" | "ready";
  invitationExpired: boolean;
  totpEnrolled: boolean;
  lastSignInAt: string | null;
  /** A role grant for this account waits for a second administrator. */
  awaitingApproval: boolean;
};

/** Staff rows with their agency and sign-in state; shared with the single-account page. */
export async function staffRows(where: SQL | undefined, limit: number, now = new Date()): Promise<StaffListRow[]> {
  const rows = await db()
    .select({
      id: staffAccounts.id,
      email: staffAccounts.email,
      displayName: staffAccounts.displayName,
      role: staffAccounts.role,
      active: staffAccounts.active,
      agencyId: agencies.id,
      agencyNameZh: agencies.nameZh,
      agencyNameEn: agencies.nameEn,
      hasPassword: sql<boolean>`${staffAccounts.passwordHash} is not null`,
      mustChangePassword: staffAccounts.mustChangePassword,
      inviteExpiresAt: staffAccounts.inviteExpiresAt,
      totpEnrolledAt: staffAccounts.totpEnrolledAt,
      lastSignInAt: staffAccounts.lastSignInAt,
      awaitingApproval: sql<boolean>`exists (select 1 from ${approvalRequests} where ${approvalRequests.kind} = 'role_grant' and ${approvalRequests.subjectId} = ${staffAccounts.id} and ${approvalRequests.state} = 'pending')`,
    })
    .from(staffAccounts)
    .leftJoin(agencies, eq(agencies.id, staffAccounts.agencyId))
    .where(where)
    .orderBy(desc(staffAccounts.active), asc(staffAccounts.role), asc(staffAccounts.displayName), asc(staffAccounts.email))
    .limit(limit);
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    displayName: r.displayName,
    role: r.role,
    active: r.active,
    agency: r.agencyId ? { id: r.agencyId, nameZh: r.agencyNameZh ?? "", nameEn: r.agencyNameEn ?? "" } : null,
    passwordState: !r.hasPassword ? "invited" : r.mustChangePassword ? "one_time" : "ready",
    invitationExpired: !r.hasPassword && (!r.inviteExpiresAt || r.inviteExpiresAt.getTime() <= now.getTime()),
    totpEnrolled: r.totpEnrolledAt !== null,
    lastSignInAt: r.lastSignInAt ? r.lastSignInAt.toISOString() : null,
    awaitingApproval: r.awaitingApproval,
  }));
}

/** Staff accounts for the administration list, optionally matching a name or e-mail fragment. */
export async function listStaff(opts: { q?: string } = {}, now = new Date()): Promise<{ rows: StaffListRow[]; truncated: boolean }> {
  const q = opts.q?.trim();
  const pattern = q ? `%${q.replace(/[\\%_]/g, (c) => "\\" + c)}%` : undefined;
  const rows = await staffRows(pattern ? or(ilike(staffAccounts.email, pattern), ilike(staffAccounts.displayName, pattern)) : undefined, STAFF_LIST_LIMIT + 1, now);
  return { rows: rows.slice(0, STAFF_LIST_LIMIT), truncated: rows.length > STAFF_LIST_LIMIT };
}
