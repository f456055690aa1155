/**
 * The two-person rule's closed sets (docs/decisions/014-two-person-rule.md): what a request asks
 * for, what it is about, and where it stands. Used by `approval_requests` and its CHECK constraints.
 */
export const APPROVAL_KINDS = ["role_grant", "implication_change"] as const;
export type ApprovalKind = (typeof APPROVAL_KINDS)[number];

/** A role grant is about a staff account, an implication change about a tip. */
export const APPROVAL_SUBJECT_TYPES = ["staff", "tip"] as const;
export type ApprovalSubjectType = (typeof APPROVAL_SUBJECT_TYPES)[number];

export const APPROVAL_STATES = ["pending", "approved", "refused", "withdrawn"] as const;
export type ApprovalState = (typeof APPROVAL_STATES)[number];
