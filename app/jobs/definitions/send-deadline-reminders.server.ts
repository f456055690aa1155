import { sendDeadlineReminders } from "../../services/send-deadline-reminders.server";
import { defineJob } from "../job";

/**
 * Reminds the holder of each open case due soon, once per due date
 * (app/services/send-deadline-reminders.server.ts).
 * Hourly at minute 5; a missed run within the hour is made up (the service is idempotent).
 */
export const sendDeadlineRemindersJob = defineJob({
  name: "send_deadline_reminders",
  schedule: { at: "5 * * * *", maxAttempts: 3, backfill: "1h" },
  handler: async (_payload, helpers) => {
    const r = await sendDeadlineReminders();
    helpers.logger.info(`deadline reminders queued: ${r.reminded}`);
  },
});
