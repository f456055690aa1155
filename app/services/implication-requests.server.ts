import { and, asc, eq, inArray } from "drizzle-orm";
import { agencies, approvalRequests, places, staffAccounts, tips } from "../../db/schema/index";
import { mayDecideImplicationChange } from "../domain/permissions";
import { localDate } from "../domain/working-days";
import { db } from "../lib/db.server";
import { env } from "../lib/env.server";
import type { StaffContext } from "../lib/staff-session.server";
import { visibleCases } from "./case-visibility.server";

/** What an implication-change request asks for (approval_requests.payload of kind implication_change). */
export type ImplicationPayload = {
  from: { officialsImplicated: boolean; implicatedPlaceCode: string | null };
  to: { officialsImplicated: boolean; implicatedPlaceCode: string | null };
};

/** The pending request to clear or narrow a tip's implication, if any (the triage page shows it). */
export async function pendingImplicationRequest(tipId: string) {
  const [row] = await db()
    .select({
      id: approvalRequests.id,
      payload: approvalRequests.payload,
      reason: approvalRequests.reason,
      requestedAt: approvalRequests.requestedAt,
      requestedBy: staffAccounts.displayName,
    })
    .from(approvalRequests)
    .innerJoin(staffAccounts, eq(staffAccounts.id, approvalRequests.requestedBy))
    .where(and(eq(approvalRequests.kind, "implication_change"), eq(approvalRequests.subjectId, tipId), eq(approvalRequests.state, "pending")));
  if (!row) return null;
  const payload = row.payload as ImplicationPayload;
  // The regions by name (the desk reads 西湖区, not 330106), the date in the deployment's zone.
  const codes = [payload.from.implicatedPlaceCode, payload.to.implicatedPlaceCode].filter((c): c is string => c !== null);
  const names = codes.length ? await db().select({ code: places.code, nameZh: places.nameZh, nameEn: places.nameEn }).from(places).where(inArray(places.code, codes)) : [];
  return { ...row, payload, placeNames: Object.fromEntries(names.map((n) => [n.code, { nameZh: n.nameZh, nameEn: n.nameEn }])), requestedOn: localDate(row.requestedAt, env().timeZone), requestedAt: row.requestedAt.toISOString() };
}

/**
 * The pending implication changes `staff` may decide (`mayDecideImplicationChange`): on cases
 * they may see, outside the region implicated now, not asked by themselves. Oldest first.
 */
export async function listImplicationRequests(staff: StaffContext) {
  if (!staff.agency) return [];
  const rows = await db()
    .select({
      id: approvalRequests.id,
      payload: approvalRequests.payload,
      reason: approvalRequests.reason,
      requestedAt: approvalRequests.requestedAt,
      requestedById: approvalRequests.requestedBy,
      requestedBy: staffAccounts.displayName,
      reference: tips.reference,
      state: tips.state,
      facts: {
        placeCode: tips.placeCode,
        agencyId: tips.agencyId,
        agencyPlaceCode: agencies.placeCode,
        agencyDepartmentType: agencies.departmentType,
        implicatedPlaceCode: tips.implicatedPlaceCode,
      },
    })
    .from(approvalRequests)
    .innerJoin(tips, eq(tips.id, approvalRequests.subjectId))
    .innerJoin(staffAccounts, eq(staffAccounts.id, approvalRequests.requestedBy))
    .leftJoin(agencies, eq(agencies.id, tips.agencyId))
    .where(and(eq(approvalRequests.kind, "implication_change"), eq(approvalRequests.state, "pending"), visibleCases(staff)))
    .orderBy(asc(approvalRequests.requestedAt))
    .limit(200);
  const approver = { role: staff.role, agency: staff.agency, staffId: staff.staffId };
  const decidable = rows.filter((r) => mayDecideImplicationChange(approver, r.facts, r.requestedById));
  const codes = [...new Set(decidable.flatMap((r) => regionsOf(r.payload as ImplicationPayload)))];
  const names = codes.length ? await db().select({ code: places.code, nameZh: places.nameZh, nameEn: places.nameEn }).from(places).where(inArray(places.code, codes)) : [];
  return decidable.map((r) => ({
    id: r.id,
    reference: r.reference,
    state: r.state,
    reason: r.reason,
    requestedBy: r.requestedBy,
    requestedAt: r.requestedAt.toISOString(),
    payload: r.payload as ImplicationPayload,
    placeNames: names,
  }));
}

const regionsOf = (p: ImplicationPayload) => [p.from.implicatedPlaceCode, p.to.implicatedPlaceCode].filter((c): c is string => c !== null);
