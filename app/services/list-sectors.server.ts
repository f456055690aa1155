import { asc } from "drizzle-orm";
import { sectors } from "../../db/schema/index";
import { db } from "../lib/db.server";

type Sector = { code: string; nameZh: string; nameEn: string };
let cache: { rows: Sector[]; at: number } | undefined;

/** The sectors in display order. Reference data: cached for a minute. */
export async function listSectors(): Promise<Sector[]> {
  if (cache && Date.now() - cache.at < 60_000) return cache.rows;
  const rows = await db().select({ code: sectors.code, nameZh: sectors.nameZh, nameEn: sectors.nameEn }).from(sectors).orderBy(asc(sectors.sortOrder));
  cache = { rows, at: Date.now() };
  return rows;
}
