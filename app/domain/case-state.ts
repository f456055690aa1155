import type { StaffRole } from "./staff-roles";

/**
 * The case lifecycle of docs/domain.md ("Case lifecycle") in one place: its states, the exhaustive transition table
 * (who may take each transition), the closed sets that go with it (rejection reasons, extension
 * and review decisions), and what the tipster is shown.
 * Being overdue is not a state: it is a deadline passed in any open state.
 */
export const CASE_STATES = [
  "submitted",
  "rejected",
  "merged",
  "assigned",
  "returned",
  "accepted",
  "investigating",
  "concluded",
  "rectifying",
  "verified",
  "closed",
  "reopened",
  "under_review",
] as const;
export type CaseState = (typeof CASE_STATES)[number];

/** The states a case ends in unless someone reopens it: Open311's "closed", not counted as open now. */
export const CLOSED_STATES = ["closed", "rejected", "merged"] as const satisfies readonly CaseState[];

/** The states of a case that has its conclusion (the outcome is shown; a merge into it can no longer be undone). */
export const CONCLUDED_STATES = ["concluded", "rectifying", "verified", "closed", "under_review"] as const satisfies readonly CaseState[];

/**
 * The states whose arrival the tipster sees change on /status — a rejection, a conclusion (with
 * or without rectification), the close-out — and is told of by email if they asked (ADR 024).
 */
export const TIPSTER_NEWS_STATES = ["rejected", "concluded", "rectifying", "closed"] as const satisfies readonly CaseState[];

/** Why the desk does not take a tip up (docs/domain.md "Case lifecycle"). */
export const REJECTION_REASONS = ["out_of_scope", "no_facts", "duplicate", "abusive"] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** The states in which the conclusion clock runs, so an extension can be asked for and decided. */
export const EXTENDABLE_STATES = ["accepted", "investigating"] as const satisfies readonly CaseState[];
export const isExtendable = (state: string) => (EXTENDABLE_STATES as readonly string[]).includes(state);

/** The one extension of the conclusion deadline an agency may ask for, and the supervisor's decision. */
export const EXTENSION_STATES = ["requested", "approved", "refused"] as const;
export type ExtensionState = (typeof EXTENSION_STATES)[number];

/** How the supervising agency decides a tipster's dispute of a closure (复查). */
export const REVIEW_DECISIONS = ["upheld", "reopened"] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export type Actor = StaffRole | "tipster" | "system";

/** The states in which a case waits for a triage decision (the desk's queue and clock). */
export const TRIAGE_STATES = ["submitted", "returned", "reopened"] as const satisfies readonly CaseState[];

/** The states an agency's inbox lists (closed only when asked for). */
export const INBOX_STATES = ["assigned", "accepted", "investigating", "concluded", "rectifying", "verified", "under_review", "closed"] as const satisfies readonly CaseState[];

export type CaseAction =
  | "reject"
  | "merge"
  | "route"
  | "accept"
  | "return"
  | "start_investigation"
  | "conclude_with_rectification"
  | "conclude_nothing_to_rectify"
  | "verify_rectification"
  | "close"
  | "reopen"
  | "dispute"
  | "uphold"
  | "reopen_after_review"
  | "unmerge";

/**
 * What a transition needs besides permission (a reason, a finding, a deadline…) is checked where
 * it is parsed — the forms and the service taking it — not listed here, where nothing read it.
 */
type Transition = { from: readonly CaseState[]; to: CaseState; by: readonly Actor[] } | { from: readonly CaseState[]; back: readonly CaseState[]; by: readonly Actor[] };

/** The states a merge is taken from, which its undo goes back to. */
const MERGEABLE = ["submitted", "returned"] as const satisfies readonly CaseState[];

export const TRANSITIONS: Record<CaseAction, Transition> = {
  reject: { from: ["submitted", "returned", "reopened"], to: "rejected", by: ["triage_officer"] },
  merge: { from: MERGEABLE, to: "merged", by: ["triage_officer"] },
  route: { from: ["submitted", "returned", "reopened"], to: "assigned", by: ["triage_officer"] },
  accept: { from: ["assigned"], to: "accepted", by: ["agency_officer"] },
  return: { from: ["assigned"], to: "returned", by: ["agency_officer"] },
  start_investigation: { from: ["accepted"], to: "investigating", by: ["agency_officer"] },
  conclude_with_rectification: { from: ["investigating"], to: "rectifying", by: ["agency_officer"] },
  conclude_nothing_to_rectify: { from: ["investigating"], to: "concluded", by: ["agency_officer"] },
  verify_rectification: { from: ["rectifying"], to: "verified", by: ["agency_officer"] },
  close: { from: ["concluded", "verified"], to: "closed", by: ["agency_officer"] },
  reopen: { from: ["closed"], to: "reopened", by: ["supervisor", "triage_officer"] },
  dispute: { from: ["closed"], to: "under_review", by: ["tipster"] },
  uphold: { from: ["under_review"], to: "closed", by: ["supervisor"] },
  reopen_after_review: { from: ["under_review"], to: "reopened", by: ["supervisor"] },
  // An undo: back to the state the tip was in before it was merged (the merge's ledger entry says which).
  unmerge: { from: ["merged"], back: MERGEABLE, by: ["triage_officer"] },
};

/** The states a transition may lead to: its `to`, or for an undo each state it may go back to. */
export function targetsOf(t: Transition): readonly CaseState[] {
  return "to" in t ? [t.to] : t.back;
}

export type TransitionCheck = { ok: true; to: CaseState } | { ok: false; problem: "not_allowed_in_state" | "not_allowed_for_actor" };

/**
 * Whether `actor` may take `action` on a case in `state`, and where it leads. An undo (`back`)
 * needs `before`, the state the case was in before the step it undoes, and leads there.
 */
export function checkTransition(state: string, action: CaseAction, actor: Actor, before?: string): TransitionCheck {
  const t = TRANSITIONS[action];
  if (!t.by.includes(actor)) return { ok: false, problem: "not_allowed_for_actor" };
  if (!(t.from as readonly string[]).includes(state)) return { ok: false, problem: "not_allowed_in_state" };
  if ("to" in t) return { ok: true, to: t.to };
  const back = t.back.find((s) => s === before);
  return back ? { ok: true, to: back } : { ok: false, problem: "not_allowed_in_state" };
}

/** The actions open to `actor` on a case in `state` (for the buttons a page shows). */
export function availableActions(state: string, actor: Actor): CaseAction[] {
  return (Object.keys(TRANSITIONS) as CaseAction[]).filter((a) => {
    const t = TRANSITIONS[a];
    return t.by.includes(actor) && (t.from as readonly string[]).includes(state);
  });
}

/** What the public and the tipster see: a coarser picture, in plain words (an i18n key each). */
export type PublicStatus = "received" | "with_agency" | "investigating" | "rectifying" | "closed" | "rejected" | "merged";

const PUBLIC: Record<CaseState, PublicStatus> = {
  submitted: "received",
  returned: "received",
  reopened: "received",
  assigned: "with_agency",
  accepted: "investigating",
  investigating: "investigating",
  concluded: "investigating",
  under_review: "investigating",
  rectifying: "rectifying",
  verified: "rectifying",
  closed: "closed",
  rejected: "rejected",
  merged: "merged",
};

export function publicStatus(state: string): PublicStatus {
  return PUBLIC[state as CaseState] ?? "received";
}

/** Open311's two-valued status. */
export const isOpen = (state: string) => !(CLOSED_STATES as readonly string[]).includes(state);
