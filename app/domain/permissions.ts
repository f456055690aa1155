import type { StaffRole } from "./staff-roles";
import { isOpen } from "./case-state";
import { insideImplicatedRegion } from "./conflict-of-interest";
import { COUNTRY, placeWithin } from "./places";
import { SAFETY_COMMITTEE } from "./routing";
import { triageDeskOf } from "./triage-desk";

/**
 * What each role may do (docs/domain.md "People"). Checked on the server by every loader and action;
 * which cases a person may see is decided by `canSeeCase` below together with the queries of
 * app/services/case-visibility.server.ts.
 */
export const CAPABILITIES = [
  "triage.view_queue",
  "triage.decide",
  "case.view_assigned",
  "case.ask_tipster",
  "case.view_contact",
  "supervision.view_subtree",
  "implication.decide",
  "admin.manage_staff",
  "admin.manage_agencies",
  "admin.manage_routing",
  "ledger.read",
  "ledger.verify",
  "hotline.record",
  // Issue 15 (ADR 036): put another officer of one's own agency in charge of a case (承办人).
  "case.reassign",
  // Issue 15 part C: publishing and lifting a public notice of a supervised major hazard (docs/decisions/038).
  "notice.publish",
  // Issue 16 (ADR 041): publishing a statistics release now, outside the daily schedule.
  "statistics.publish",
] as const;
export type Capability = (typeof CAPABILITIES)[number];

const GRANTS: Record<StaffRole, readonly Capability[]> = {
  triage_officer: ["triage.view_queue", "triage.decide", "case.ask_tipster", "case.view_contact", "hotline.record"],
  // Accepting and returning are checked by the state machine (TRANSITIONS[*].by), not a capability.
  agency_officer: ["case.view_assigned", "case.ask_tipster"],
  supervisor: ["case.view_assigned", "supervision.view_subtree", "case.ask_tipster", "implication.decide", "case.reassign", "notice.publish"],
  administrator: ["admin.manage_staff", "admin.manage_agencies", "admin.manage_routing", "statistics.publish"],
  auditor: ["ledger.read", "ledger.verify"],
  // Records tips received by phone, letter, visit or email and reads nothing stored: what the
  // caller said is seen once, while typing it (docs/decisions/020-hotline-channels.md).
  hotline_operator: ["hotline.record"],
};

export function can(role: StaffRole, capability: Capability): boolean {
  return GRANTS[role].includes(capability);
}

/** The roles that may triage: an active account with one of them staffs its desk (the desk rule). */
export const TRIAGE_ROLES: readonly StaffRole[] = (Object.keys(GRANTS) as StaffRole[]).filter((r) => GRANTS[r].includes("triage.decide"));

/** What the conflict-of-interest rule needs of a case: the region its tip implicates, if any. */
export type ConflictFacts = { implicatedPlaceCode: string | null };

/**
 * The conflict-of-interest rule (保护伞), once for every output: an agency located inside the
 * region a tip implicates may never be told about the case — not shown it, not emailed about it,
 * not count it in a digest. `canSeeCase`, the email queue (app/lib/jobs.server.ts), the deadline
 * jobs' choice of recipient and the SQL of app/services/case-visibility.server.ts all apply it.
 */
export function mayBeToldAbout(agencyPlaceCode: string, c: ConflictFacts): boolean {
  return !insideImplicatedRegion(agencyPlaceCode, c.implicatedPlaceCode);
}

/**
 * Whether a public output (Open311 look-ups and searches, published outcomes, open data) may
 * show a case. A tip that says officials are implicated stays out of all of them until it is
 * closed: listing it open, with its county and the higher agency handling it, would tell the
 * implicated officials they are being looked at. Aggregate statistics still count it (suppressed
 * as always); they name no case.
 */
