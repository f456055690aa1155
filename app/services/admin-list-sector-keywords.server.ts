import { asc, desc } from "drizzle-orm";
import { sectorKeywords, sectors } from "../../db/schema/index";
import { db } from "../lib/db.server";

/** The keyword page: every sector (in the form's order) with its phrases, strongest first. */
export async function listSectorKeywords() {
  const [s, k] = await Promise.all([
    db().select({ code: sectors.code, nameZh: sectors.nameZh, nameEn: sectors.nameEn }).from(sectors).orderBy(asc(sectors.sortOrder)),
    db()
      .select({ id: sectorKeywords.id, sectorCode: sectorKeywords.sectorCode, phrase: sectorKeywords.phrase, weight: sectorKeywords.weight })
      .from(sectorKeywords)
      .orderBy(asc(sectorKeywords.sectorCode), desc(sectorKeywords.weight), asc(sectorKeywords.phrase)),
  ]);
  return s
    .filter((x) => x.code !== "other")
    .map((sector) => ({ ...sector, keywords: k.filter((x) => x.sectorCode === sector.code) }));
}
