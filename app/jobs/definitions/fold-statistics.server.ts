import { foldStatistics } from "../../services/published-statistics.server";
import { defineJob } from "../job";

/**
 * Folds the statistics deltas into the rollups (app/services/published-statistics.server.ts).
 * Every minute, one attempt: readers add the pending deltas anyway, so this only keeps them few.
 */
export const foldStatisticsJob = defineJob({
  name: "fold_statistics",
  schedule: { at: "* * * * *", maxAttempts: 1 },
  handler: async (_payload, helpers) => {
    const n = await foldStatistics();
    helpers.logger.info(`statistics rollup rows updated: ${n}`);
  },
});
