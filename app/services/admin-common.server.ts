import { eq } from "drizzle-orm";
import { agencies, type StaffRole } from "../../db/schema/index";
import { localDate } from "../domain/working-days";
import { DESK_ROLES, ROLES_WITH_AGENCY, TRIAGE_DEPARTMENT_TYPE } from "../forms/admin";
import { AppError } from "../lib/app-error";
import type { Executor } from "../lib/db.server";
import { env } from "../lib/env.server";

/**
 * What the administration use-cases share: who acts, the ledger chains they write to, and the
 * rule tying a role to an agency. Refusals are AppErrors (ADR 022).
 */
export type AdminActor = { staffId: string };

export const adminChains = {
  staff: (id: string) => `admin:staff:${id}`,
  agency: (id: string) => `admin:agency:${id}`,
  routing: "admin:routing",
  /** Imports of the whole directory from a file (one entry each). */
  directory: "admin:directory",
  /** The sector classifier's keyword table (additions and removals). */
  sectorKeywords: "admin:sector_keywords",
} as const;

export const ledgerActor = (a: AdminActor) => ({ type: "staff" as const, id: a.staffId });

export const today = (now: Date) => localDate(now, env().timeZone);

/** postgres.js reports SQLSTATE in `code`; drizzle may wrap the driver's error in `cause`. */
export function isUniqueViolation(e: unknown): boolean {
  for (let x: unknown = e, i = 0; x && i < 3; x = (x as { cause?: unknown }).cause, i++) {
    if ((x as { code?: unknown }).code === "23505") return true;
  }
  return false;
}

/**
 * An agency officer or supervisor needs an active agency; a triage officer or hotline operator an
 * active safety-committee office (安委办); administrators and auditors may have one or none.
 */
export async function checkAgencyForRole(tx: Executor, role: StaffRole, agencyId: string | null): Promise<void> {
  const refuse = (message: "admin.errors.agency.requiredForRole" | "admin.errors.agency.unknown" | "admin.errors.agency.inactive" | "admin.errors.agency.triageNeedsSafetyCommittee") =>
    new AppError("invalid_input", { field: "agencyId", message });
  if (!agencyId) {
    if (ROLES_WITH_AGENCY.includes(role)) throw refuse("admin.errors.agency.requiredForRole");
    return;
  }
  const [agency] = await tx.select({ departmentType: agencies.departmentType, active: agencies.active }).from(agencies).where(eq(agencies.id, agencyId)).for("share");
  if (!agency) throw refuse("admin.errors.agency.unknown");
  if (!agency.active) throw refuse("admin.errors.agency.inactive");
  if (DESK_ROLES.includes(role) && agency.departmentType !== TRIAGE_DEPARTMENT_TYPE) throw refuse("admin.errors.agency.triageNeedsSafetyCommittee");
}
