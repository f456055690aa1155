import { clearRoutingCache } from "./routing-data.server";
import { eq } from "drizzle-orm";
import { routingOverrides } from "../../db/schema/index";
import { db } from "../lib/db.server";
import { appendLedger } from "../lib/ledger.server";
import { adminChains, ledgerActor, refuse, today, type AdminActor, type Refused } from "./admin-common.server";

/** Removes a regional override: the region falls back to its parent's override or the default table. The ledger keeps what it was. */
export async function deleteRoutingOverride(actor: AdminActor, overrideId: string, reason: string, now = new Date()): Promise<{ ok: true } | Refused> {
  const result = await db().transaction(async (tx) => {
    const [gone] = await tx.delete(routingOverrides).where(eq(routingOverrides.id, overrideId)).returning({
      regionCode: routingOverrides.regionCode,
      sectorCode: routingOverrides.sectorCode,
      departmentType: routingOverrides.departmentType,
    });
    if (!gone) return refuse("form", "admin.errors.override.unknown", 404);
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
    return { ok: true as const };
  });
  if (result.ok) clearRoutingCache();
  return result;
}
