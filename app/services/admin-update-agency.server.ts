import { and, count, eq } from "drizzle-orm";
import { agencies, staffAccounts } from "../../db/schema/index";
import { TRIAGE_DEPARTMENT_TYPE, type AgencyInput } from "../forms/admin";
import { db } from "../lib/db.server";
import { appendLedger } from "../lib/ledger.server";
import { AppError } from "../lib/app-error";
import { adminChains, isUniqueViolation, ledgerActor, today, type AdminActor } from "./admin-common.server";
import { agencyFields, checkAgency } from "./admin-create-agency.server";

/**
 * Edits an agency. While active staff work for it, it stays active, and while triage officers
 * work for it, it stays a safety-committee office: move those people first.
 */
export async function updateAgency(actor: AdminActor, agencyId: string, input: AgencyInput, now = new Date()): Promise<{ changed: string[] }> {
  try {
    return await db().transaction(async (tx) => {
      const [before] = await tx
        .select({
          nameZh: agencies.nameZh,
          nameEn: agencies.nameEn,
          departmentType: agencies.departmentType,
          placeCode: agencies.placeCode,
          inboxEmail: agencies.inboxEmail,
          active: agencies.active,
        })
        .from(agencies)
        .where(eq(agencies.id, agencyId))
        .for("update");
      if (!before) throw new AppError("not_found", { message: "admin.errors.agency.unknown" });
      const after = agencyFields(input);
      const changed = (Object.keys(after) as (keyof typeof after)[]).filter((k) => after[k] !== before[k]);
      if (changed.length === 0) throw new AppError("invalid_input", { message: "admin.errors.nothingChanged" });
      if (before.active && !after.active) {
        const [staff] = await tx
          .select({ n: count() })
          .from(staffAccounts)
          .where(and(eq(staffAccounts.agencyId, agencyId), eq(staffAccounts.active, true)));
        if (staff && staff.n > 0) throw new AppError("conflict", { field: "active", message: "admin.errors.agency.hasActiveStaff" });
      }
      if (after.departmentType !== TRIAGE_DEPARTMENT_TYPE && before.departmentType === TRIAGE_DEPARTMENT_TYPE) {
        const [triage] = await tx
          .select({ n: count() })
          .from(staffAccounts)
          .where(and(eq(staffAccounts.agencyId, agencyId), eq(staffAccounts.active, true), eq(staffAccounts.role, "triage_officer")));
        if (triage && triage.n > 0) throw new AppError("conflict", { field: "departmentType", message: "admin.errors.agency.hasTriageOfficers" });
      }
      await checkAgency(tx, input, agencyId);
      await tx.update(agencies).set(after).where(eq(agencies.id, agencyId));
      await appendLedger(tx, {
        chain: adminChains.agency(agencyId),
        actor: ledgerActor(actor),
        action: "admin.agency.updated",
        subjectType: "agency",
        subjectId: agencyId,
        details: { reason: input.reason, changes: Object.fromEntries(changed.map((k) => [k, { from: before[k], to: after[k] }])) },
        today: today(now),
        now,
      });
      return { changed };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("conflict", { field: "placeCode", message: "admin.errors.agency.duplicate" });
    throw e;
  }
}
