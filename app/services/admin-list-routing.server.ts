import { asc, eq } from "drizzle-orm";
import { departmentTypes, places, routingOverrides, sectors } from "../../db/schema/index";
import type { Level } from "../domain/places";
import { db } from "../lib/db.server";
import { listSectorDefaults } from "./admin-reference.server";

export type RoutingOverrideRow = {
  id: string;
  regionCode: string;
  regionLevel: Level;
  sectorCode: string;
  sectorNameZh: string;
  sectorNameEn: string;
  departmentType: string;
  departmentTypeNameZh: string;
  departmentTypeNameEn: string;
  createdAt: string;
};

/** The routing page: every regional override, and the default sector → department type table. */
export async function listRouting(): Promise<{ overrides: RoutingOverrideRow[]; defaults: Awaited<ReturnType<typeof listSectorDefaults>> }> {
  const [overrides, defaults] = await Promise.all([
    db()
      .select({
        id: routingOverrides.id,
        regionCode: routingOverrides.regionCode,
        regionLevel: places.level,
        sectorCode: routingOverrides.sectorCode,
        sectorNameZh: sectors.nameZh,
        sectorNameEn: sectors.nameEn,
        departmentType: routingOverrides.departmentType,
        departmentTypeNameZh: departmentTypes.nameZh,
        departmentTypeNameEn: departmentTypes.nameEn,
        createdAt: routingOverrides.createdAt,
      })
      .from(routingOverrides)
      .innerJoin(places, eq(places.code, routingOverrides.regionCode))
      .innerJoin(sectors, eq(sectors.code, routingOverrides.sectorCode))
      .innerJoin(departmentTypes, eq(departmentTypes.code, routingOverrides.departmentType))
      .orderBy(asc(routingOverrides.regionCode), asc(sectors.sortOrder)),
    listSectorDefaults(),
  ]);
  return { overrides: overrides.map((o) => ({ ...o, createdAt: o.createdAt.toISOString() })), defaults };
}
