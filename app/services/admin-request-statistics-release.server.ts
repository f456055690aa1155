import { sql } from "drizzle-orm";
import { can } from "../domain/permissions";
import type { StaffRole } from "../domain/staff-roles";
import { PUBLISH_NOW_JOB_KEY, RELEASE_TASK, type ReleaseJob } from "../domain/statistics-release";
import { AppError } from "../lib/app-error";
import { db, queryRows } from "../lib/db.server";
import { appendLedger } from "../lib/ledger.server";
import { today } from "./admin-common.server";

/** The ledger chain of "publish now" requests (apart from the releases' own, which only the release job writes). */
export const RELEASE_REQUEST_CHAIN = "statistics:release_requests";

/**
 * "Publish now": an administrator asks for a statistics release outside the daily schedule. The
 * job (publish_statistics_release) is queued under one key, so a double click — or a second
 * administrator — while it waits queues one release; a request while a release is being computed
 * queues the next one. The ledger records each request, in the same transaction.
 */
export async function requestStatisticsRelease(actor: { staffId: string; role: StaffRole }, now = new Date()): Promise<{ jobId: string }> {
  if (!can(actor.role, "statistics.publish")) throw new AppError("forbidden");
  return db().transaction(async (tx) => {
    const payload: ReleaseJob = { trigger: "administrator", scheduledFor: null, requestedBy: actor.staffId };
    const [job] = await queryRows<{ id: string }>(
      tx,
      sql`select (graphile_worker.add_job(${RELEASE_TASK}::text, ${JSON.stringify(payload)}::json,
                  job_key => ${PUBLISH_NOW_JOB_KEY}::text, max_attempts => 3, job_key_mode => 'preserve_run_at')).id::text as id`,
    );
    if (!job) throw new Error("graphile_worker.add_job returned no job");
    await appendLedger(tx, {
      chain: RELEASE_REQUEST_CHAIN,
      actor: { type: "staff", id: actor.staffId },
      action: "statistics.release_requested",
      subjectType: "statistics_release_job",
      subjectId: job.id,
      details: { jobId: job.id },
      today: today(now),
      now,
    });
    return { jobId: job.id };
  });
}
