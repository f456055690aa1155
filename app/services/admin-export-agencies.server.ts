import { stringify } from "csv-stringify/sync";
import { asc } from "drizzle-orm";
import { agencies } from "../../db/schema/index";
import { DIRECTORY_COLUMNS, directoryRecord } from "../domain/agency-directory";
import { CSV_TEXT_GUARD } from "../domain/csv-text";
import { db } from "../lib/db.server";

/**
 * The whole agency directory as CSV, in the import's columns (every agency, deactivated ones
 * included, by place then department type): UTF-8 with a byte-order mark so spreadsheets read
 * the Chinese names, CRLF line ends, text guarded against formulas. ~6,000 rows: built in memory.
 */
export async function exportAgencyDirectory(): Promise<string> {
  const rows = await db()
    .select({ departmentType: agencies.departmentType, placeCode: agencies.placeCode, nameZh: agencies.nameZh, nameEn: agencies.nameEn, inboxEmail: agencies.inboxEmail, active: agencies.active })
    .from(agencies)
    .orderBy(asc(agencies.placeCode), asc(agencies.departmentType));
  return stringify(
    rows.map((r) => directoryRecord({ ...r, placeCode: r.placeCode.trim() })),
    { header: true, columns: [...DIRECTORY_COLUMNS], bom: true, record_delimiter: "windows", ...CSV_TEXT_GUARD },
  );
}
