import { and, asc, eq, isNull } from "drizzle-orm";
import { places } from "../../db/schema/index";
import { db } from "../lib/db.server";

export type PlaceOption = { code: string; nameZh: string; nameEn: string };

let provincesCache: PlaceOption[] | undefined;

/** Children of a place (provinces when `parent` is null). Reference data: cached provinces. */
export async function listPlaces(parent: string | null): Promise<PlaceOption[]> {
  if (parent === null && provincesCache) return provincesCache;
  const rows = await db()
    .select({ code: places.code, nameZh: places.nameZh, nameEn: places.nameEn })
    .from(places)
    .where(parent === null ? and(isNull(places.parentCode), eq(places.level, "province")) : eq(places.parentCode, parent))
    .orderBy(asc(places.code));
  if (parent === null) provincesCache = rows;
  return rows;
}

/** The three lists the place picker shows for the current choice. */
export async function placeChoices(province?: string, city?: string) {
  const [provinces, cities, counties] = await Promise.all([
    listPlaces(null),
    province ? listPlaces(province) : Promise.resolve([]),
    city && province && city.startsWith(province.slice(0, 2)) ? listPlaces(city) : Promise.resolve([]),
  ]);
  return { provinces, cities, counties };
}
