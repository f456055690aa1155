import { escalateOverdue } from "../../services/escalate-overdue.server";
import { defineJob } from "../job";

/**
 * Escalates overdue cases (挂牌督办; app/services/escalate-overdue.server.ts).
 * Hourly at minute 0; a missed run within the hour is made up (the service is idempotent).
 */
export const escalateOverdueJob = defineJob({
  name: "escalate_overdue",
  schedule: { at: "0 * * * *", maxAttempts: 3, backfill: "1h" },
  handler: async (_payload, helpers) => {
    const r = await escalateOverdue();
    helpers.logger.info(`overdue cases escalated: ${r.escalated}`);
  },
});
