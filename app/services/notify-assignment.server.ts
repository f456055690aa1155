import type { agencies } from "../../db/schema/index";
import type { Executor } from "../lib/db.server";

/**
 * Queues the "case assigned" email to the agency's inbox in the caller's transaction. It carries
 * the reference, sector, county and deadline only — never tip text or anything of the tipster.
 */
export async function queueAssignmentEmail(
  _tx: Executor,
  _email: { reference: string; agency: typeof agencies.$inferSelect; sectorCode: string; placeCode: string; dueOn: string },
): Promise<void> {
  // Wired to the job queue (app/lib/jobs.server.ts) once it lands; see issue 3 notes.
}
