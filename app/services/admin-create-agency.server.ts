import { levelOf } from "../domain/places";
import { provincialOnlyAllowedAt } from "../domain/routing";
import { and, eq, ne } from "drizzle-orm";
import { agencies, departmentTypes, places } from "../../db/schema/index";
import type { AgencyInput } from "../forms/admin";
import { db, type Executor } from "../lib/db.server";
import { appendLedger } from "../lib/ledger.server";
import { adminChains, isUniqueViolation, ledgerActor, refuse, today, type AdminActor, type Refused } from "./admin-common.server";

/** The fields of an agency as stored and as recorded in the ledger. */
export const agencyFields = (a: AgencyInput) => ({
  nameZh: a.nameZh,
  nameEn: a.nameEn,
  departmentType: a.departmentType,
  placeCode: a.placeCode,
  inboxEmail: a.inboxEmail,
  active: a.active,
});

/**
 * An agency is one department type in one place: both must exist, provincial-only types
 * (mine safety) sit at a province or the national level, and no other agency may have the same
 * type and place.
 */
export async function checkAgency(tx: Executor, a: AgencyInput, exceptId?: string): Promise<Refused | null> {
  const [type] = await tx.select({ provincialOnly: departmentTypes.provincialOnly }).from(departmentTypes).where(eq(departmentTypes.code, a.departmentType));
  if (!type) return refuse("departmentType", "admin.errors.departmentType.unknown");
  const [place] = await tx.select({ level: places.level }).from(places).where(eq(places.code, a.placeCode));
  if (!place) return refuse("placeCode", "admin.errors.place.unknown");
  // Provincial-only types sit at a province, or at the national level that supervises them.
  if (type.provincialOnly && !provincialOnlyAllowedAt(levelOf(a.placeCode))) return refuse("placeCode", "admin.errors.agency.provincialOnly");
  const [twin] = await tx
    .select({ id: agencies.id })
    .from(agencies)
    .where(and(eq(agencies.departmentType, a.departmentType), eq(agencies.placeCode, a.placeCode), exceptId ? ne(agencies.id, exceptId) : undefined));
  if (twin) return refuse("placeCode", "admin.errors.agency.duplicate");
  return null;
}

export async function createAgency(actor: AdminActor, input: AgencyInput, now = new Date()): Promise<{ ok: true; agencyId: string } | Refused> {
  try {
    return await db().transaction(async (tx) => {
      const problem = await checkAgency(tx, input);
      if (problem) return problem;
      const fields = agencyFields(input);
      const [row] = await tx.insert(agencies).values(fields).returning({ id: agencies.id });
      const agencyId = row!.id;
      await appendLedger(tx, {
        chain: adminChains.agency(agencyId),
        actor: ledgerActor(actor),
        action: "admin.agency.created",
        subjectType: "agency",
        subjectId: agencyId,
        details: { reason: input.reason, agency: fields },
        today: today(now),
        now,
      });
      return { ok: true as const, agencyId };
    });
  } catch (e) {
    if (isUniqueViolation(e)) return refuse("placeCode", "admin.errors.agency.duplicate");
    throw e;
  }
}
