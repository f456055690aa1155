import type { CaseState } from "./case-state";
import type { StaffRole } from "./staff-roles";

/**
 * The officer in charge of a case (承办人, docs/domain.md "Officer in charge", ADR 036): one agency
 * officer of the agency holding the case. Accepting assigns the case to the officer who accepts;
 * a supervisor of that same agency reassigns it, with a reason, to another of its active officers.
 * A return, a reopen or a new routing clears it. No server imports: the browser may use it.
 */

/** The states in which a case has an officer in charge: accepted by its agency, not yet closed. */
export const ASSIGNABLE_STATES = ["accepted", "investigating", "concluded", "rectifying", "verified", "under_review"] as const satisfies readonly CaseState[];

export function isAssignable(state: string): boolean {
  return (ASSIGNABLE_STATES as readonly string[]).includes(state);
}

/** The one role that is put in charge of a case: the one that takes the agency's transitions. */
export const OFFICER_ROLE = "agency_officer" as const satisfies StaffRole;

/** The role that reassigns, for the cases of its own agency (the capability `case.reassign`). */
export const REASSIGNING_ROLE = "supervisor" as const satisfies StaffRole;

/** A reassignment's reason: at least this many characters (after trimming), at most REASON_MAX. */
export const REASON_MIN = 5;
export const REASON_MAX = 2000;

/** The views of the agency inbox ("my cases", "unassigned"), a closed set for the query parameter and the catalogue. */
export const INBOX_VIEWS = ["all", "mine", "unassigned"] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];

export function inboxView(raw: unknown): InboxView {
  return (INBOX_VIEWS as readonly unknown[]).includes(raw) ? (raw as InboxView) : "all";
}

export type OfficerFacts = { id: string; role: StaffRole; active: boolean; agencyId: string | null };

/**
 * Who is in charge of a case now: the recorded officer while they are an active agency officer of
 * the agency holding the case; otherwise nobody (a deactivated or moved officer's cases are
 * unassigned at once, without a job). The SQL twin is `currentOfficer` of
 * app/services/case-assignment.server.ts.
 */
export function officerInCharge(c: { agencyId: string | null }, recorded: OfficerFacts | null): string | null {
  if (!recorded || !c.agencyId) return null;
  return recorded.active && recorded.role === OFFICER_ROLE && recorded.agencyId === c.agencyId ? recorded.id : null;
}

export type ReassignRefusal =
  /** The actor is not a supervisor of the agency holding the case. */
  | "not_lead"
  /** The case is not with its agency between acceptance and close-out. */
  | "not_assignable"
  /** The chosen person is not an agency officer. */
  | "not_officer"
  | "inactive"
  /** The chosen officer works for another agency. */
  | "other_agency"
  /** The case is already in that officer's charge. */
  | "same_officer"
  | "reason_required";

/**
 * Why `actor` may not put `target` in charge of the case, or null when they may: a supervisor of
 * the agency holding the case, while it is assignable, to an active agency officer of that agency
 * other than the one in charge now (`current`, from `officerInCharge`), with a reason.
 */
export function reassignRefusal(
  actor: { role: StaffRole; agencyId: string | null },
  c: { state: string; agencyId: string | null; current: string | null },
  target: OfficerFacts,
  reason: string
): ReassignRefusal | null {
  if (actor.role !== REASSIGNING_ROLE || !actor.agencyId || actor.agencyId !== c.agencyId) return "not_lead";
  if (!isAssignable(c.state)) return "not_assignable";
  if (target.role !== OFFICER_ROLE) return "not_officer";
  if (!target.active) return "inactive";
  if (target.agencyId !== c.agencyId) return "other_agency";
  if (target.id === c.current) return "same_officer";
  const r = reason.trim();
  if (r.length < REASON_MIN || r.length > REASON_MAX) return "reason_required";
  return null;
}

/** Whether the page offers `actor` the reassign form at all (before a target is chosen). */
export function mayReassign(actor: { role: StaffRole; agencyId: string | null }, c: { state: string; agencyId: string | null }): boolean {
  return actor.role === REASSIGNING_ROLE && !!actor.agencyId && actor.agencyId === c.agencyId && isAssignable(c.state);
}
