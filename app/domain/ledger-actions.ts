import { TRANSITIONS, type CaseAction } from "./case-state";

/**
 * Every action the ledger records, a closed set: each has its words in both languages
 * (`staff.ledger.action.<code>`, checked by app/i18n/closed-sets.ts when compiling), and
 * app/domain/ledger-actions.test.ts reads the source for the codes passed to appendLedger and
 * transitionCase, so a new code cannot be written without being listed here.
 * Codes once written stay in the set: the ledger keeps its entries for ever.
 */

/** A transition of the case's state machine is written as `case.<action>` (transitionCase). */
export const CASE_TRANSITION_ACTIONS = (Object.keys(TRANSITIONS) as CaseAction[]).map((a) => `case.${a}` as const);

export const LEDGER_ACTIONS = [
  // A tip and its thread.
  "tip.submitted",
  "tip.recorded_by_operator",
  "tip.receipt_replaced",
  "tip.question_to_tipster",
  "tip.reply_from_tipster",
  "tip.claimed",
  "tip.claim_released",
  // The case's states (TRANSITIONS in case-state.ts).
  "case.reject",
  "case.merge",
  "case.route",
  "case.accept",
  "case.return",
  "case.start_investigation",
  "case.conclude_with_rectification",
  "case.conclude_nothing_to_rectify",
  "case.verify_rectification",
  "case.close",
  "case.reopen",
  "case.dispute",
  "case.uphold",
  "case.reopen_after_review",
  "case.unmerge",
  // Work on a case that does not change its state.
  "case.merged_in",
  "case.unmerged_out",
  "case.contribution_asked",
  "case.contribution_done",
  "case.contribution_withdrawn",
  "case.corrected",
  "case.implication_change_requested",
  "case.implication_change_approved",
  "case.implication_change_refused",
  "case.implication_change_applied",
  "case.note_added",
  "case.evidence_added",
  "case.extension_requested",
  "case.extension_approved",
  "case.extension_refused",
  "case.overdue_escalated",
  "case.supervision_set",
  // The officer in charge (承办人, app/domain/case-assignment.ts): put in charge on acceptance, reassigned by a supervisor.
  "case.assigned",
  "case.reassigned",
  // Rectification items (docs/decisions/037).
  "case.rectification_item_ordered",
  "case.rectification_item_verified",
  "case.rectification_item_extended",
  // The public notice of a supervised major hazard (挂牌督办公告 / 摘牌, docs/decisions/038).
  "case.notice_published",
  "case.notice_lifted",
  // The tipster's contact details.
  "contact.viewed",
  "contact.erased",
  // Rewards.
  "reward.claimed",
  "reward.approved",
  "reward.refused",
  // A staff member's own account.
  "staff.created",
  "staff.invitation_accepted",
  "staff.password_accepted",
  "staff.password_changed",
  "staff.totp_enrolled",
  "staff.recovery_code_used",
  "staff.signed_in",
  "staff.sign_in_failed",
  "staff.sign_in_refused",
  "staff.locked",
  "staff.signed_out_everywhere",
  // Administration.
  "admin.staff.invited",
  "admin.staff.invitation_reissued",
  "admin.staff.updated",
  "admin.staff.deactivated",
  "admin.staff.reactivated",
  "admin.staff.one_time_password_set",
  "admin.staff.role_grant_requested",
  "admin.staff.role_grant_approved",
  "admin.staff.role_grant_refused",
  "admin.staff.role_grant_withdrawn",
  "admin.agency.created",
  "admin.agency.updated",
  "admin.directory.imported",
  "admin.routing_override.created",
  "admin.routing_override.deleted",
  "admin.sector_keyword.added",
  "admin.sector_keyword.removed",
  // Statistics releases (issue 16, ADR 041): one published (its number, pages and content hash), and an administrator's "publish now".
  "statistics.released",
  "statistics.release_requested",
] as const;

export type LedgerAction = (typeof LEDGER_ACTIONS)[number];

/** Every transition of the state machine is in the set: a new CaseAction without it does not compile. */
type MissingTransitions = Exclude<`case.${CaseAction}`, LedgerAction>;
const transitionsListed: [MissingTransitions] extends [never] ? true : MissingTransitions = true;
void transitionsListed;

export function isLedgerAction(code: string): code is LedgerAction {
  return (LEDGER_ACTIONS as readonly string[]).includes(code);
}
