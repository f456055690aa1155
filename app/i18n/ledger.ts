import { CASE_STATES, REJECTION_REASONS } from "../domain/case-state";
import { RESPONSIBLE_ROLES } from "../domain/rectification-item-state";
import { TIP_CHANNELS } from "../domain/channels";
import { isLedgerAction } from "../domain/ledger-actions";
import { FINDINGS } from "../domain/outcomes";
import { STAFF_ROLES } from "../domain/staff-roles";
import { localName, type Locale, type MessageKey, type Translate } from "./index";
import { formatLocalTime } from "./time";

type Named = { nameZh: string; nameEn: string };

/** What an entry says (who and when are columns of their own). */
export type LedgerEntryForReading = { action: string; details?: unknown };

/** Names for the ids an entry holds, and the zone for a time it holds (a lock's end). */
export type LedgerNames = {
  agencies: readonly (Named & { id: string })[];
  places?: readonly (Named & { code: string })[];
  timeZone: string;
};

const oneOf = <T extends string>(set: readonly T[], v: unknown): v is T => typeof v === "string" && (set as readonly string[]).includes(v);
const text = (v: unknown): v is string => typeof v === "string" && v.trim() !== "";
const count = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const date = (v: unknown): v is string => typeof v === "string" && DATE.test(v);

const CORRECTED_FIELDS = ["sectorCode", "placeCode", "majorHazard", "concealedAccident", "deaths", "officialsImplicated", "implicatedPlaceCode"] as const;

/**
 * A ledger entry as a sentence in the reader's language: the action's words, then what the entry
 * records — states by their names, a rejection reason by its words, agencies by name, references
 * as they are, dates as dates, free text quoted. Details it does not know (internal ids, the
 * rules that matched, keys added later) are left out rather than shown as code; an action outside
 * the closed set (none is written, app/domain/ledger-actions.test.ts) shows its code, so that an
 * auditor still sees what was recorded.
 */
