import { asc } from "drizzle-orm";
import { sectors } from "../../db/schema/index";
import { db } from "../lib/db.server";

export async function listSectors() {
  return db().select({ code: sectors.code, nameZh: sectors.nameZh, nameEn: sectors.nameEn }).from(sectors).orderBy(asc(sectors.sortOrder));
}
