/**
 * GB/T 2260 place codes nest by prefix: province xx0000, city xxxx00, county xxxxxx, and above
 * them the country (全国, 000000), which contains every province. The one module for levels,
 * containment and ancestry, used by routing, permissions, the desk rule, statistics and intake.
 */
/** Levels from the most precise up (also `places.level`'s closed set). */
export const LEVELS = ["county", "city", "province", "country"] as const;
export type Level = (typeof LEVELS)[number];

/** The whole country: the national agencies' place (docs/decisions/018-national-level-and-desks.md). */
export const COUNTRY = "000000";

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

/** The places an address names, top down: province, city, county (the country is named only for itself). */
export function addressPath(code: string): string[] {
  if (code === COUNTRY) return [COUNTRY];
  return regionsContaining(code)
    .filter((r) => r !== COUNTRY)
    .reverse();
}

/** The inclusive range of codes a region covers (a county: itself; the country: every code), for range scans on an indexed code. */
export function codeRange(region: string): [string, string] {
  const l = levelOf(region);
  if (l === "country") return ["000000", "999999"];
  if (l === "province") return [region, region.slice(0, 2) + "9999"];
  if (l === "city") return [region, region.slice(0, 4) + "99"];
  return [region, region];
}

/** A region's code without the trailing zeros of its level: every code within it starts with it (the country: ""). */
export function regionPrefix(region: string): string {
  const l = levelOf(region);
  return l === "country" ? "" : l === "province" ? region.slice(0, 2) : l === "city" ? region.slice(0, 4) : region;
}

/**
 * Levels of GB/T 2260 that are not real names — 市辖区 (a city's districts), 省直辖县级行政区划 /
 * 自治区直辖县级行政区划 (counties under the province): left out of a written address. The same
 * rule as migration 0012's place_paths (name_zh LIKE '%市辖区%' or '%直辖%').
 */
export function isPlaceholderPlaceName(nameZh: string): boolean {
  return nameZh.includes("市辖区") || nameZh.includes("直辖");
}
