import { sql } from "drizzle-orm";
import { db, queryRows } from "../lib/db.server";
import { appendLedger, chainForTip } from "../lib/ledger.server";
import { numberSetting } from "../lib/rules.server";
import { addDays, todayLocal } from "./deadline-common.server";

/**
 * Retention: the contact details of a closed case are erased once the case has been closed for
 * longer than `retention.contact_days_after_close` days (default 180): `contact_enc = null`,
 * `contact_erased_on = today`, and a ledger entry `contact.erased` (system). Nothing else is
 * touched. Guarded (`contact_enc is not null`), so a case is erased and recorded once.
 */
export async function eraseExpiredContacts(opts: { now?: Date; batchSize?: number } = {}): Promise<{ erased: number }> {
  const now = opts.now ?? new Date();
  const today = todayLocal(now);
  const days = await numberSetting("retention.contact_days_after_close");
  const cutoff = addDays(today, -days);
  const batch = opts.batchSize ?? 200;
  let erased = 0;
  for (;;) {
    const count = await db().transaction(async (tx) => {
      const rows = await queryRows<{ id: string; closedOn: string }>(tx, sql`
        update tips t set contact_enc = null, contact_erased_on = ${today}::date
        where t.id in (
            select id from tips
            where state = 'closed' and closed_on < ${cutoff}::date and contact_enc is not null
            limit ${batch}
            for update skip locked)
          and t.state = 'closed' and t.closed_on < ${cutoff}::date and t.contact_enc is not null
        returning t.id::text as "id", t.closed_on::text as "closedOn"`);
      for (const r of rows) {
        await appendLedger(tx, {
          chain: chainForTip(r.id),
          actor: { type: "system" },
          action: "contact.erased",
          subjectType: "tip",
          subjectId: r.id,
          details: { closedOn: r.closedOn, retentionDays: days },
          today,
          now,
        });
      }
      return rows.length;
    });
    erased += count;
    if (count < batch) break;
  }
  return { erased };
}
