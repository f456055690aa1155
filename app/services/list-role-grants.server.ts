import { aliasedTable, and, asc, eq, inArray } from "drizzle-orm";
import { agencies, approvalRequests, staffAccounts } from "../../db/schema/index";
import { db } from "../lib/db.server";
import { roleGrantPayload } from "./role-grant-common.server";

type Named = { id: string; nameZh: string; nameEn: string };

export type PendingRoleGrant = {
  id: string;
  staff: { id: string; displayName: string; email: string; role: (typeof staffAccounts.$inferSelect)["role"]; active: boolean; agency: Named | null };
  role: (typeof staffAccounts.$inferSelect)["role"];
  agency: Named | null;
  activate: boolean;
  invitation: boolean;
  reason: string;
  requestedBy: { id: string; displayName: string };
  requestedAt: string;
  /** The viewer asked for it: they may withdraw it, not approve it. */
  mine: boolean;
};

/** The pending role grants, oldest first, with what each would change, for /staff/admin/approvals. */
export async function listPendingRoleGrants(viewerId: string, opts: { staffId?: string } = {}): Promise<PendingRoleGrant[]> {
  const requester = aliasedTable(staffAccounts, "requester");
  const currentAgency = aliasedTable(agencies, "current_agency");
  const rows = await db()
    .select({
      id: approvalRequests.id,
      payload: approvalRequests.payload,
      reason: approvalRequests.reason,
      requestedAt: approvalRequests.requestedAt,
      requestedById: approvalRequests.requestedBy,
      requestedByName: requester.displayName,
      staffId: staffAccounts.id,
      staffName: staffAccounts.displayName,
      staffEmail: staffAccounts.email,
      staffRole: staffAccounts.role,
      staffActive: staffAccounts.active,
      currentAgencyId: currentAgency.id,
      currentAgencyZh: currentAgency.nameZh,
      currentAgencyEn: currentAgency.nameEn,
    })
    .from(approvalRequests)
    .innerJoin(staffAccounts, eq(staffAccounts.id, approvalRequests.subjectId))
    .innerJoin(requester, eq(requester.id, approvalRequests.requestedBy))
    .leftJoin(currentAgency, eq(currentAgency.id, staffAccounts.agencyId))
    .where(and(eq(approvalRequests.kind, "role_grant"), eq(approvalRequests.state, "pending"), opts.staffId ? eq(approvalRequests.subjectId, opts.staffId) : undefined))
    .orderBy(asc(approvalRequests.requestedAt))
    .limit(200);
  const grants = rows.map((r) => ({ r, grant: roleGrantPayload(r.payload) }));
  const agencyIds = [...new Set(grants.map((g) => g.grant.agencyId).filter((id): id is string => id !== null))];
  const named = agencyIds.length ? await db().select({ id: agencies.id, nameZh: agencies.nameZh, nameEn: agencies.nameEn }).from(agencies).where(inArray(agencies.id, agencyIds)) : [];
  const names = new Map(named.map((a) => [a.id, a]));
  return grants.map(({ r, grant }) => ({
    id: r.id,
    staff: {
      id: r.staffId,
      displayName: r.staffName,
      email: r.staffEmail,
      role: r.staffRole,
      active: r.staffActive,
      agency: r.currentAgencyId ? { id: r.currentAgencyId, nameZh: r.currentAgencyZh ?? "", nameEn: r.currentAgencyEn ?? "" } : null,
    },
    role: grant.role,
    agency: grant.agencyId ? (names.get(grant.agencyId) ?? null) : null,
    activate: grant.activate,
    invitation: grant.invitation,
    reason: r.reason,
    requestedBy: { id: r.requestedById, displayName: r.requestedByName },
    requestedAt: r.requestedAt.toISOString(),
    mine: r.requestedById === viewerId,
  }));
}
