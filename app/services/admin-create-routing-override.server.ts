import { clearRoutingCache } from "./routing-data.server";
import { and, eq } from "drizzle-orm";
import { departmentTypes, places, routingOverrides, sectors } from "../../db/schema/index";
import type { RoutingOverrideInput } from "../forms/admin";
import { db } from "../lib/db.server";
import { appendLedger } from "../lib/ledger.server";
import { adminChains, isUniqueViolation, ledgerActor, refuse, today, type AdminActor, type Refused } from "./admin-common.server";

/**
 * A regional override of the default routing table: in this region (any level) and below it,
 * tips of this sector go to this department type. One override per region and sector.
 */
export async function createRoutingOverride(actor: AdminActor, input: RoutingOverrideInput, now = new Date()): Promise<{ ok: true; overrideId: string } | Refused> {
  try {
    const result = await db().transaction(async (tx) => {
      const [place] = await tx.select({ code: places.code }).from(places).where(eq(places.code, input.regionCode));
      if (!place) return refuse("regionCode", "admin.errors.place.unknown");
      const [sector] = await tx.select({ code: sectors.code }).from(sectors).where(eq(sectors.code, input.sectorCode));
      if (!sector) return refuse("sectorCode", "admin.errors.sector.unknown");
      const [type] = await tx.select({ code: departmentTypes.code }).from(departmentTypes).where(eq(departmentTypes.code, input.departmentType));
      if (!type) return refuse("departmentType", "admin.errors.departmentType.unknown");
      const [twin] = await tx
        .select({ id: routingOverrides.id })
        .from(routingOverrides)
        .where(and(eq(routingOverrides.regionCode, input.regionCode), eq(routingOverrides.sectorCode, input.sectorCode)));
      if (twin) return refuse("sectorCode", "admin.errors.override.duplicate");
      const fields = { regionCode: input.regionCode, sectorCode: input.sectorCode, departmentType: input.departmentType };
      const [row] = await tx.insert(routingOverrides).values(fields).returning({ id: routingOverrides.id });
      const overrideId = row!.id;
      await appendLedger(tx, {
        chain: adminChains.routing,
        actor: ledgerActor(actor),
        action: "admin.routing_override.created",
        subjectType: "routing_override",
        subjectId: overrideId,
        details: { reason: input.reason, override: fields },
        today: today(now),
        now,
      });
      return { ok: true as const, overrideId };
    });
    if (result.ok) clearRoutingCache(); // this process applies it at once; others within a minute
    return result;
  } catch (e) {
    if (isUniqueViolation(e)) return refuse("sectorCode", "admin.errors.override.duplicate");
    throw e;
  }
}
