import { sql } from "drizzle-orm";
import { db, queryRows } from "../lib/db.server";
import { toldAbout } from "./case-visibility.server";
import { enqueueEmail } from "../lib/jobs.server";
import { addDays, AGENCY_CLOCK_STATES, DIGEST_OPEN_STATES, isoWeek, stateList, todayLocal } from "./deadline-common.server";

type DigestRow = {
  agencyId: string;
  nameZh: string;
  inboxEmail: string;
  openCases: number;
  overdue: number;
  dueSoon: number;
  newCases: number;
  closed: number;
};

/**
 * One `weekly_digest` email per active agency with open cases: counts only (open, overdue, due
 * in the next seven days, newly assigned and closed in the week). The week reported is the last
 * complete ISO week (Monday–Sunday) before today; the dedupe key is agency + ISO week, so two
 * workers (or a repeat while the job is queued) queue one email. A case whose tip implicates the
 * agency's region is neither counted nor a reason to send (ADR 013).
 */
export async function sendWeeklyDigest(opts: { now?: Date } = {}): Promise<{ queued: number; week: string }> {
  const today = todayLocal(opts.now);
  const week = isoWeek(addDays(today, -7));
  const weekAhead = addDays(today, 7);
  const open = stateList(DIGEST_OPEN_STATES);
  const clock = stateList(AGENCY_CLOCK_STATES);
  return db().transaction(async (tx) => {
    const rows = await queryRows<DigestRow>(tx, sql`
      select a.id::text as "agencyId", a.name_zh as "nameZh", a.inbox_email as "inboxEmail",
        count(*) filter (where t.state in ${open})::int as "openCases",
        count(*) filter (where t.state in ${clock} and t.due_on < ${today}::date)::int as "overdue",
        count(*) filter (where t.state in ${clock} and t.due_on >= ${today}::date and t.due_on < ${weekAhead}::date)::int as "dueSoon",
        count(*) filter (where t.assigned_on between ${week.monday}::date and ${week.sunday}::date)::int as "newCases",
        count(*) filter (where t.state = 'closed' and t.closed_on between ${week.monday}::date and ${week.sunday}::date)::int as "closed"
      from agencies a join tips t on t.agency_id = a.id and ${toldAbout(sql`a.place_code`, sql`t.implicated_place_code`)}
      where a.active
      group by a.id, a.name_zh, a.inbox_email
      having count(*) filter (where t.state in ${open}) > 0
      order by a.id`);
    for (const r of rows) {
      await enqueueEmail(tx, {
        template: "weekly_digest",
        agencyId: r.agencyId,
        locale: "zh-CN",
        data: {
          agencyName: r.nameZh,
          weekStart: week.monday,
          weekEnd: week.sunday,
          newCases: r.newCases,
          openCases: r.openCases,
          dueSoon: r.dueSoon,
          overdue: r.overdue,
          closed: r.closed,
        },
        dedupeKey: `weekly_digest:${r.agencyId}:${week.label}`,
      });
    }
    return { queued: rows.length, week: week.label };
  });
}
