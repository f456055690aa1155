/**
 * GB/T 2260 place codes nest by prefix: province xx0000, city xxxx00, county xxxxxx, and above
 * them the country (全国, 000000), which contains every province. The one module for levels,
 * containment and ancestry, used by routing, permissions, the desk rule, statistics and intake.
 */
export type Level = "county" | "city" | "province" | "country";

/** The whole country: the national agencies' place (docs/decisions/018-national-level-and-desks.md). */
export const COUNTRY = "000000";

/** Levels from the most precise up. */
export const LEVELS: readonly Level[] = ["county", "city", "province", "country"];

export function levelOf(code: string): Level {
  if (code === COUNTRY) return "country";
  if (code.endsWith("0000")) return "province";
  if (code.endsWith("00")) return "city";
  return "county";
}

/** The place at `level` containing `code` (or `code` itself when it is no more precise). */
export function placeAt(code: string, level: Level): string {
  if (level === "country" || code === COUNTRY) return COUNTRY;
  if (level === "province") return code.slice(0, 2) + "0000";
  if (level === "city") return levelOf(code) === "province" ? code : code.slice(0, 4) + "00";
  return code;
}

/** True when `code` lies in `region` (or is it). The country lies in no province. */
export function placeWithin(code: string, region: string): boolean {
  const l = levelOf(region);
  if (l === "country") return true;
  if (code === COUNTRY) return false;
  return l === "province" ? code.slice(0, 2) === region.slice(0, 2) : l === "city" ? code.slice(0, 4) === region.slice(0, 4) : code === region;
}

/** The regions containing a place, itself first, then up to the country: county → city → province → country. */
export function regionsContaining(code: string): string[] {
  return [...new Set(LEVELS.map((l) => placeAt(code, l)))];
}

/** The regions strictly above a place, nearest first. */
export function regionsAbove(code: string): string[] {
  return regionsContaining(code).filter((r) => r !== code);
}