export function mayBePublished(c: ConflictFacts & { officialsImplicated: boolean; state: string }): boolean {
  return !isOpen(c.state) || (!c.officialsImplicated && !c.implicatedPlaceCode);
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
/** An agency asked to contribute to a case (joint handling, 协办) whose ask is not withdrawn: asked or done. */
export type Contributor = { agencyId: string; placeCode: string; departmentType: string };
export type CaseFacts = {
  placeCode: string;
  agencyId: string | null;
  agencyPlaceCode: string | null;
  agencyDepartmentType: string | null;
  implicatedPlaceCode: string | null;
  /** The contributing agencies (asked or done; withdrawn ones are left out). None when omitted. */
  contributors?: readonly Contributor[];
};

/** An agency of `type` at `placeCode` lies strictly below the supervisor's agency (its subtree). */
const belowSupervisor = (agency: NonNullable<Viewer["agency"]>, type: string | null, placeCode: string | null) =>
  type === agency.departmentType && placeCode !== null && placeCode !== agency.placeCode && placeWithin(placeCode, agency.placeCode);

/**
 * Whether a person may see a case at all. Agencies of a region implicated by the tip never see
 * it, whatever else applies. Triage officers see tips placed within their desk's region; agency
 * officers the cases assigned to their agency; supervisors also those of the same department type
 * below them, and a supervisor of a safety-committee office (who supervises its desk) the tips
 * not yet with an agency placed within its region; administrators and auditors no case content.
 * The national desk's region is the whole country, but it sees only the tips the desk rule gives
 * it (`triageDeskOf`: no staffed desk of their own, or implicating their province), so
 * `staffedDesks` — the places whose safety-committee office is staffed — decides for it.
 * Joint handling: an agency asked to contribute (not withdrawn) is seen as its officers' and
 * supervisors' (`contributesTo`), but only the holder side (`handlesCase`) may act as the lead.
 */
export function canSeeCase(viewer: Viewer, c: CaseFacts, staffedDesks: ReadonlySet<string> = new Set()): boolean {
  return handlesCase(viewer, c, staffedDesks) || contributesTo(viewer, c);
}

/**
 * The lead's side of `canSeeCase`: the desk, the agency holding the case and its supervisors — the
 * people who take its transitions (accept, return, conclude, verify, close, extend, review).
 */
export function handlesCase(viewer: Viewer, c: CaseFacts, staffedDesks: ReadonlySet<string> = new Set()): boolean {
  const agency = viewer.agency;
  if (!agency) return false;
  if (!mayBeToldAbout(agency.placeCode, c)) return false;
  const atDesk = placeWithin(c.placeCode, agency.placeCode) && (agency.placeCode !== COUNTRY || triageDeskOf(c, staffedDesks) === COUNTRY);
  switch (viewer.role) {
    case "triage_officer":
      return atDesk;
    case "agency_officer":
      return c.agencyId === agency.id;
    case "supervisor":
      return c.agencyId === agency.id || (c.agencyId === null && agency.departmentType === SAFETY_COMMITTEE && atDesk) || belowSupervisor(agency, c.agencyDepartmentType, c.agencyPlaceCode);
    default:
      return false;
  }
}

/**
 * A contributing agency's side: its agency officers, and supervisors of it or of its department
 * type above it (who supervise its part as they supervise its own cases). Triage officers see
 * cases by the desk rule only. The conflict-of-interest rule first, for every agency on the case.
 */
export function contributesTo(viewer: Viewer, c: CaseFacts): boolean {
  const agency = viewer.agency;
  if (!agency || !c.contributors?.length) return false;
  if (!mayBeToldAbout(agency.placeCode, c)) return false;
  switch (viewer.role) {
    case "agency_officer":
      return c.contributors.some((k) => k.agencyId === agency.id);
    case "supervisor":
      return c.contributors.some((k) => k.agencyId === agency.id || belowSupervisor(agency, k.departmentType, k.placeCode));
    default:
      return false;
  }
}

/**
 * A tip merged into a case is shown on that case to whoever may see the case — unless the merged
 * tip itself implicates the viewer's region. Those who could see the merged tip anyway still do.
 */
export function canSeeMergedTip(viewer: Viewer, merged: CaseFacts, joined: CaseFacts): boolean {
  if (canSeeCase(viewer, merged)) return true;
  return !!viewer.agency && canSeeCase(viewer, joined) && !insideImplicatedRegion(viewer.agency.placeCode, merged.implicatedPlaceCode);
}

/**
 * Who may approve clearing or narrowing a tip's implication (the two-person rule): a supervisor
 * who may see the case, whose agency lies outside the region implicated now, and who is not the
 * person who asked.
 */
export function mayDecideImplicationChange(approver: Viewer & { staffId: string }, c: CaseFacts, requestedBy: string): boolean {
  if (approver.role !== "supervisor" || !approver.agency) return false;
  if (approver.staffId === requestedBy) return false;
  if (insideImplicatedRegion(approver.agency.placeCode, c.implicatedPlaceCode)) return false;
  // The holder's side: a contributing agency's supervisor does not decide the lead's case.
  return handlesCase(approver, c);
}
