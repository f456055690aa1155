import { type CaseState } from "./case-state";
import { can } from "./permissions";
import { findPersonalData, PUBLIC_SUMMARY_MAX, PUBLIC_SUMMARY_ZH_MIN, type PersonalDataKind } from "./public-summary";
import type { StaffRole } from "./staff-roles";

/**
 * The public notice of a supervised major hazard (挂牌督办公告, docs/decisions/038): who may publish
 * one and lift it (摘牌), and what a publishable notice is. Pure rules; the services
 * (app/services/public-notice.server.ts) read the facts and apply them in one transaction.
 */

/** The states of a case in which a notice may be published: held by an agency, not yet closed out. */
export const NOTICE_PUBLISH_STATES = ["assigned", "accepted", "investigating", "concluded", "rectifying", "verified"] as const satisfies readonly CaseState[];

/** A notice is lifted after close-out (销号): the case is `closed`. */
export const NOTICE_LIFT_STATES = ["closed"] as const satisfies readonly CaseState[];

/** Where a published notice stands: under supervision, or lifted. */
export const NOTICE_STANDINGS = ["current", "lifted"] as const;
export type NoticeStanding = (typeof NOTICE_STANDINGS)[number];

/** Why a publication is refused (each has its words: `errors.notice.<reason>`). */
export const PUBLISH_REFUSALS = ["not_supervisor", "not_supervising_agency", "not_major_hazard", "not_listed", "not_open", "implicated", "already_published"] as const;
export type PublishRefusal = (typeof PUBLISH_REFUSALS)[number];

/** Why a lift is refused (`errors.notice.<reason>`). */
export const LIFT_REFUSALS = ["not_supervisor", "not_supervising_agency", "no_notice", "not_closed_out"] as const;
export type LiftRefusal = (typeof LIFT_REFUSALS)[number];

export type SupervisionFacts = { escalatedAt: Date | string | null; supervisionNote: string | null };

/**
 * Listed for supervision (挂牌督办): by the overdue rule (the supervising agency was alerted:
 * `escalated_at`) or by a supervisor's decision (a supervision note, `case.supervision_set`).
 */
export function listedForSupervision(c: SupervisionFacts): boolean {
  return c.escalatedAt !== null || (c.supervisionNote !== null && c.supervisionNote.trim() !== "");
}

export type PublishFacts = {
  viewer: { role: StaffRole; agencyId: string | null };
  /** The supervising agency of the case's holder (supervisingAgency), null when there is none. */
  supervisingAgencyId: string | null;
  c: SupervisionFacts & { state: string; majorHazard: boolean; officialsImplicated: boolean; implicatedPlaceCode: string | null };
  /** The case already has a published notice that is not lifted. */
  hasCurrentNotice: boolean;
};

/**
 * Whether `viewer` may publish a notice for the case, or why not (the first reason that applies):
 * a supervisor (capability `notice.publish`) of the supervising agency, for a major-hazard case listed for supervision, open and
 * held by an agency, with no current notice. A case whose tip says officials are implicated stays
 * out of every public output while open (mayBePublished, ADR 013), so it gets no notice.
 */
export function mayPublishNotice(f: PublishFacts): PublishRefusal | null {
  if (!can(f.viewer.role, "notice.publish")) return "not_supervisor";
  if (!f.viewer.agencyId || f.supervisingAgencyId === null || f.viewer.agencyId !== f.supervisingAgencyId) return "not_supervising_agency";
  if (!f.c.majorHazard) return "not_major_hazard";
  if (!(NOTICE_PUBLISH_STATES as readonly string[]).includes(f.c.state)) return "not_open";
  if (!listedForSupervision(f.c)) return "not_listed";
  if (f.c.officialsImplicated || f.c.implicatedPlaceCode !== null) return "implicated";
  if (f.hasCurrentNotice) return "already_published";
  return null;
}

export type LiftFacts = {
  viewer: { role: StaffRole; agencyId: string | null };
  /** The current notice's supervising agency (the one that published it), null when there is no current notice. */
  noticeAgencyId: string | null;
  state: string;
};

/** Whether `viewer` may lift the case's current notice, or why not: a supervisor of the agency that published it, once the case is closed out. */
export function mayLiftNotice(f: LiftFacts): LiftRefusal | null {
  if (!can(f.viewer.role, "notice.publish")) return "not_supervisor";
  if (f.noticeAgencyId === null) return "no_notice";
  if (!f.viewer.agencyId || f.viewer.agencyId !== f.noticeAgencyId) return "not_supervising_agency";
  if (!(NOTICE_LIFT_STATES as readonly string[]).includes(f.state)) return "not_closed_out";
  return null;
}

