import { and, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../../app/lib/db.server";
import { agencies, calendarDays, departmentTypes, places, sectors, settings } from "../schema/index";
import { loadPlaces } from "./places";
import { CALENDAR_2026, DEFAULT_SETTINGS, DEMO_CITY_WITH_COUNTIES, DEMO_PROVINCE, DEPARTMENT_TYPES, SECTORS } from "./reference-data";

/**
 * Reference data: places, department types, sectors, default deadlines, the holiday calendar.
 * Idempotent: inserts only what is missing, never overwrites an administrator's edits.
 */
export async function seedReference(db: Database) {
  const rows = loadPlaces();
  for (let i = 0; i < rows.length; i += 1000) {
    await db.insert(places).values(rows.slice(i, i + 1000)).onConflictDoNothing();
  }
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
}

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
      values.push({
        departmentType: type.code,
        placeCode: place.code,
        nameZh: place.nameZh + type.nameZh,
        nameEn: `${place.nameEn} ${type.nameEn}`,
        inboxEmail: `${type.code.replace(/_/g, "-")}.${place.code}@agencies.canary.invalid`,
      });
    }
  }
  await db.insert(agencies).values(values).onConflictDoNothing();
  const [{ count }] = (await db
    .select({ count: sql<number>`count(*)::int` })
    .from(agencies)
    .where(inArray(agencies.placeCode, [DEMO_PROVINCE, ...cities.map((c) => c.code), ...counties.map((c) => c.code)]))) as [{ count: number }];
  return count;
}
