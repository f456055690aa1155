import { eraseExpiredContacts } from "../../services/erase-expired-contacts.server";
import { defineJob } from "../job";

/**
 * Retention: erases the contact details of cases closed longer than the retention period
 * (app/services/erase-expired-contacts.server.ts). Daily at 19:30 UTC = 03:30 Asia/Shanghai
 * (UTC+8, no daylight saving); a missed night is not made up, the next one erases it.
 */
export const eraseExpiredContactsJob = defineJob({
  name: "erase_expired_contacts",
  schedule: { at: "30 19 * * *", maxAttempts: 3 },
  handler: async (_payload, helpers) => {
    const r = await eraseExpiredContacts();
    helpers.logger.info(`contact details erased: ${r.erased}`);
  },
});
