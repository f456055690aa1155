import { sendWeeklyDigest } from "../../services/send-weekly-digest.server";
import { defineJob } from "../job";

/**
 * The weekly digest to each agency (app/services/send-weekly-digest.server.ts). Mondays at
 * 00:00 UTC = 08:00 Asia/Shanghai; a deployment in another time zone adjusts this line. A missed
 * Monday is not made up.
 */
export const sendWeeklyDigestJob = defineJob({
  name: "send_weekly_digest",
  schedule: { at: "0 0 * * 1", maxAttempts: 3 },
  handler: async (_payload, helpers) => {
    const r = await sendWeeklyDigest();
    helpers.logger.info(`weekly digests queued for ${r.week}: ${r.queued}`);
  },
});
