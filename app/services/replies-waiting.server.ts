import { and, asc, eq, isNull, or, sql, type SQL } from "drizzle-orm";
import { attachments, caseReads, places, sectors, staffAccounts, tipMessages, tips } from "../../db/schema/index";
import { db } from "../lib/db.server";
import type { StaffContext } from "../lib/staff-session.server";
import { visibleCases } from "./case-visibility.server";

/** How many waiting cases the home page lists (the count says how many there are in all). */
export const REPLIES_WAITING_LIMIT = 50;

/**
 * Unread for this staff member: the tip's latest tipster message is beyond what they have seen
 * themselves (case_reads). A boolean SQL expression over `tips`, for any list to select.
 */
export function hasNewsFor(staff: Pick<StaffContext, "staffId">): SQL<boolean> {
  return sql<boolean>`(${tips.tipsterNewsPosition} > coalesce((select ${caseReads.seenPosition} from ${caseReads} where ${caseReads.staffId} = ${staff.staffId} and ${caseReads.tipId} = ${tips.id}), 0))`;
}

/** Waiting: nobody who may see the case has opened it since the tipster wrote (the partial index's predicate). */
const waiting = sql`${tips.tipsterNewsPosition} > ${tips.newsSeenPosition}`;

/**
 * Whose waiting list a case is on, beyond seeing it: a triage officer's are the tips still at the
 * desk, and routed tips whose thread holds a question written by a member of the desk (the desk
 * asked; the desk should see the answer) — the agency handles the rest. Agency officers and
 * supervisors: their cases. Other roles keep no such list.
 */
function waitingFor(staff: StaffContext): SQL | null {
  if (!staff.agency) return null;
  const seen = visibleCases(staff);
  switch (staff.role) {
    case "triage_officer": {
      const deskAsked = sql`exists (select 1 from ${tipMessages} join ${staffAccounts} on ${staffAccounts.id} = ${tipMessages.staffId}
        where ${tipMessages.tipId} = ${tips.id} and ${tipMessages.author} = 'staff' and ${staffAccounts.agencyId} = ${staff.agency.id})`;
      return and(waiting, seen, or(isNull(tips.agencyId), deskAsked))!;
    }
    case "agency_officer":
    case "supervisor":
      return and(waiting, seen)!;
    default:
      return null;
  }
}

export type WaitingReply = NonNullable<Awaited<ReturnType<typeof listRepliesWaiting>>>["rows"][number];

/**
 * The cases with a tipster reply (or evidence) nobody has opened yet, visible to `staff`, by
 * deadline (the soonest first, none last), with how many there are. Each with the reply's date,
 * and whether it brought files (unread for everyone: nobody who may see it has opened it). Null
 * for a role that keeps no such list.
 */
export async function listRepliesWaiting(staff: StaffContext) {
  const where = waitingFor(staff);
  if (!where) return null;
  const latest = sql`${tipMessages.tipId} = ${tips.id} and ${tipMessages.position} = ${tips.tipsterNewsPosition}`;
  const [rows, [counted]] = await Promise.all([
    db()
      .select({
        reference: tips.reference,
        state: tips.state,
        dueOn: tips.dueOn,
        sector: { code: sectors.code, nameZh: sectors.nameZh, nameEn: sectors.nameEn },
        place: { code: places.code, nameZh: places.nameZh, nameEn: places.nameEn },
        repliedOn: tipMessages.sentOn,
        withFiles: sql<boolean>`exists (select 1 from ${attachments} where ${attachments.messageId} = ${tipMessages.id})`,
      })
      .from(tips)
      .innerJoin(tipMessages, latest)
      .innerJoin(sectors, eq(sectors.code, tips.sectorCode))
      .innerJoin(places, eq(places.code, tips.placeCode))
      .where(where)
      .orderBy(sql`${tips.dueOn} asc nulls last`, asc(tips.referenceSeq))
      .limit(REPLIES_WAITING_LIMIT),
    db().select({ n: sql<number>`count(*)::int` }).from(tips).where(where),
  ]);
  return { count: counted?.n ?? 0, rows };
}
