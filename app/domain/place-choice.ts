import { levelOf, placeAt, placeWithin } from "./places";

/**
 * The place a filter form's three lists (province → city → county, the place picker) choose, and
 * back. Without JavaScript a reader may change the province and submit while the city and county
 * lists still hold the old province's choice: a city or county outside the province chosen is
 * dropped, not searched.
 */
export type PlaceChoice = { province?: string; city?: string; county?: string };

const isCode = (s: string | undefined): s is string => !!s && /^\d{6}$/.test(s);

/** The most precise place chosen that lies within what is chosen above it, or undefined. */
export function chosenPlace(c: PlaceChoice): string | undefined {
  if (!isCode(c.province) || levelOf(c.province) !== "province") return undefined;
  const city = isCode(c.city) && levelOf(c.city) === "city" && placeWithin(c.city, c.province) ? c.city : undefined;
  const county = isCode(c.county) && levelOf(c.county) === "county" && placeWithin(c.county, city ?? c.province) ? c.county : undefined;
  return county ?? city ?? c.province;
}

/** What the three lists show for a place code (a province, a city or a county). */
export function placeChoiceOf(code: string | undefined): PlaceChoice {
  if (!isCode(code) || levelOf(code) === "country") return {};
  const level = levelOf(code);
  return {
    province: placeAt(code, "province"),
    ...(level !== "province" ? { city: placeAt(code, "city") } : {}),
    ...(level === "county" ? { county: code } : {}),
  };
}
