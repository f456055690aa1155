import { sql } from "drizzle-orm";
import { OFFICER_ROLE } from "../domain/case-assignment";
import { mayBeToldAbout } from "../domain/permissions";
import { db, queryRows } from "../lib/db.server";
import { enqueueEmail } from "../lib/jobs.server";
import { numberSetting } from "../lib/rules.server";
import { addDays, agencyById, daysBetween, DEADLINE_STATES, deskClockOwner, isDeskState, stageOf, stateList, todayLocal } from "./deadline-common.server";

type Due = { id: string; reference: string; state: string; agencyId: string | null; placeCode: string; dueOn: string; implicatedPlaceCode: string | null; officerId: string | null; officerEmail: string | null };

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
 * The officer in charge (issue 15) — an active agency officer of the holding agency — is also
 * reminded at their own address, under the same rule, unless it is the agency's inbox itself.
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
                  t.implicated_place_code as "implicatedPlaceCode",
                  (select s.id::text from staff_accounts s where s.id = t.assigned_officer_id and s.active and s.role = ${OFFICER_ROLE} and s.agency_id = t.agency_id) as "officerId",
                  (select s.email from staff_accounts s where s.id = t.assigned_officer_id and s.active and s.role = ${OFFICER_ROLE} and s.agency_id = t.agency_id) as "officerEmail"`);
      for (const r of rows) {
        const to = isDeskState(r.state) ? await deskClockOwner(tx, r) : r.agencyId ? await agencyById(tx, r.agencyId) : null;
        if (!to || !mayBeToldAbout(to.placeCode, r)) continue;
        const data = { reference: r.reference, stage: stageOf(r.state), deadline: r.dueOn, daysLeft: Math.max(0, daysBetween(today, r.dueOn)) };
        await enqueueEmail(tx, { template: "deadline_reminder", tipId: r.id, agencyId: to.id, locale: "zh-CN", data, dedupeKey: `deadline_reminder:${r.id}:${r.dueOn}` });
        // The officer in charge, at their own address: only for the agency's clock, and once (not twice when it is the inbox's).
        const officerToo = !isDeskState(r.state) && r.officerId && r.officerEmail && to.id === r.agencyId && r.officerEmail.toLowerCase() !== to.inboxEmail.toLowerCase();
        if (officerToo) {
          await enqueueEmail(tx, { template: "deadline_reminder", tipId: r.id, agencyId: to.id, officerId: r.officerId!, locale: "zh-CN", data, dedupeKey: `deadline_reminder:${r.id}:${r.dueOn}:officer:${r.officerId}` });
        }
      }
      return rows.length;
    });
    reminded += count;
    if (count < batch) break;
  }
  return { reminded };
}
