/**
 * GB/T 2260 place codes nest by prefix: province xx0000, city xxxx00, county xxxxxx. The one
 * module for levels and containment, used by routing, permissions, statistics and intake.
 */
export type Level = "county" | "city" | "province";

export function levelOf(code: string): Level {
  if (code.endsWith("0000")) return "province";
  if (code.endsWith("00")) return "city";
  return "county";
}

/** The place at `level` containing `code` (or `code` itself when it is no more precise). */
export function placeAt(code: string, level: Level): string {
  if (level === "province") return code.slice(0, 2) + "0000";
  if (level === "city") return levelOf(code) === "province" ? code : code.slice(0, 4) + "00";
  return code;
}

/** True when `code` lies in `region` (or is it). */
export function placeWithin(code: string, region: string): boolean {
  const l = levelOf(region);
  return l === "province" ? code.slice(0, 2) === region.slice(0, 2) : l === "city" ? code.slice(0, 4) === region.slice(0, 4) : code === region;
}
