import { and, asc, eq, inArray, lte, sql, type SQL } from "drizzle-orm";
import { places, sectors, tips } from "../../db/schema/index";
import { TRIAGE_STATES } from "../domain/case-state";
import { addDays, localDate } from "../domain/working-days";
import { db } from "../lib/db.server";
import { env } from "../lib/env.server";
import type { StaffContext } from "../lib/staff-session.server";
import { companyMatches } from "./company-search.server";
import { visibleCases, withinRegion } from "./case-visibility.server";

export const PAGE_SIZE = 50;

export type TriageFilters = {
  sector?: string;
  /** Any level: province, city or county code. */
  place?: string;
  flags?: ("major_hazard" | "concealed_accident" | "officials_implicated" | "captcha_unverified")[];
  /** Only tips at least this many days old. */
  minAgeDays?: number;
  /** A reference number (exact) or part of a company/site name (trigram similarity). */
  q?: string;
  /** Keyset cursor: "<submitted_on>_<reference_seq>" of the last row of the previous page. */
  after?: string;
};

export type TriageRow = {
  reference: string;
  state: string;
  submittedOn: string;
  dueOn: string | null;
  sector: { code: string; nameZh: string; nameEn: string };
  place: { code: string; nameZh: string; nameEn: string };
  companyName: string | null;
  flags: { majorHazard: boolean; concealedAccident: boolean; officialsImplicated: boolean; captchaUnverified: boolean };
  attachments: number;
  referenceSeq: number;
};

/** The triage queue: untriaged tips the officer may see, oldest first, keyset-paginated. */
export async function listTriageQueue(staff: StaffContext, f: TriageFilters, now = new Date()): Promise<{ rows: TriageRow[]; next: string | null }> {
  const where: SQL[] = [inArray(tips.state, [...TRIAGE_STATES]), visibleCases(staff)];
  if (f.sector) where.push(eq(tips.sectorCode, f.sector));
  if (f.place && /^\d{6}$/.test(f.place)) where.push(withinRegion(tips.placeCode, f.place));
  for (const flag of f.flags ?? []) {
    if (flag === "major_hazard") where.push(eq(tips.majorHazard, true));
    if (flag === "concealed_accident") where.push(eq(tips.concealedAccident, true));
    if (flag === "officials_implicated") where.push(eq(tips.officialsImplicated, true));
    if (flag === "captcha_unverified") where.push(eq(tips.captchaStatus, "unverified"));
  }
  if (f.minAgeDays && f.minAgeDays > 0) where.push(lte(tips.submittedOn, addDays(localDate(now, env().timeZone), -f.minAgeDays)));
  const q = f.q?.trim();
  if (q) {
    if (/^JB\d{4}-\d+$/i.test(q)) where.push(eq(tips.reference, q.toUpperCase()));
    else where.push(companyMatches(q));
  }
  const cursor = /^(\d{4}-\d{2}-\d{2})_(\d+)$/.exec(f.after ?? "");
  if (cursor) {
    // A row comparison, so the index on (submitted_on, reference_seq) starts right at the cursor.
    where.push(sql`(${tips.submittedOn}, ${tips.referenceSeq}) > (${cursor[1]!}::date, ${Number(cursor[2])})`);
  }
  const rows = await db()
    .select({
      reference: tips.reference,
      state: tips.state,
      submittedOn: tips.submittedOn,
      dueOn: tips.dueOn,
      referenceSeq: tips.referenceSeq,
      companyName: tips.companyName,
      majorHazard: tips.majorHazard,
      concealedAccident: tips.concealedAccident,
      officialsImplicated: tips.officialsImplicated,
      captchaStatus: tips.captchaStatus,
      sector: { code: sectors.code, nameZh: sectors.nameZh, nameEn: sectors.nameEn },
      place: { code: places.code, nameZh: places.nameZh, nameEn: places.nameEn },
      attachments: sql<number>`(select count(*)::int from attachments a where a.tip_id = ${tips.id} and a.message_id is null)`,
    })
    .from(tips)
    .innerJoin(sectors, eq(sectors.code, tips.sectorCode))
    .innerJoin(places, eq(places.code, tips.placeCode))
    .where(and(...where))
    .orderBy(asc(tips.submittedOn), asc(tips.referenceSeq))
    .limit(PAGE_SIZE + 1);
  const page = rows.slice(0, PAGE_SIZE).map((r) => ({
    reference: r.reference,
    state: r.state,
    submittedOn: r.submittedOn,
    dueOn: r.dueOn,
    referenceSeq: r.referenceSeq,
    companyName: r.companyName,
    sector: r.sector,
    place: r.place,
    attachments: r.attachments,
    flags: { majorHazard: r.majorHazard, concealedAccident: r.concealedAccident, officialsImplicated: r.officialsImplicated, captchaUnverified: r.captchaStatus === "unverified" },
  }));
  const last = page.at(-1);
  return { rows: page, next: rows.length > PAGE_SIZE && last ? `${last.submittedOn}_${last.referenceSeq}` : null };
}
