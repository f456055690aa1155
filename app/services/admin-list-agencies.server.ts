import { and, asc, eq, like, sql, type SQL } from "drizzle-orm";
import { agencies, departmentTypes, places, staffAccounts } from "../../db/schema/index";
import { regionPrefix, type Level } from "../domain/places";
import { db } from "../lib/db.server";

export const AGENCY_LIST_LIMIT = 500;

export type AgencyRow = {
  id: string;
  nameZh: string;
  nameEn: string;
  departmentType: string;
  departmentTypeNameZh: string;
  departmentTypeNameEn: string;
  placeCode: string;
  placeLevel: Level;
  inboxEmail: string;
  active: boolean;
  staffCount: number;
};

/** Agencies within a region (any level) and of a department type, each optional. */
export async function listAgencies(filter: { region?: string; departmentType?: string; active?: boolean } = {}): Promise<{ rows: AgencyRow[]; truncated: boolean }> {
  const where: SQL[] = [];
  if (filter.region && /^\d{6}$/.test(filter.region)) where.push(like(agencies.placeCode, regionPrefix(filter.region) + "%"));
  if (filter.departmentType) where.push(eq(agencies.departmentType, filter.departmentType));
  if (filter.active !== undefined) where.push(eq(agencies.active, filter.active));
  const rows = await db()
    .select({
      id: agencies.id,
      nameZh: agencies.nameZh,
      nameEn: agencies.nameEn,
      departmentType: agencies.departmentType,
      departmentTypeNameZh: departmentTypes.nameZh,
      departmentTypeNameEn: departmentTypes.nameEn,
      placeCode: agencies.placeCode,
      placeLevel: places.level,
      inboxEmail: agencies.inboxEmail,
      active: agencies.active,
      staffCount: sql<number>`(select count(*)::int from ${staffAccounts} s where s.agency_id = ${agencies.id} and s.active)`,
    })
    .from(agencies)
    .innerJoin(departmentTypes, eq(departmentTypes.code, agencies.departmentType))
    .innerJoin(places, eq(places.code, agencies.placeCode))
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(agencies.placeCode), asc(agencies.departmentType))
    .limit(AGENCY_LIST_LIMIT + 1);
  return { rows: rows.slice(0, AGENCY_LIST_LIMIT), truncated: rows.length > AGENCY_LIST_LIMIT };
}
