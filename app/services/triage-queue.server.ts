import { and, asc, eq, inArray, lte, sql, type SQL } from "drizzle-orm";
import { places, sectors, staffAccounts, tips } from "../../db/schema/index";
import { TRIAGE_STATES } from "../domain/case-state";
import { claimIsLive } from "../domain/triage-claim";
import { DUE_SQL, URGENCY_SQL, decodeQueueCursor, encodeQueueCursor, queueKeyOf, type QueueSort } from "../domain/triage-urgency";
import { addDays, localDate } from "../domain/working-days";
import { db } from "../lib/db.server";
import { env } from "../lib/env.server";
import type { StaffContext } from "../lib/staff-session.server";
import { companyMatches } from "./company-search.server";
import { hasNewsFor } from "./replies-waiting.server";
import { visibleCases, withinRegion } from "./case-visibility.server";
import { claimLapseMinutes, claimView, type ClaimView } from "./triage-claim.server";
import { decryptContent } from "./tip-content.server";

export const PAGE_SIZE = 50;
/** How much of the description a row shows. */
export const SNIPPET_LENGTH = 120;

export type TriageFilters = {
  sector?: string;
  /** Any level: province, city or county code. */
  place?: string;
  flags?: ("major_hazard" | "concealed_accident" | "officials_implicated" | "captcha_unverified")[];
  /** Only tips at least this many days old. */
  minAgeDays?: number;
  /** A reference number (exact) or part of a company/site name (trigram similarity). */
  q?: string;
  /** Urgency (the default, app/domain/triage-urgency.ts) or oldest first. */
  sort?: QueueSort;
  /**
   * Keyset cursor: the last row's full sort key — urgency order
   * "<urgency>_<due_on|none>_<submitted_on>_<reference_seq>", oldest first "<submitted_on>_<reference_seq>".
   */
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
  deaths: number | null;
  attachments: number;
  referenceSeq: number;
  /** The first SNIPPET_LENGTH characters of the description (decrypted here: only triage roles reach this list). */
  snippet: string;
  /** A live claim: who handles it, since when (local time). */
  claim: ClaimView | null;
  /** A tipster message this officer has not seen (replies-waiting.server.ts). */
  news: boolean;
};

const urgency = sql<number>`${sql.raw(URGENCY_SQL)}`;
const due = sql`${sql.raw(DUE_SQL)}`;

/** The filters' where-clause (always within the tips the viewer may see, untriaged). */
function queueWhere(staff: StaffContext, f: TriageFilters, now: Date): SQL[] {
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
  return where;
}

/** The order, and the row comparison that starts a page right after the cursor (on the order's index). */
function orderAndCursor(sort: QueueSort, after: string | undefined): { order: SQL[]; cursor: SQL | null } {
  if (sort === "oldest") {
    const c = /^(\d{4}-\d{2}-\d{2})_(\d+)$/.exec(after ?? "");
    return {
      order: [asc(tips.submittedOn), asc(tips.referenceSeq)],
      // tips_triage_queue_idx (submitted_on, reference_seq).
      cursor: c ? sql`(${tips.submittedOn}, ${tips.referenceSeq}) > (${c[1]!}::date, ${Number(c[2])})` : null,
    };
  }
  const k = decodeQueueCursor(after);
  return {
    // tips_triage_urgency_idx: the same expressions, in the same order.
    order: [asc(urgency), asc(due), asc(tips.submittedOn), asc(tips.referenceSeq)],
    cursor: k ? sql`(${urgency}, ${due}, ${tips.submittedOn}, ${tips.referenceSeq}) > (${k.urgency}, ${k.dueOn ?? "infinity"}::date, ${k.submittedOn}::date, ${k.referenceSeq})` : null,
  };
}

/** Not claimed by anyone else (no claim, one's own, or a lapsed one). */
function notClaimedByOthers(staff: StaffContext, lapseMinutes: number, now: Date): SQL {
  return sql`(${tips.claimedBy} is null or ${tips.claimedBy} = ${staff.staffId} or ${tips.claimedAt} <= ${new Date(now.getTime() - lapseMinutes * 60_000).toISOString()}::timestamptz)`;
}

