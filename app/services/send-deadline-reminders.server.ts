import { sql } from "drizzle-orm";
import { mayBeToldAbout } from "../domain/permissions";
import { db, queryRows } from "../lib/db.server";
import { enqueueEmail } from "../lib/jobs.server";
import { numberSetting } from "../lib/rules.server";
import { addDays, agencyById, daysBetween, DEADLINE_STATES, deskClockOwner, isDeskState, stageOf, stateList, todayLocal } from "./deadline-common.server";

type Due = { id: string; reference: string; state: string; agencyId: string | null; placeCode: string; dueOn: string; implicatedPlaceCode: string | null };

/**
 * Reminds the holder of each open case whose deadline is within `deadline.reminder_days_before`
 * days (default 3), once per due date: `reminded_for_due_on` is set to `due_on` by a guarded
 * UPDATE … RETURNING, and the email is queued in the same transaction. Rows another worker holds
 * are skipped (it sends them); a row it has finished no longer matches the guard — so however
 * many workers run this at once, each due date gets one reminder. A new deadline gets its own.
 *
 * Recipient: the agency's inbox; for the desk's states (submitted, returned, reopened) the
 * safety-committee office of the tip's province — never one inside the region the tip implicates
 * (ADR 013): such a holder gets no reminder (the overdue escalation still goes above the region).
 */
export async function sendDeadlineReminders(opts: { now?: Date; batchSize?: number } = {}): Promise<{ reminded: number }> {
  const today = todayLocal(opts.now);
  const horizon = addDays(today, await numberSetting("deadline.reminder_days_before"));
  const batch = opts.batchSize ?? 200;
  const states = stateList(DEADLINE_STATES);
  let reminded = 0;
  for (;;) {
    const count = await db().transaction(async (tx) => {
      const rows = await queryRows<Due>(tx, sql`
        update tips t set reminded_for_due_on = t.due_on
        where t.id in (
            select id from tips
            where state in ${states} and due_on between ${today}::date and ${horizon}::date and reminded_for_due_on is distinct from due_on
            order by due_on, reference_seq limit ${batch}
            for update skip locked)
          and t.state in ${states} and t.due_on between ${today}::date and ${horizon}::date and t.reminded_for_due_on is distinct from t.due_on
        returning t.id::text as "id", t.reference, t.state, t.agency_id::text as "agencyId", t.place_code as "placeCode", t.due_on::text as "dueOn",
                  t.implicated_place_code as "implicatedPlaceCode"`);
      for (const r of rows) {
        const to = isDeskState(r.state) ? await deskClockOwner(tx, r) : r.agencyId ? await agencyById(tx, r.agencyId) : null;
        if (!to || !mayBeToldAbout(to.placeCode, r)) continue;
        await enqueueEmail(tx, {
          template: "deadline_reminder",
          tipId: r.id,
          agencyId: to.id,
          locale: "zh-CN",
          data: { reference: r.reference, stage: stageOf(r.state), deadline: r.dueOn, daysLeft: Math.max(0, daysBetween(today, r.dueOn)) },
          dedupeKey: `deadline_reminder:${r.id}:${r.dueOn}`,
        });
      }
      return rows.length;
    });
    reminded += count;
    if (count < batch) break;
  }
  return { reminded };
}
