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

/**
 * The form posted back by the place picker's "update" button (JavaScript off): what was typed,
 * without the button, and the lists for the province and city chosen; a city or county that no
 * longer belongs to the choice is cleared.
 */
export async function refreshPlaceChoices(fields: FormData) {
  const values: Record<string, string> = {};
  for (const [k, v] of fields.entries()) if (typeof v === "string" && k !== "intent" && k !== "csrf") values[k] = v;
  const places = await placeChoices(values.province || undefined, values.city || undefined);
  if (!places.cities.some((c) => c.code === values.city)) values.city = "";
  if (!places.counties.some((c) => c.code === values.county)) values.county = "";
  return { values, places };
}
