import { eq } from "drizzle-orm";
import { places, sectors, type agencies } from "../../db/schema/index";
import { enqueueEmail } from "../lib/jobs.server";
import type { Executor } from "../lib/db.server";

/**
 * Queues the "case assigned" email to the agency's inbox in the caller's transaction. It carries
 * the reference, sector, county and deadline only — never tip text or anything of the tipster.
 */
export async function queueAssignmentEmail(
  tx: Executor,
  email: { tipId: string; reference: string; agency: typeof agencies.$inferSelect; sectorCode: string; placeCode: string; dueOn: string },
): Promise<void> {
  const [sector] = await tx.select({ name: sectors.nameZh }).from(sectors).where(eq(sectors.code, email.sectorCode));
  const [place] = await tx.select({ name: places.nameZh }).from(places).where(eq(places.code, email.placeCode));
  await enqueueEmail(tx, {
    template: "case_assigned",
    tipId: email.tipId,
    agencyId: email.agency.id,
    locale: "zh-CN",
    data: { reference: email.reference, sectorName: sector?.name ?? email.sectorCode, countyName: place?.name ?? email.placeCode, deadline: email.dueOn },
    dedupeKey: `case_assigned:${email.reference}:${email.agency.id}:${email.dueOn}`,
  });
}
