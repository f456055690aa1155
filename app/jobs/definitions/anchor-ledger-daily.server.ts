import { addDays, localDate, startOfLocalDay } from "../../domain/working-days";
import { db } from "../../lib/db.server";
import { anchorLedgerDaily } from "../../lib/ledger.server";
import { defineJob } from "../job";

/**
 * The daily ledger anchor, the only one that covers a tipster's entries (app/lib/ledger.server.ts
 * `anchorLedgerDaily`, ADR 015; the server's anchor timer runs it too, whichever comes first).
 * Daily one minute after local midnight in TIME_ZONE, written in UTC as the crontab wants it —
 * computed when the worker starts (`1 16 * * *` for Asia/Shanghai); a later change of offset is
 * caught up by the anchor timer. A missed day is made up.
 */
export const anchorLedgerDailyJob = defineJob({
  name: "anchor_ledger_daily",
  schedule: { at: localMidnightPlusOneMinute, maxAttempts: 3, backfill: "1d" },
  handler: async (_payload, helpers) => {
    let n = 0;
    for (let moved = -1; moved !== 0; n += moved) moved = await anchorLedgerDaily(db());
    helpers.logger.info(`ledger chain heads anchored by the daily anchor: ${n}`);
  },
});

function localMidnightPlusOneMinute(timeZone: string, now: Date): string {
  const tomorrow = addDays(localDate(now, timeZone), 1);
  const run = new Date(startOfLocalDay(tomorrow, timeZone).getTime() + 60_000);
  return `${run.getUTCMinutes()} ${run.getUTCHours()} * * *`;
}
