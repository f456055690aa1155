/**
 * The staff roles (docs/domain.md "People"), defined once: the schema's `staff_accounts.role` and its
 * CHECK constraint, the permissions table, the admin forms and the role catalogue use this list.
 * No server imports, so the browser bundle may use it too.
 */
export const STAFF_ROLES = ["triage_officer", "agency_officer", "supervisor", "administrator", "auditor", "hotline_operator"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
