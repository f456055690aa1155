import { parseReleaseAt, releaseCrontabTime, releaseJobOf, RELEASE_TASK } from "../../domain/statistics-release";
import { env } from "../../lib/env.server";
import { publishStatisticsReleaseInThread } from "../../services/statistics-release-thread.server";
import { defineJob } from "../job";

/**
 * The statistics release (app/services/statistics-release.server.ts, ADR 041): daily at
 * STATISTICS_RELEASE_AT (default 02:00) in TIME_ZONE, written in UTC as the crontab wants it —
 * computed when the worker starts (`0 18 * * *` for 02:00 Asia/Shanghai); and when an
 * administrator asks ("publish now", queued with its own payload). Computed in a worker thread,
 * so the web requests this process also serves are not held up. A missed day is made up (within a
 * day); a day already published is not computed again, so a repeat or a second worker changes nothing.
 */
export const publishStatisticsReleaseJob = defineJob({
  name: RELEASE_TASK,
  schedule: { at: (timeZone: string, now: Date) => releaseCrontabTime(parseReleaseAt(env().statisticsReleaseAt)!, timeZone, now), maxAttempts: 3, backfill: "1d" },
  handler: async (payload, helpers) => {
    const job = releaseJobOf(payload, env().timeZone);
    // The progress lines go to the worker's log whatever JOBS_LOG says (its default shows warnings
    // only): an operator watching a release of a few minutes sees it move.
    const progress = (line: string) => console.log(`[jobs ${RELEASE_TASK}#${helpers.job.id}] ${line}`);
    const release = await publishStatisticsReleaseInThread(job, progress);
    progress(
      release.computed
        ? `statistics release ${release.releaseNo} published (${release.pages} pages, ${(release.elapsedMs / 1000).toFixed(1)} s)`
        : `statistics release for ${release.scheduledFor} was published already (release ${release.releaseNo})`,
    );
  },
});