export const NOTICE_SUBJECT_MIN = 4;
export const NOTICE_SUBJECT_MAX = 100;
export const NOTICE_TEXT_ZH_MIN = PUBLIC_SUMMARY_ZH_MIN;
export const NOTICE_TEXT_MAX = PUBLIC_SUMMARY_MAX;
export const NOTICE_TEXT_EN_MAX = 2 * PUBLIC_SUMMARY_MAX;
export const LIFT_NOTE_MIN = 5;
export const LIFT_NOTE_MAX = 1000;

/**
 * A person named rather than a company or site, as far as a pattern can tell: a form of address
 * (先生, 女士, 小姐, 老板, 师傅 anywhere; Mr, Mrs, Ms, Miss, Dr before a name). A bare Chinese
 * personal name (two or three characters) is already too short for a subject. The supervisor
 * confirms the subject for publication: the pattern is a second line, not the first.
 */
const ADDRESS_FORMS = /(?:先生|女士|小姐|老板|师傅)|(?:^|[\s(（,，])(?:Mr|Mrs|Ms|Miss|Dr)\.?\s/iu;

export type NoticeIssueField = "subject" | "confirmSubject" | "textZh" | "textEn" | "rectificationDueOn";
export type NoticeIssue = { field: NoticeIssueField | "note"; message: string; params?: { n: string } };

export type NoticeDraft = { subject: string; confirmSubject: boolean; textZh: string; textEn?: string | undefined; rectificationDueOn: string };

const personal = (field: NoticeIssue["field"], text: string | undefined): NoticeIssue[] =>
  text ? findPersonalData(text).map((f): NoticeIssue => ({ field, message: `errors.notice.personal.${f.kind satisfies PersonalDataKind}`, params: { n: f.match } })) : [];

/** Whether a subject reads as a person rather than a company or site (see ADDRESS_FORMS). */
export function subjectNamesAPerson(subject: string): boolean {
  const s = subject.normalize("NFKC").trim();
  return ADDRESS_FORMS.test(s);
}

function realDate(iso: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return false;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
}

/**
 * The publishable-notice check: what a notice must be before it is published, as a list of issues
 * (empty: publishable). The subject is a company or site name (4–100 characters, no phone, ID
 * number or email, no person's name as far as `subjectNamesAPerson` can tell) that the supervisor
 * confirmed for publication; the text is staff's own, checked as an outcome's public summary is
 * (Chinese 20–2,000 characters, English at most 4,000, no personal data); the rectification
 * deadline a real date, today or later.
 */
export function publishableNotice(d: NoticeDraft, today: string): NoticeIssue[] {
  const issues: NoticeIssue[] = [];
  const subject = d.subject.trim();
  if (subject.length < NOTICE_SUBJECT_MIN || subject.length > NOTICE_SUBJECT_MAX) issues.push({ field: "subject", message: "errors.notice.subjectLength" });
  else if (subjectNamesAPerson(subject)) issues.push({ field: "subject", message: "errors.notice.subjectPerson" });
  issues.push(...personal("subject", subject));
  if (!d.confirmSubject) issues.push({ field: "confirmSubject", message: "errors.notice.confirmSubject" });
  const zh = d.textZh.trim();
  if (zh.length < NOTICE_TEXT_ZH_MIN || zh.length > NOTICE_TEXT_MAX) issues.push({ field: "textZh", message: "errors.notice.textLength" });
  issues.push(...personal("textZh", zh));
  const en = d.textEn?.trim();
  if (en && en.length > NOTICE_TEXT_EN_MAX) issues.push({ field: "textEn", message: "errors.text.tooLong.4000" });
  issues.push(...personal("textEn", en));
  if (!realDate(d.rectificationDueOn)) issues.push({ field: "rectificationDueOn", message: "errors.date.invalid" });
  else if (d.rectificationDueOn < today) issues.push({ field: "rectificationDueOn", message: "errors.notice.dueOnPast" });
  return issues;
}

/** The lift note is published with the lifted notice: 5–1,000 characters, no personal data. */
export function publishableLiftNote(note: string): NoticeIssue[] {
  const n = note.trim();
  const issues: NoticeIssue[] = [];
  if (n.length < LIFT_NOTE_MIN || n.length > LIFT_NOTE_MAX) issues.push({ field: "note", message: "errors.notice.liftNoteLength" });
  issues.push(...personal("note", n));
  return issues;
}
