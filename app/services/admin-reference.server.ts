import { asc, eq, inArray } from "drizzle-orm";
import { agencies, departmentTypes, places, sectors } from "../../db/schema/index";
import type { DirectoryReference } from "../domain/agency-directory";
import { addressPath } from "../domain/places";
import { db, type Executor } from "../lib/db.server";

/** Reference lists the administration forms choose from. */

export type Named = { code: string; nameZh: string; nameEn: string };

export async function listDepartmentTypes(): Promise<(Named & { provincialOnly: boolean })[]> {
  return db()
    .select({ code: departmentTypes.code, nameZh: departmentTypes.nameZh, nameEn: departmentTypes.nameEn, provincialOnly: departmentTypes.provincialOnly })
    .from(departmentTypes)
    .orderBy(asc(departmentTypes.code));
}

/** Sectors in display order with their default department type (docs/domain.md "Routing table"). */
export async function listSectorDefaults(): Promise<(Named & { departmentType: string | null })[]> {
  return db()
    .select({ code: sectors.code, nameZh: sectors.nameZh, nameEn: sectors.nameEn, departmentType: sectors.departmentType })
    .from(sectors)
    .orderBy(asc(sectors.sortOrder));
}

/** Places by code, with their parents' names for a readable label ("浙江省 杭州市 西湖区"). */
export async function placeLabels(codes: string[]): Promise<Record<string, { zh: string; en: string }>> {
  const wanted = new Set<string>();
  for (const c of codes) {
    if (!/^\d{6}$/.test(c)) continue;
    for (const p of addressPath(c)) wanted.add(p);
  }
  if (wanted.size === 0) return {};
  const rows = await db().select({ code: places.code, nameZh: places.nameZh, nameEn: places.nameEn }).from(places).where(inArray(places.code, [...wanted]));
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const out: Record<string, { zh: string; en: string }> = {};
  for (const c of codes) {
    if (!byCode.has(c)) continue;
    const chain = addressPath(c).map((x) => byCode.get(x)).filter((x) => x !== undefined);
    out[c] = { zh: chain.map((p) => p.nameZh).join(" "), en: [...chain].reverse().map((p) => p.nameEn).join(", ") };
  }
  return out;
}

export type AgencyOption = { id: string; nameZh: string; nameEn: string; placeCode: string; departmentType: string };

/** Active agencies for the staff forms, by place then department type. */
export async function listAgencyOptions(): Promise<AgencyOption[]> {
  return db()
    .select({ id: agencies.id, nameZh: agencies.nameZh, nameEn: agencies.nameEn, placeCode: agencies.placeCode, departmentType: agencies.departmentType })
    .from(agencies)
    .where(eq(agencies.active, true))
    .orderBy(asc(agencies.placeCode), asc(agencies.departmentType));
}

/** The department types and places a directory file may name (all of them: ~3,400 rows). */
export async function directoryReference(tx: Executor = db()): Promise<DirectoryReference> {
  const [types, placeRows] = await Promise.all([
    tx.select({ code: departmentTypes.code, provincialOnly: departmentTypes.provincialOnly }).from(departmentTypes),
    tx.select({ code: places.code, level: places.level }).from(places),
  ]);
  return {
    departmentTypes: new Map(types.map((t) => [t.code, { provincialOnly: t.provincialOnly }])),
    placeLevels: new Map(placeRows.map((p) => [p.code.trim(), p.level])),
  };
}
