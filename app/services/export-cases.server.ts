import { stringify } from "csv-stringify";
import { Readable } from "node:stream";
import { and, asc, eq, gt } from "drizzle-orm";
import { agencies, places, sectors, tips } from "../../db/schema/index";
import { CSV_TEXT_GUARD } from "../domain/csv-text";
import { db } from "../lib/db.server";
import type { StaffContext } from "../lib/staff-session.server";
import { visibleCases } from "./case-visibility.server";

export const EXPORT_COLUMNS = ["reference", "state", "submitted_on", "assigned_on", "due_on", "sector", "place_code", "place", "company_name", "agency", "major_hazard", "concealed_accident"] as const;

/**
 * The cases a staff member may see, as CSV, streamed in keyset batches (constant memory).
 * The same visibility rule as every other staff query: an implicated region exports nothing of it.
 * Text (a company name typed by a tipster) is guarded against spreadsheet formulas.
 */
export function exportCasesCsv(staff: StaffContext): ReadableStream<Uint8Array> {
  const csv = stringify({ header: true, columns: [...EXPORT_COLUMNS], bom: true, ...CSV_TEXT_GUARD });
  (async () => {
    let after = 0;
    for (;;) {
      const rows = await db()
        .select({
          seq: tips.referenceSeq,
          reference: tips.reference,
          state: tips.state,
          submitted_on: tips.submittedOn,
          assigned_on: tips.assignedOn,
          due_on: tips.dueOn,
          sector: sectors.nameZh,
          place_code: tips.placeCode,
          place: places.nameZh,
          company_name: tips.companyName,
          agency: agencies.nameZh,
          major_hazard: tips.majorHazard,
          concealed_accident: tips.concealedAccident,
        })
        .from(tips)
        .innerJoin(sectors, eq(sectors.code, tips.sectorCode))
        .innerJoin(places, eq(places.code, tips.placeCode))
        .leftJoin(agencies, eq(agencies.id, tips.agencyId))
        .where(and(visibleCases(staff), gt(tips.referenceSeq, after)))
        .orderBy(asc(tips.referenceSeq))
        .limit(2000);
      for (const { seq: _seq, ...r } of rows) if (!csv.write(r)) await new Promise((r) => csv.once("drain", r));
      if (rows.length < 2000) break;
      after = rows.at(-1)!.seq;
    }
    csv.end();
  })().catch((e) => csv.destroy(e as Error));
  // Node types Readable.toWeb as node:stream/web's ReadableStream<any>, not the DOM ReadableStream a Response takes.
  return Readable.toWeb(csv) as unknown as ReadableStream<Uint8Array>;
}
