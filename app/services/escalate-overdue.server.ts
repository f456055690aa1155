import { sql } from "drizzle-orm";
import { mayBeToldAbout } from "../domain/permissions";
import { db, queryRows } from "../lib/db.server";
import { enqueueEmail } from "../lib/jobs.server";
import { appendLedger, chainForTip } from "../lib/ledger.server";
import {
  agencyById,
  daysBetween,
  DEADLINE_STATES,
  isDeskState,
  placeName,
  deskClockOwner,
  sectorName,
  stageOf,
  stateList,
  supervisingAgency,
  todayLocal,
} from "./deadline-common.server";

type Overdue = {
  id: string;
  reference: string;
  state: string;
  agencyId: string | null;
  placeCode: string;
  sectorCode: string;
  dueOn: string;
  implicatedPlaceCode: string | null;
};

/**
 * 挂牌督办: each open case past its deadline (due_on before today in TIME_ZONE) and not yet
 * overdue gets `overdue_since = today`, `escalated_at = now()`, a ledger entry
 * `case.overdue_escalated` (system) and a `case_overdue_escalation` email to the supervising
 * agency (same department type one level up, to the national level; else the province safety-committee
 * office or the national desk; a tip still at the desk: the desk's owner, `deskClockOwner`; never
 * an agency inside the region the tip implicates: the walk skips them, and when none is left
 * no email goes and the ledger entry says why — `withheld: "conflict_of_interest"`) — all
 * in one transaction, behind a guarded UPDATE, so it happens once per overdue period however
 * many workers run it. The current deadline counts as escalated when `overdue_since` is after
 * it (it is set to a day after the deadline). A new deadline (set-supervision, an extension, the
 * next step's clock) starts a new period: set-supervision resets `overdue_since` to null, and a
 * service that moves `due_on` without resetting it is still handled, since the old
 * `overdue_since` is then on or before the new deadline.
 */
export async function escalateOverdue(opts: { now?: Date; batchSize?: number } = {}): Promise<{ escalated: number }> {
  const now = opts.now ?? new Date();
  const today = todayLocal(now);
  const batch = opts.batchSize ?? 100;
  const states = stateList(DEADLINE_STATES);
  let escalated = 0;
  for (;;) {
    const count = await db().transaction(async (tx) => {
      const rows = await queryRows<Overdue>(tx, sql`
        update tips t set overdue_since = ${today}::date, escalated_at = ${now.toISOString()}::timestamptz
        where t.id in (
            select id from tips
            where state in ${states} and due_on < ${today}::date and (overdue_since is null or overdue_since <= due_on)
            order by due_on, reference_seq limit ${batch}
            for update skip locked)
          and t.state in ${states} and t.due_on < ${today}::date and (t.overdue_since is null or t.overdue_since <= t.due_on)
        returning t.id::text as "id", t.reference, t.state, t.agency_id::text as "agencyId", t.place_code as "placeCode",
                  t.sector_code as "sectorCode", t.due_on::text as "dueOn", t.implicated_place_code as "implicatedPlaceCode"`);
      for (const r of rows) {
        const holder = isDeskState(r.state) || !r.agencyId ? await deskClockOwner(tx, r) : await agencyById(tx, r.agencyId);
        // The desk's own clock is supervised by the desk; an agency's by the agency above it.
        const candidate = holder ? (isDeskState(r.state) ? holder : await supervisingAgency(tx, holder, r)) : null;
        const supervisor = candidate && mayBeToldAbout(candidate.placeCode, r) ? candidate : null;
        const withheld = holder && !supervisor && r.implicatedPlaceCode ? { withheld: "conflict_of_interest", implicatedPlaceCode: r.implicatedPlaceCode } : {};
        await appendLedger(tx, {
          chain: chainForTip(r.id),
          actor: { type: "system" },
          action: "case.overdue_escalated",
          subjectType: "tip",
          subjectId: r.id,
          details: { dueOn: r.dueOn, overdueSince: today, state: r.state, supervisingAgencyId: supervisor?.id ?? null, ...withheld },
          today,
          now,
        });
        if (!holder || !supervisor) continue;
        await enqueueEmail(tx, {
          template: "case_overdue_escalation",
          tipId: r.id,
          agencyId: supervisor.id,
          locale: "zh-CN",
          data: {
            reference: r.reference,
            agencyName: holder.nameZh,
            sectorName: await sectorName(tx, r.sectorCode),
            countyName: await placeName(tx, r.placeCode),
            stage: stageOf(r.state),
            deadline: r.dueOn,
            daysOverdue: Math.max(1, daysBetween(r.dueOn, today)),
          },
          dedupeKey: `case_overdue_escalation:${r.id}:${r.dueOn}`,
        });
      }
      return rows.length;
    });
    escalated += count;
    if (count < batch) break;
  }
  return { escalated };
}
