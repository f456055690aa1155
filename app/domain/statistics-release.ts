/**
 * Statistics releases (issue 16, ADR 041): the published statistics are computed once by the job
 * worker into an immutable, numbered release, and every server reads the current one.
 */

/** What started a release: the daily schedule (STATISTICS_RELEASE_AT in TIME_ZONE) or an administrator's "publish now". */
export const RELEASE_TRIGGERS = ["schedule", "administrator"] as const;
export type ReleaseTrigger = (typeof RELEASE_TRIGGERS)[number];