export function describeLedgerEntry(entry: LedgerEntryForReading, t: Translate, locale: Locale, names: LedgerNames): string {
  const d = (entry.details && typeof entry.details === "object" ? entry.details : {}) as Record<string, unknown>;
  const head = isLedgerAction(entry.action) ? t(`staff.ledger.action.${entry.action}`) : entry.action;
  const parts: string[] = [];
  const add = (key: MessageKey, params?: Record<string, string | number>) => parts.push(t(key, params));

  const agency = (id: unknown) => {
    const a = names.agencies.find((x) => x.id === id);
    return a ? localName(locale, a) : t("times.ledger.unknownAgency");
  };
  const place = (code: unknown) => {
    if (typeof code !== "string" || code === "") return t("times.ledger.none");
    const p = names.places?.find((x) => x.code === code);
    return p ? `${localName(locale, p)} (${code})` : code;
  };
  const states = () => {
    if (oneOf(CASE_STATES, d.from) && oneOf(CASE_STATES, d.to)) add("times.ledger.states", { from: t(`staff.state.${d.from}`), to: t(`staff.state.${d.to}`) });
  };
  const reason = (v: unknown = d.reason) => {
    if (text(v)) add("times.ledger.reason", { text: v.trim() });
  };
  const note = () => {
    if (text(d.note)) add("times.ledger.note", { text: d.note.trim() });
  };
  const due = (v: unknown = d.dueOn) => {
    if (date(v)) add("times.ledger.dueOn", { date: v });
  };
  const attachments = (v: unknown = d.attachments) => {
    if (count(v) && v > 0) add("times.ledger.attachments", { count: v });
  };
  const previousAgency = () => {
    if (text(d.agencyId)) add("times.ledger.agency", { agency: agency(d.agencyId) });
  };
  const role = () => {
    if (oneOf(STAFF_ROLES, d.role)) add("times.ledger.role", { role: t(`staff.role.${d.role}`) });
  };
  const changes = () => {
    const n = d.changes && typeof d.changes === "object" ? Object.keys(d.changes).length : 0;
    if (n > 0) add("times.ledger.changes", { count: n });
  };

  switch (entry.action) {
    case "tip.submitted":
    case "tip.recorded_by_operator":
      if (oneOf(TIP_CHANNELS, d.channel)) add("times.ledger.channel", { channel: t(`channel.${d.channel}`) });
      attachments();
      due(d.triageDueOn);
      break;
    case "tip.question_to_tipster":
    case "tip.reply_from_tipster":
    case "case.evidence_added":
      attachments();
      break;
    case "case.route":
      if (text(d.agencyId)) add("times.ledger.toAgency", { agency: agency(d.agencyId) });
      states();
      due();
      if (text(d.override)) add("times.ledger.override", { text: d.override.trim() });
      break;
    case "case.reject":
      states();
      if (oneOf(REJECTION_REASONS, d.reason)) add("times.ledger.rejectReason", { reason: t(`staff.reason.${d.reason}`) });
      break;
    case "case.merge":
      if (text(d.into)) add("times.ledger.into", { reference: d.into });
      states();
      reason();
      break;
    case "case.merged_in":
      if (text(d.merged)) add("times.ledger.merged", { reference: d.merged });
      reason();
      break;
    case "case.unmerge":
      if (text(d.joined)) add("times.ledger.outOf", { reference: d.joined });
      states();
      due();
      reason();
      break;
    case "case.unmerged_out":
      if (text(d.merged)) add("times.ledger.merged", { reference: d.merged });
      reason();
      break;
    case "case.contribution_asked":
    case "case.contribution_done":
    case "case.contribution_withdrawn":
      if (text(d.agencyId)) add("times.ledger.contributor", { agency: agency(d.agencyId) });
      reason();
      break;
    // The officer in charge (承办人, issue 15): names as they were when written, quoted.
    case "case.assigned":
      if (text(d.officerName)) add("assign.ledger.officer", { name: `“${d.officerName.trim()}”` });
      break;
    case "case.reassigned": {
      const who = (v: unknown) => (text(v) ? `“${v.trim()}”` : t("assign.ledger.nobody"));
      add("assign.ledger.fromTo", { from: who(d.fromName), to: who(d.toName) });
      reason();
      break;
    }
    // A statistics release: its number, its pages and the start of its content hash (the whole hash is in the entry).
    case "statistics.released":
      if (count(d.releaseNo) && count(d.pages) && text(d.contentHash)) add("admin.statistics.ledger.release", { number: d.releaseNo, pages: d.pages, hash: d.contentHash.slice(0, 12) });
      break;
    case "admin.sector_keyword.added":
    case "admin.sector_keyword.removed": {
      const k = (d.keyword && typeof d.keyword === "object" ? d.keyword : {}) as Record<string, unknown>;
      if (text(k.phrase) && count(k.weight)) add("times.ledger.keyword", { phrase: k.phrase, weight: k.weight });
      break;
    }
    case "case.accept":
    case "case.reopen_after_review":
      states();
      due();
      reason();
      break;
    case "case.return":
      previousAgency();
      states();
      reason();
      break;
    case "case.reopen":
      previousAgency();
      states();
      due();
      reason();
      attachments();
      break;
    case "case.conclude_with_rectification":
    case "case.conclude_nothing_to_rectify":
      states();
      if (oneOf(FINDINGS, d.finding)) add("times.ledger.finding", { finding: t(`case.finding.${d.finding}`) });
      due();
      if (count(d.fineCny)) add("times.ledger.fine", { amount: d.fineCny });
      break;
    case "case.verify_rectification":
      states();
      attachments();
      break;
    // Rectification items (docs/decisions/037).
    case "case.rectification_item_ordered":
    case "case.rectification_item_verified":
    case "case.rectification_item_extended":
      if (count(d.position)) add("rectification.ledger.item", { n: d.position });
      if (oneOf(RESPONSIBLE_ROLES, d.responsibleRole)) add("rectification.ledger.role", { role: t(`rectification.role.${d.responsibleRole}`) });
      due();
      if (date(d.newDueOn)) add("rectification.ledger.newDueOn", { date: d.newDueOn });
      reason();
      attachments();
      break;
    case "case.start_investigation":
    case "case.close":
    case "case.dispute":
      states();
      break;
    case "case.uphold":
      states();
      reason();
      break;
    case "case.corrected": {
      const after = d.after && typeof d.after === "object" ? Object.keys(d.after) : [];
      const fields = CORRECTED_FIELDS.filter((f) => after.includes(f)).map((f) => t(`times.ledger.field.${f}`));
      if (fields.length) add("times.ledger.corrected", { fields: fields.join(t("times.ledger.fieldSeparator")) });
      break;
    }
    case "case.implication_change_requested":
      if ("before" in d && "requested" in d) add("times.ledger.implication", { from: place(d.before), to: place(d.requested) });
      reason();
      break;
    case "case.implication_change_approved":
    case "case.implication_change_refused":
      note();
      break;
    case "case.implication_change_applied":
      if ("before" in d && "after" in d) add("times.ledger.implication", { from: place(d.before), to: place(d.after) });
      break;
    case "case.extension_requested":
      if (count(d.days)) add("times.ledger.days", { days: d.days });
      if (date(d.dueOn)) add("times.ledger.previousDueOn", { date: d.dueOn });
      if (date(d.requestedDueOn)) add("times.ledger.requestedDueOn", { date: d.requestedDueOn });
      reason();
      break;
    case "case.extension_approved":
      if (count(d.days)) add("times.ledger.days", { days: d.days });
      // Here `from` is the deadline before the extension, not a state.
      if (date(d.from)) add("times.ledger.previousDueOn", { date: d.from });
      due();
      reason();
      break;
    case "case.extension_refused":
      due();
      reason();
      break;
    case "case.overdue_escalated":
      if (date(d.overdueSince)) add("times.ledger.overdueSince", { date: d.overdueSince });
      due();
      if (text(d.supervisingAgencyId)) add("times.ledger.supervisingAgency", { agency: agency(d.supervisingAgencyId) });
      // An escalation no one outside the implicated region could be told of (ADR 013).
      if (d.withheld === "conflict_of_interest") add("staff.ledger.withheld.conflict_of_interest");
      break;
    case "case.supervision_set":
      if (date(d.previousDueOn)) add("times.ledger.previousDueOn", { date: d.previousDueOn });
      due();
      if (d.overdueReset === true) add("times.ledger.overdueReset");
      note();
      break;
    // The public notice of a supervised major hazard (docs/decisions/038).
    case "case.notice_published":
      if (text(d.supervisingAgencyId)) add("times.ledger.supervisingAgency", { agency: agency(d.supervisingAgencyId) });
      if (text(d.subject)) add("case.notice.ledgerSubject", { text: d.subject.trim() });
      due(d.rectificationDueOn);
      break;
    case "case.notice_lifted":
      note();
      break;
    case "contact.erased":
      if (date(d.closedOn)) add("times.ledger.closedOn", { date: d.closedOn });
      if (count(d.retentionDays)) add("times.ledger.retention", { days: d.retentionDays });
      break;
    case "reward.claimed":
      if (count(d.suggestedCny)) add("times.ledger.suggested", { amount: d.suggestedCny });
      break;
    case "reward.approved":
      if (count(d.amountCny)) add("times.ledger.amount", { amount: d.amountCny });
      break;
    case "reward.refused":
      reason();
      break;
    case "staff.sign_in_failed":
      if (count(d.failures)) add("times.ledger.failures", { count: d.failures });
      break;
    case "staff.locked":
      if (count(d.failures)) add("times.ledger.failures", { count: d.failures });
      if (typeof d.until === "string" && !Number.isNaN(Date.parse(d.until))) add("times.ledger.lockedUntil", { time: formatLocalTime(d.until, locale, names.timeZone) });
      break;
    case "staff.recovery_code_used":
      if (count(d.left)) add("times.ledger.recoveryCodesLeft", { count: d.left });
      break;
    case "staff.totp_enrolled":
      if (count(d.recoveryCodes)) add("times.ledger.recoveryCodes", { count: d.recoveryCodes });
      break;
    case "staff.created":
      role();
      break;
    case "admin.staff.invited":
    case "admin.staff.role_grant_requested":
    case "admin.staff.role_grant_approved":
    case "admin.staff.role_grant_refused":
    case "admin.staff.role_grant_withdrawn":
      role();
      if (text(d.agencyId)) add("times.ledger.agency", { agency: agency(d.agencyId) });
      reason();
      break;
    case "admin.staff.updated":
    case "admin.staff.deactivated":
    case "admin.staff.reactivated":
    case "admin.agency.updated":
      changes();
      reason();
      break;
    case "admin.staff.invitation_reissued":
    case "admin.staff.one_time_password_set":
    case "admin.agency.created":
    case "admin.directory.imported":
    case "admin.routing_override.created":
    case "admin.routing_override.deleted":
      reason();
      break;
    // Nothing to add: the words say it all (tip.receipt_replaced, tip.claimed, tip.claim_released, case.note_added, contact.viewed,
    // staff.signed_in, staff.password_*, staff.invitation_accepted, staff.sign_in_refused,
    // staff.signed_out_everywhere).
  }
  return parts.length ? t("times.ledger.line", { action: head, details: parts.join(t("times.ledger.separator")) }) : head;
}
