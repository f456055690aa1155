import { clearRoutingCache } from "./routing-data.server";
import { eq } from "drizzle-orm";
import { routingOverrides } from "../../db/schema/index";
import { db } from "../lib/db.server";
import { appendLedger } from "../lib/ledger.server";
import { AppError } from "../lib/app-error";
import { adminChains, ledgerActor, today, type AdminActor } from "./admin-common.server";

/** Removes a regional override: the region falls back to its parent's override or the default table. The ledger keeps what it was. */
export async function deleteRoutingOverride(actor: AdminActor, overrideId: string, reason: string, now = new Date()): Promise<void> {
  await db().transaction(async (tx) => {
    const [gone] = await tx.delete(routingOverrides).where(eq(routingOverrides.id, overrideId)).returning({
      regionCode: routingOverrides.regionCode,
      sectorCode: routingOverrides.sectorCode,
      departmentType: routingOverrides.departmentType,
    });
    if (!gone) throw new AppError("not_found", { message: "admin.errors.override.unknown" });
    await appendLedger(tx, {
      chain: adminChains.routing,
      actor: ledgerActor(actor),
      action: "admin.routing_override.deleted",
      subjectType: "routing_override",
      subjectId: overrideId,
      details: { reason, override: gone },
      today: today(now),
      now,
    });
  });
  clearRoutingCache();
}