/** The triage queue: untriaged tips the officer may see, in urgency order (or oldest first), keyset-paginated. */
export async function listTriageQueue(staff: StaffContext, f: TriageFilters, now = new Date()): Promise<{ rows: TriageRow[]; next: string | null }> {
  const sort = f.sort ?? "urgency";
  const where = queueWhere(staff, f, now);
  const { order, cursor } = orderAndCursor(sort, f.after);
  if (cursor) where.push(cursor);
  const rows = await db()
    .select({
      id: tips.id,
      reference: tips.reference,
      state: tips.state,
      submittedOn: tips.submittedOn,
      dueOn: tips.dueOn,
      referenceSeq: tips.referenceSeq,
      companyName: tips.companyName,
      majorHazard: tips.majorHazard,
      concealedAccident: tips.concealedAccident,
      deaths: tips.deaths,
      officialsImplicated: tips.officialsImplicated,
      captchaStatus: tips.captchaStatus,
      contentEnc: tips.contentEnc,
      claimedBy: tips.claimedBy,
      claimedAt: tips.claimedAt,
      claimant: staffAccounts.displayName,
      sector: { code: sectors.code, nameZh: sectors.nameZh, nameEn: sectors.nameEn },
      place: { code: places.code, nameZh: places.nameZh, nameEn: places.nameEn },
      attachments: sql<number>`(select count(*)::int from attachments a where a.tip_id = ${tips.id} and a.message_id is null)`,
      news: hasNewsFor(staff),
    })
    .from(tips)
    .innerJoin(sectors, eq(sectors.code, tips.sectorCode))
    .innerJoin(places, eq(places.code, tips.placeCode))
    .leftJoin(staffAccounts, eq(staffAccounts.id, tips.claimedBy))
    .where(and(...where))
    .orderBy(...order)
    .limit(PAGE_SIZE + 1);
  const lapse = await claimLapseMinutes();
  const tz = env().timeZone;
  const page = rows.slice(0, PAGE_SIZE).map((r) => {
    const description = decryptContent(r.id, r.contentEnc).description;
    const claim = r.claimedBy && claimIsLive({ claimedAt: r.claimedAt }, now, lapse) ? { staffId: r.claimedBy, displayName: r.claimant ?? "—", claimedAt: r.claimedAt! } : null;
    return {
      reference: r.reference,
      state: r.state,
      submittedOn: r.submittedOn,
      dueOn: r.dueOn,
      referenceSeq: r.referenceSeq,
      companyName: r.companyName,
      sector: r.sector,
      place: r.place,
      attachments: r.attachments,
      deaths: r.deaths,
      flags: { majorHazard: r.majorHazard, concealedAccident: r.concealedAccident, officialsImplicated: r.officialsImplicated, captchaUnverified: r.captchaStatus === "unverified" },
      snippet: description.length > SNIPPET_LENGTH ? `${description.slice(0, SNIPPET_LENGTH)}…` : description,
      news: r.news,
      claim: claimView(claim, staff, now),
    };
  });
  const last = page.at(-1);
  const next = rows.length > PAGE_SIZE && last ? (sort === "oldest" ? `${last.submittedOn}_${last.referenceSeq}` : encodeQueueCursor(queueKeyOf({ ...last, majorHazard: last.flags.majorHazard, concealedAccident: last.flags.concealedAccident }))) : null;
  return { rows: page, next };
}

/**
 * "Decide and open the next": the first tip of the officer's queue in urgency order that nobody
 * else is handling (a live claim), other than `except` (the one just decided). Null when none.
 */
export async function nextTipFor(staff: StaffContext, except: string, now = new Date()): Promise<string | null> {
  const { order } = orderAndCursor("urgency", undefined);
  const [row] = await db()
    .select({ reference: tips.reference })
    .from(tips)
    .where(and(...queueWhere(staff, {}, now), notClaimedByOthers(staff, await claimLapseMinutes(), now), sql`${tips.reference} <> ${except}`))
    .orderBy(...order)
    .limit(1);
  return row?.reference ?? null;
}
