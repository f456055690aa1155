import type { staffZhCN } from "./staff.zh-CN";

/** Staff case work, English. */
export const staffEn: Record<keyof typeof staffZhCN, string> = {
  "staff.nav.home": "Workspace",
  "staff.nav.triage": "Triage queue",
  "staff.nav.cases": "Our cases",
  "staff.nav.admin": "Administration",
  "staff.nav.signOut": "Sign out",
  "staff.nav.signOutEverywhere": "Sign out everywhere",
  "staff.signedInAs": "{name} ({role})",
  "staff.role.triage_officer": "Triage officer",
  "staff.role.agency_officer": "Agency officer",
  "staff.role.supervisor": "Supervisor",
  "staff.role.administrator": "Administrator",
  "staff.role.auditor": "Auditor",
};
