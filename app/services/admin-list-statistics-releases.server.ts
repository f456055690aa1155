import { sql } from "drizzle-orm";
import type { ReleaseTrigger } from "../domain/statistics-release";
import { RELEASE_TASK } from "../domain/statistics-release";
import { db, queryRows } from "../lib/db.server";

export type ReleaseListRow = { releaseNo: number; asOf: string; trigger: ReleaseTrigger; releasedAt: string; pages: number; hashPrefix: string };

/**
 * The published statistics releases, newest first (the latest 100), and how many release jobs are
 * waiting or running now: what /staff/admin/statistics lists. Never a page's private figures.
 */
export async function listStatisticsReleases(): Promise<{ releases: ReleaseListRow[]; waiting: number }> {
  const [releases, [jobs]] = await Promise.all([
    queryRows<{ releaseNo: number; asOf: string; trigger: ReleaseTrigger; releasedAt: Date | string; pages: number; hashPrefix: string }>(
      db(),
      sql`select release_no as "releaseNo", as_of::text as "asOf", trigger, released_at as "releasedAt", pages, left(content_hash, 12) as "hashPrefix"
          from statistics_releases where released_at is not null order by release_no desc limit 100`,
    ),
    queryRows<{ n: number }>(
      db(),
      sql`select count(*)::int as n from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
          where t.identifier = ${RELEASE_TASK} and j.attempts < j.max_attempts`,
    ),
  ]);
  return { releases: releases.map((r) => ({ ...r, releasedAt: new Date(r.releasedAt).toISOString() })), waiting: jobs?.n ?? 0 };
}
