import { clearRoutingCache } from "./routing-data.server";
import { and, eq } from "drizzle-orm";
import { departmentTypes, places, routingOverrides, sectors } from "../../db/schema/index";
import type { RoutingOverrideInput } from "../forms/admin";
import { db } from "../lib/db.server";
import { appendLedger } from "../lib/ledger.server";
import { AppError } from "../lib/app-error";
import { adminChains, isUniqueViolation, ledgerActor, today, type AdminActor } from "./admin-common.server";

const duplicate = () => new AppError("conflict", { field: "sectorCode", message: "admin.errors.override.duplicate" });

/**
 * A regional override of the default routing table: in this region (any level) and below it,
 * tips of this sector go to this department type. One override per region and sector.
 */
export async function createRoutingOverride(actor: AdminActor, input: RoutingOverrideInput, now = new Date()): Promise<{ overrideId: string }> {
  try {
    const result = await db().transaction(async (tx) => {
      const [place] = await tx.select({ code: places.code }).from(places).where(eq(places.code, input.regionCode));
      if (!place) throw new AppError("invalid_input", { field: "regionCode", message: "admin.errors.place.unknown" });
      const [sector] = await tx.select({ code: sectors.code }).from(sectors).where(eq(sectors.code, input.sectorCode));
      if (!sector) throw new AppError("invalid_input", { field: "sectorCode", message: "admin.errors.sector.unknown" });
      const [type] = await tx.select({ code: departmentTypes.code }).from(departmentTypes).where(eq(departmentTypes.code, input.departmentType));
      if (!type) throw new AppError("invalid_input", { field: "departmentType", message: "admin.errors.departmentType.unknown" });
      const [twin] = await tx
        .select({ id: routingOverrides.id })
        .from(routingOverrides)
        .where(and(eq(routingOverrides.regionCode, input.regionCode), eq(routingOverrides.sectorCode, input.sectorCode)));
      if (twin) throw duplicate();
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
      return { overrideId };
    });
    clearRoutingCache(); // this process applies it at once; others within a minute
    return result;
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicate();
    throw e;
  }
}
