import { levelOf } from "../domain/places";
import { provincialOnlyAllowedAt } from "../domain/routing";
import { and, eq, ne } from "drizzle-orm";
import { agencies, departmentTypes, places } from "../../db/schema/index";
import type { AgencyInput } from "../forms/admin";
import { db, type Executor } from "../lib/db.server";
import { appendLedger } from "../lib/ledger.server";
import { AppError } from "../lib/app-error";
import { adminChains, isUniqueViolation, ledgerActor, today, type AdminActor } from "./admin-common.server";

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
export async function checkAgency(tx: Executor, a: AgencyInput, exceptId?: string): Promise<void> {
  const [type] = await tx.select({ provincialOnly: departmentTypes.provincialOnly }).from(departmentTypes).where(eq(departmentTypes.code, a.departmentType));
  if (!type) throw new AppError("invalid_input", { field: "departmentType", message: "admin.errors.departmentType.unknown" });
  const [place] = await tx.select({ level: places.level }).from(places).where(eq(places.code, a.placeCode));
  if (!place) throw new AppError("invalid_input", { field: "placeCode", message: "admin.errors.place.unknown" });
  // Provincial-only types sit at a province, or at the national level that supervises them.
  if (type.provincialOnly && !provincialOnlyAllowedAt(levelOf(a.placeCode))) throw new AppError("invalid_input", { field: "placeCode", message: "admin.errors.agency.provincialOnly" });
  const [twin] = await tx
    .select({ id: agencies.id })
    .from(agencies)
    .where(and(eq(agencies.departmentType, a.departmentType), eq(agencies.placeCode, a.placeCode), exceptId ? ne(agencies.id, exceptId) : undefined));
  if (twin) throw duplicate();
}

const duplicate = () => new AppError("conflict", { field: "placeCode", message: "admin.errors.agency.duplicate" });

/** Creates an agency; refuses (AppError) a type or place that does not exist, a misplaced provincial-only type, or a twin. */
export async function createAgency(actor: AdminActor, input: AgencyInput, now = new Date()): Promise<{ agencyId: string }> {
  try {
    return await db().transaction(async (tx) => {
      await checkAgency(tx, input);
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
      return { agencyId };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicate();
    throw e;
  }
}
