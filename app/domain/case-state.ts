/**
 * The states of a case (DOMAIN.md's lifecycle). The transition table arrives with case
 * handling; this module already owns the states and what the tipster is shown for each.
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

/** What the public and the tipster see: a coarser picture, in plain words (an i18n key each). */
export type PublicStatus = "received" | "with_agency" | "investigating" | "rectifying" | "closed" | "rejected" | "merged";

export function publicStatus(state: string): PublicStatus {
  switch (state as CaseState) {
    case "submitted":
    case "returned":
    case "reopened":
      return "received";
    case "assigned":
      return "with_agency";
    case "accepted":
    case "investigating":
    case "concluded":
    case "under_review":
      return "investigating";
    case "rectifying":
    case "verified":
      return "rectifying";
    case "closed":
      return "closed";
    case "rejected":
      return "rejected";
    case "merged":
      return "merged";
    default:
      return "received";
  }
}

/** Open311's two-valued status. */
export const isOpen = (state: string) => !["closed", "rejected", "merged"].includes(state);
