import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Database } from "../../app/lib/db.server";
import { agencies, calendarDays, departmentTypes, places, sectorKeywords, sectors, settings } from "../schema/index";
import { loadPlaces } from "./places";
import { DEFAULT_SECTOR_KEYWORDS } from "./sector-keywords";
import { CALENDAR_2026, COUNTRY_PLACE, DEFAULT_SETTINGS, DEMO_CITY_WITH_COUNTIES, DEMO_PROVINCE, DEPARTMENT_TYPES, NATIONAL_AGENCIES, SECTORS } from "./reference-data";

/**
 * Reference data: places, department types, sectors, default deadlines, the holiday calendar.
 * Idempotent: inserts only what is missing, never overwrites an administrator's edits.
 */
export async function seedReference(db: Database) {
  const rows = loadPlaces();
  for (let i = 0; i < rows.length; i += 1000) {
    await db.insert(places).values(rows.slice(i, i + 1000)).onConflictDoNothing();
  }
  // The national level. Written in SQL: the schema's TypeScript enum of places.level does not
  // list "country" yet (the column itself is plain text without a check).
  await db.execute(
    sql`insert into ${places} (code, parent_code, level, name_zh, name_en) values (${COUNTRY_PLACE.code}, null, 'country', ${COUNTRY_PLACE.nameZh}, ${COUNTRY_PLACE.nameEn}) on conflict do nothing`,
  );
  await db.insert(departmentTypes).values([...DEPARTMENT_TYPES]).onConflictDoNothing();
  await db
    .insert(sectors)
    .values(SECTORS.map((s, i) => ({ ...s, sortOrder: i })))
    .onConflictDoNothing();
  await db
    .insert(settings)
    .values(Object.entries(DEFAULT_SETTINGS).map(([key, value]) => ({ key, value })))
    .onConflictDoNothing();
  await db.insert(calendarDays).values(CALENDAR_2026).onConflictDoNothing();
  // The classifier's keywords only into an empty table: a phrase an administrator removed stays removed.
  const [anyKeyword] = await db.select({ id: sectorKeywords.id }).from(sectorKeywords).limit(1);
  if (!anyKeyword) await db.insert(sectorKeywords).values(DEFAULT_SECTOR_KEYWORDS).onConflictDoNothing();
}

type DepartmentType = (typeof DEPARTMENT_TYPES)[number];

/** A demo agency: the place's name and the department's ("浙江省" + "应急管理局"), a demo inbox. */
const agencyOf = (type: DepartmentType, place: { code: string; nameZh: string; nameEn: string }) => ({
  departmentType: type.code,
  placeCode: place.code,
  nameZh: place.nameZh + type.nameZh,
  nameEn: `${place.nameEn} ${type.nameEn}`,
  inboxEmail: `${type.code.replace(/_/g, "-")}.${place.code}@agencies.canary.invalid`,
});

/**
 * Demo agencies for one province: every department type at the province and at each city;
 * every type but the provincial-only ones at each county of one city. Each has an inbox.
 */
export async function seedDemoAgencies(db: Database) {
  const province = await db.select().from(places).where(eq(places.code, DEMO_PROVINCE));
  const cities = await db.select().from(places).where(and(eq(places.parentCode, DEMO_PROVINCE), eq(places.level, "city")));
  const counties = await db.select().from(places).where(eq(places.parentCode, DEMO_CITY_WITH_COUNTIES));
  const values = [];
  for (const place of [...province, ...cities, ...counties]) {
    for (const type of DEPARTMENT_TYPES) {
      if (type.provincialOnly && place.level !== "province") continue;
      values.push(agencyOf(type, place));
    }
  }
  await db.insert(agencies).values(values).onConflictDoNothing();
  const [{ count }] = (await db
    .select({ count: sql<number>`count(*)::int` })
    .from(agencies)
    .where(inArray(agencies.placeCode, [DEMO_PROVINCE, ...cities.map((c) => c.code), ...counties.map((c) => c.code)]))) as [{ count: number }];
  return count;
}

const nationalAgency = (type: DepartmentType) => ({ ...agencyOf(type, COUNTRY_PLACE), ...NATIONAL_AGENCIES[type.code] });

/**
 * The national desk alone (国务院安委会办公室 at 000000), for the demo staff's national desk
 * account where the rest of the directory is not wanted (the tests' shared database).
 */
export async function seedNationalDesk(db: Database): Promise<void> {
  await db.insert(agencies).values(nationalAgency(DEPARTMENT_TYPES.find((t) => t.code === "safety_committee")!)).onConflictDoNothing();
}

/**
 * The reference directory above the demo province, so that a tip from anywhere has a desk: the
 * national agency of every department type at 000000 (国务院安委会办公室 the national triage
 * desk), and every department type (the safety-committee office included) at each of the 31
 * provinces. Idempotent (an agency is its type and place: what exists, e.g. Zhejiang's or the
 * statistics sample's, is left as it is). Returns the agencies at these levels.
 */
export async function seedCountryDirectory(db: Database): Promise<{ national: number; provincial: number }> {
  const provinces = await db.select().from(places).where(and(eq(places.level, "province"), isNull(places.parentCode)));
  const values = DEPARTMENT_TYPES.map(nationalAgency);
  for (const province of provinces) for (const type of DEPARTMENT_TYPES) values.push(agencyOf(type, province));
  for (let i = 0; i < values.length; i += 1000) await db.insert(agencies).values(values.slice(i, i + 1000)).onConflictDoNothing();
  const [row] = (await db
    .select({
      national: sql<number>`count(*) filter (where ${agencies.placeCode} = ${COUNTRY_PLACE.code})::int`,
      provincial: sql<number>`count(*) filter (where ${agencies.placeCode} <> ${COUNTRY_PLACE.code})::int`,
    })
    .from(agencies)
    .where(inArray(agencies.placeCode, [COUNTRY_PLACE.code, ...provinces.map((p) => p.code)]))) as [{ national: number; provincial: number }];
  return row;
}
