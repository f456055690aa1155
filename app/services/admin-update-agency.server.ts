import { and, count, eq } from "drizzle-orm";
import { agencies, staffAccounts } from "../../db/schema/index";
import { TRIAGE_DEPARTMENT_TYPE, type AgencyInput } from "../forms/admin";
import { db } from "../lib/db.server";
import { appendLedger } from "../lib/ledger.server";
import { adminChains, isUniqueViolation, ledgerActor, refuse, today, type AdminActor, type Refused } from "./admin-common.server";
import { agencyFields, checkAgency } from "./admin-create-agency.server";

/**
 * Edits an agency. While active staff work for it, it stays active, and while triage officers
 * work for it, it stays a safety-committee office: move those people first.
 */
export async function updateAgency(actor: AdminActor, agencyId: string, input: AgencyInput, now = new Date()): Promise<{ ok: true; changed: string[] } | Refused> {
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
      if (!before) return refuse("form", "admin.errors.agency.unknown", 404);
      const after = agencyFields(input);
      const changed = (Object.keys(after) as (keyof typeof after)[]).filter((k) => after[k] !== before[k]);
      if (changed.length === 0) return refuse("form", "admin.errors.nothingChanged");
      if (before.active && !after.active) {
        const [staff] = await tx
          .select({ n: count() })
          .from(staffAccounts)
          .where(and(eq(staffAccounts.agencyId, agencyId), eq(staffAccounts.active, true)));
        if (staff && staff.n > 0) return refuse("active", "admin.errors.agency.hasActiveStaff", 409);
      }
      if (after.departmentType !== TRIAGE_DEPARTMENT_TYPE && before.departmentType === TRIAGE_DEPARTMENT_TYPE) {
        const [triage] = await tx
          .select({ n: count() })
          .from(staffAccounts)
          .where(and(eq(staffAccounts.agencyId, agencyId), eq(staffAccounts.active, true), eq(staffAccounts.role, "triage_officer")));
        if (triage && triage.n > 0) return refuse("departmentType", "admin.errors.agency.hasTriageOfficers", 409);
      }
      const problem = await checkAgency(tx, input, agencyId);
      if (problem) return problem;
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
      return { ok: true as const, changed };
    });
  } catch (e) {
    if (isUniqueViolation(e)) return refuse("placeCode", "admin.errors.agency.duplicate");
    throw e;
  }
}
