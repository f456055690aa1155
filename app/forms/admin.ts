import { z } from "zod";
import { checkbox } from "./fields";
import type { StaffRole } from "../domain/staff-roles";

/**
 * The administration forms (/staff/admin/...): conform + zod on the server (ADR 022); messages
 * are i18n keys. Every change carries a `reason`, which the ledger records with the change.
 */
export const REASON_MIN = 5;
export const REASON_MAX = 1000;

const reason = z
  .string({ error: "admin.errors.reason.required" })
  .trim()
  .min(1, { error: "admin.errors.reason.required", abort: true })
  .min(REASON_MIN, "admin.errors.reason.tooShort")
  .max(REASON_MAX, "admin.errors.reason.tooLong");

const requiredText = (max: number, required: string) =>
  z.string({ error: required }).trim().min(1, { error: required, abort: true }).max(max, `errors.text.tooLong.${max}`);

/** An address: left empty it asks for one, else it must be one address. */
const email = (message: string, required: string) =>
  z
    .string({ error: required })
    .trim()
    .min(1, { error: required, abort: true })
    .toLowerCase()
    .pipe(z.email(message).max(254, message));


/** An optional select: "" means none. */
const optionalUuid = (message: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(z.uuid(message).optional());

const code = (message: string) => z.string({ error: message }).trim().regex(/^[a-z][a-z0-9_]{0,49}$/, message);
const placeCode = (message: string) => z.string({ error: message }).trim().regex(/^\d{6}$/, message);

/** Roles that work for an agency (docs/domain.md "People"); administrators and auditors need none. */
export const ROLES_WITH_AGENCY: readonly StaffRole[] = ["triage_officer", "agency_officer", "supervisor", "hotline_operator"];
/** Roles that work at a triage desk, i.e. for a safety-committee office. */
export const DESK_ROLES: readonly StaffRole[] = ["triage_officer", "hotline_operator"];
/** The department type of the triage desk's agency (安委办). */
export const TRIAGE_DEPARTMENT_TYPE = "safety_committee";

/**
 * The roles in the order the forms offer them. The same list as the schema's STAFF_ROLES, kept
 * here so that the browser bundle does not pull in the database schema; the type below fails to
 * compile if a role is missing.
 */
export const ROLE_CHOICES = ["triage_officer", "hotline_operator", "agency_officer", "supervisor", "administrator", "auditor"] as const satisfies readonly StaffRole[];
const everyRoleOffered: Exclude<StaffRole, (typeof ROLE_CHOICES)[number]> extends never ? true : never = true;
void everyRoleOffered;

const role = z.enum(ROLE_CHOICES, { error: "admin.errors.role.required" });

function agencyForRole(v: { role: StaffRole; agencyId?: string | undefined }, ctx: z.RefinementCtx) {
  if (ROLES_WITH_AGENCY.includes(v.role) && !v.agencyId) ctx.addIssue({ code: "custom", path: ["agencyId"], message: "admin.errors.agency.requiredForRole" });
}

export const staffInviteSchema = z
  .object({
    email: email("admin.errors.email.invalid", "admin.errors.email.required"),
    displayName: requiredText(100, "admin.errors.displayName.required"),
    role,
    agencyId: optionalUuid("admin.errors.agency.unknown"),
    reason,
  })
  .superRefine(agencyForRole);
export type StaffInviteInput = z.infer<typeof staffInviteSchema>;

export const staffEditSchema = z
  .object({
    displayName: requiredText(100, "admin.errors.displayName.required"),
    role,
    agencyId: optionalUuid("admin.errors.agency.unknown"),
    reason,
  })
  .superRefine(agencyForRole);
export type StaffEditInput = z.infer<typeof staffEditSchema>;

/** Actions on one account that need nothing but a reason: one-time password, (de)activation, new invitation. */
export const staffReasonSchema = z.object({ reason });

/** Approving, refusing or withdrawing a pending role grant (/staff/admin/approvals). */
export const roleGrantDecisionSchema = z.object({ requestId: z.uuid("admin.errors.approval.unknown"), reason });

export const agencySchema = z.object({
  nameZh: requiredText(200, "admin.errors.name.required"),
  nameEn: requiredText(200, "admin.errors.name.required"),
  departmentType: code("admin.errors.departmentType.required"),
  placeCode: placeCode("admin.errors.place.invalid"),
  inboxEmail: email("admin.errors.inboxEmail.invalid", "admin.errors.inboxEmail.required"),
  active: checkbox,
  reason,
});
export type AgencyInput = z.infer<typeof agencySchema>;

/** The agency directory import (/staff/admin/directory): the file travels beside these fields. */
export const directoryImportSchema = z.object({
  deactivateMissing: checkbox,
  reason,
});
export type DirectoryImportFields = z.infer<typeof directoryImportSchema>;

export const routingOverrideSchema = z.object({
  regionCode: placeCode("admin.errors.place.invalid"),
  sectorCode: code("admin.errors.sector.required"),
  departmentType: code("admin.errors.departmentType.required"),
  reason,
});
export type RoutingOverrideInput = z.infer<typeof routingOverrideSchema>;

export const routingOverrideDeleteSchema = z.object({
  id: z.uuid("admin.errors.override.unknown"),
  reason,
});
