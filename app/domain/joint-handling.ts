import { isOpen, type CaseAction, type CaseState } from "./case-state";
import type { StaffRole } from "./staff-roles";
import { insideImplicatedRegion } from "./conflict-of-interest";
import { regionsContaining } from "./places";

/**
 * Joint handling (联办, docs/domain.md "Joint handling"): the agency a case is assigned to leads it;
 * further agencies may be asked to contribute (协办). Each contribution is asked, then done by the
 * contributing agency or withdrawn by the lead.
 */
export const CONTRIBUTION_STATES = ["asked", "done", "withdrawn"] as const;
export type ContributionState = (typeof CONTRIBUTION_STATES)[number];

/** The states in which the case is open with its lead agency, so a contribution may be asked. */
export const ASKABLE_STATES = ["accepted", "investigating", "rectifying"] as const satisfies readonly CaseState[];

export function mayAskContribution(state: string): boolean {
  return (ASKABLE_STATES as readonly string[]).includes(state);
}

/** The roles of the lead agency that ask another agency to contribute and withdraw an ask. */
export const LEAD_ROLES = ["agency_officer", "supervisor"] as const satisfies readonly StaffRole[];

/** The viewer belongs to the agency leading the case (not its supervising agency above). */
export function isLeadStaff(staff: { role: StaffRole; agency: { id: string } | null }, c: { agencyId: string | null }): boolean {
  return (LEAD_ROLES as readonly string[]).includes(staff.role) && !!staff.agency && staff.agency.id === c.agencyId;
}

/** The lead's steps that wait until every ask is done or withdrawn: the conclusion, the verification and the close-out. */
export const CONTRIBUTIONS_HOLD_UP = ["conclude_with_rectification", "conclude_nothing_to_rectify", "verify_rectification", "close"] as const satisfies readonly CaseAction[];

/** An open ask may be marked done (by its agency) or withdrawn (by the lead) while the case is open. */
export function mayChangeContribution(caseState: string): boolean {
  return isOpen(caseState);
}

/** A contribution that still gives its agency sight of the case: asked or done, not withdrawn. */
export function contributionSees(state: ContributionState): boolean {
  return state !== "withdrawn";
}

/** Whether a contribution still waits for its agency, which holds up the lead's conclusion. */
export function contributionOpen(state: ContributionState): boolean {
  return state === "asked";
}

/**
 * The places whose agencies may be asked to contribute to a case placed at `placeCode`: its
 * county, city and province and the national level (no agencies of other regions).
 */
export function contributorPlaces(placeCode: string): string[] {
  return regionsContaining(placeCode);
}

export type ContributorCandidate = { id: string; placeCode: string; active: boolean };

export type AskRefusal = "not_open_with_agency" | "lead_itself" | "inactive" | "outside_case_region" | "implicated" | "already_asked";

/**
 * Why an agency may not be asked to contribute, or null when it may: the case must be open with
 * its lead, the agency active, not the lead, at the case's county/city/province or the national
 * level, outside every region the case (or a tip merged into it) implicates, and not already asked.
 */
export function askRefusal(
  c: { state: string; placeCode: string; agencyId: string | null; implicatedRegions: readonly (string | null)[]; openContributorIds: readonly string[] },
  agency: ContributorCandidate,
): AskRefusal | null {
  if (!mayAskContribution(c.state) || c.agencyId === null) return "not_open_with_agency";
  if (agency.id === c.agencyId) return "lead_itself";
  if (!agency.active) return "inactive";
  if (!contributorPlaces(c.placeCode).includes(agency.placeCode)) return "outside_case_region";
  if (c.implicatedRegions.some((r) => insideImplicatedRegion(agency.placeCode, r))) return "implicated";
  if (c.openContributorIds.includes(agency.id)) return "already_asked";
  return null;
}
