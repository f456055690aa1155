import type { StaffRole } from "../../db/schema/index";
import { placeWithin } from "./places";

export { placeWithin };

/**
 * What each role may do (DOMAIN.md "People"). Checked on the server by every loader and action;
 * which cases a person may see is decided by `canSeeCase` below together with the queries of
 * app/services/case-visibility.server.ts.
 */
export const CAPABILITIES = [
  "triage.view_queue",
  "triage.decide",
  "case.view_assigned",
  "case.accept_or_return",
  "case.ask_tipster",
  "case.view_contact",
  "supervision.view_subtree",
  "admin.manage_staff",
  "admin.manage_agencies",
  "admin.manage_routing",
  "ledger.read",
  "ledger.verify",
] as const;
export type Capability = (typeof CAPABILITIES)[number];

const GRANTS: Record<StaffRole, readonly Capability[]> = {
  triage_officer: ["triage.view_queue", "triage.decide", "case.ask_tipster", "case.view_contact"],
  agency_officer: ["case.view_assigned", "case.accept_or_return", "case.ask_tipster"],
  supervisor: ["case.view_assigned", "supervision.view_subtree", "case.ask_tipster"],
  administrator: ["admin.manage_staff", "admin.manage_agencies", "admin.manage_routing"],
  auditor: ["ledger.read", "ledger.verify"],
};

export function can(role: StaffRole, capability: Capability): boolean {
  return GRANTS[role].includes(capability);
}

/** The capabilities that open case content: a tip's text and attachments, its contact details, a case's records. */
const CASE_CONTENT: readonly Capability[] = ["triage.view_queue", "case.view_assigned", "case.view_contact", "supervision.view_subtree"];

/** The roles that read case content, derived from their capabilities (triage officer, agency officer, supervisor). */
export const CASE_CONTENT_ROLES: readonly StaffRole[] = (Object.keys(GRANTS) as StaffRole[]).filter((r) => GRANTS[r].some((c) => CASE_CONTENT.includes(c)));

/**
 * The roles only a second administrator may grant (docs/decisions/014-two-person-rule.md): those
 * that read case content, and the administrator role itself, which approves such grants (an
 * administrator who could make another administrator alone could approve their own requests).
 */
export const ROLES_GRANTED_BY_TWO: readonly StaffRole[] = [...CASE_CONTENT_ROLES, "administrator"];

export type AccountAccess = { role: StaffRole; agencyId: string | null; active: boolean };

/**
 * Whether a change of an account (null before: a new account) grants access that needs a second
 * administrator's approval: an active account ends up with such a role and either did not have
 * it, had it at another agency, or was not active.
 */
export function grantNeedsApproval(before: AccountAccess | null, after: AccountAccess): boolean {
  if (!after.active || !ROLES_GRANTED_BY_TWO.includes(after.role)) return false;
  if (!before) return true;
  return !before.active || before.role !== after.role || before.agencyId !== after.agencyId;
}

export type Viewer = { role: StaffRole; agency: { id: string; departmentType: string; placeCode: string } | null };
export type CaseFacts = { placeCode: string; agencyId: string | null; agencyPlaceCode: string | null; agencyDepartmentType: string | null; implicatedPlaceCode: string | null };

/**
 * Whether a person may see a case at all. Agencies of a region implicated by the tip never see
 * it, whatever else applies. Triage officers see tips placed within their desk's region; agency
 * officers the cases assigned to their agency; supervisors also those of the same department type
 * below them; administrators and auditors no case content.
 */
export function canSeeCase(viewer: Viewer, c: CaseFacts): boolean {
  const agency = viewer.agency;
  if (!agency) return false;
  if (c.implicatedPlaceCode && placeWithin(agency.placeCode, c.implicatedPlaceCode)) return false;
  switch (viewer.role) {
    case "triage_officer":
      return placeWithin(c.placeCode, agency.placeCode);
    case "agency_officer":
      return c.agencyId === agency.id;
    case "supervisor":
      return (
        c.agencyId === agency.id ||
        (c.agencyDepartmentType === agency.departmentType && c.agencyPlaceCode !== null && c.agencyPlaceCode !== agency.placeCode && placeWithin(c.agencyPlaceCode, agency.placeCode))
      );
    default:
      return false;
  }
}
