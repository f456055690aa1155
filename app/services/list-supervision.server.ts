import { overdueStanding } from "../domain/overdue";
import { and, asc, eq, inArray, lt, sql } from "drizzle-orm";
import { agencies, places, sectors, tips } from "../../db/schema/index";
import { db } from "../lib/db.server";
import type { StaffContext } from "../lib/staff-session.server";
import { handledCases } from "./case-visibility.server";
import { DEADLINE_STATES, todayLocal } from "./deadline-common.server";

export type SupervisionRow = {
  reference: string;
  state: string;
  dueOn: string | null;
  overdueSince: string | null;
  escalatedAt: string | null;
  supervisionNote: string | null;
  sector: { nameZh: string; nameEn: string };
  place: { nameZh: string; nameEn: string };
  agency: { nameZh: string; nameEn: string } | null;
  /** Days past the current deadline, and the day it was escalated for it (app/domain/overdue.ts). */
  daysOverdue: number;
  escalatedOn: string | null;
};

/**
 * The supervision list (挂牌督办) of a supervisor: open cases of their subtree (handledCases)
 * whose current deadline has passed — escalated already (`overdue_since` set) or awaiting the
 * hourly job — oldest overdue first.
 */
export async function listSupervision(staff: StaffContext, opts: { now?: Date; limit?: number } = {}): Promise<{ rows: SupervisionRow[]; today: string }> {
  const today = todayLocal(opts.now);
  // overdue_since of an earlier deadline (on or before the current one) does not count.
  const since = sql`case when ${tips.overdueSince} > ${tips.dueOn} then ${tips.overdueSince} else ${tips.dueOn} + 1 end`;
  const rows = await db()
    .select({
      reference: tips.reference,
      state: tips.state,
      dueOn: tips.dueOn,
      overdueSince: tips.overdueSince,
      escalatedAt: tips.escalatedAt,
      supervisionNote: tips.supervisionNote,
      sector: { nameZh: sectors.nameZh, nameEn: sectors.nameEn },
      place: { nameZh: places.nameZh, nameEn: places.nameEn },
      agency: { nameZh: agencies.nameZh, nameEn: agencies.nameEn },
    })
    .from(tips)
    .innerJoin(sectors, eq(sectors.code, tips.sectorCode))
    .innerJoin(places, eq(places.code, tips.placeCode))
    .leftJoin(agencies, eq(agencies.id, tips.agencyId))
    .where(and(handledCases(staff), inArray(tips.state, [...DEADLINE_STATES]), lt(tips.dueOn, today)))
    .orderBy(asc(since), asc(tips.dueOn), asc(tips.referenceSeq))
    .limit(opts.limit ?? 500);
  return {
    today,
    rows: rows.map((r) => ({ ...r, escalatedAt: r.escalatedAt ? r.escalatedAt.toISOString() : null, ...overdueStanding(r, today) })),
  };
}
