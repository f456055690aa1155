/** Staff case work (triage, agency inbox, case pages), Simplified Chinese. Every key must exist in staff.en.ts. */
export const staffZhCN = {
  "staff.nav.home": "工作台",
  "staff.nav.triage": "受理队列",
  "staff.nav.cases": "本单位案件",
  "staff.nav.admin": "系统管理",
  "staff.nav.signOut": "退出",
  "staff.nav.signOutEverywhere": "退出所有设备",
  "staff.signedInAs": "{name}（{role}）",
  "staff.role.triage_officer": "受理员",
  "staff.role.agency_officer": "承办人",
  "staff.role.supervisor": "督办人",
  "staff.role.administrator": "管理员",
  "staff.role.auditor": "审计员",
} as const;
