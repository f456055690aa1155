/**
 * The registry of outgoing emails. Each template is a module exporting its data `spec` and
 * `render(locale, data)`; this file maps template names to them.
 *
 * Data may hold only reference numbers, sector/place/agency names, dates, counts, fixed codes
 * and (for invitations) a token — see ./fields.ts. Tip text, messages, contact details and
 * anything else about the person who reported have no field to travel in, and are refused at
 * run time as well.
 */
import * as caseAssigned from "./case-assigned";
import * as caseDisputed from "./case-disputed";
import * as caseOverdueEscalation from "./case-overdue-escalation";
import * as caseReturned from "./case-returned";
import * as contributionAsked from "./contribution-asked";
import * as deadlineReminder from "./deadline-reminder";
import * as extensionDecided from "./extension-decided";
import * as extensionRequested from "./extension-requested";
import { checkData, defaultRenderContext, EMAIL_LOCALES, type FieldSpec, type Locale, type RenderContext } from "./fields";
import type { RenderedEmail } from "./layout";
import * as rewardClaimDecided from "./reward-claim-decided";
import * as staffInvitation from "./staff-invitation";
import * as staffOneTimePassword from "./staff-one-time-password";
import * as tipsterNews from "./tipster-news";
import * as weeklyDigest from "./weekly-digest";

export type { Locale, RenderContext } from "./fields";
export { EmailDataError, EMAIL_LOCALES } from "./fields";
export type { RenderedEmail } from "./layout";
export { escapeHtml } from "./layout";

const templates = {
  case_assigned: caseAssigned,
  case_returned: caseReturned,
  deadline_reminder: deadlineReminder,
  case_overdue_escalation: caseOverdueEscalation,
  extension_requested: extensionRequested,
  extension_decided: extensionDecided,
  reward_claim_decided: rewardClaimDecided,
  contribution_asked: contributionAsked,
  case_disputed: caseDisputed,
  weekly_digest: weeklyDigest,
  staff_invitation: staffInvitation,
  staff_one_time_password: staffOneTimePassword,
  tipster_news: tipsterNews,
} as const;

type Templates = typeof templates;
export type EmailTemplate = keyof Templates;
export const EMAIL_TEMPLATES = Object.keys(templates) as EmailTemplate[];

/**
 * What each email is about, which decides the recipient its sender must name (QueuedEmail in
 * app/lib/jobs.server.ts) and so the conflict-of-interest check made on it (ADR 013):
 * - "case": one case, to an agency's inbox — the queue refuses an agency inside the region the
 *   case's tip implicates;
 * - "agency_digest": counts over an agency's cases — to an agency's inbox; the counting query
 *   leaves out every case that implicates the agency's region (send-weekly-digest.server.ts);
 * - "staff_account": a person's account (an invitation), about no case;
 * - "tipster": the tipster of one tip, who asked to be told — the job carries the tip id only,
 *   and the address is decrypted from the tip's contact when the job runs (none: nothing sent).
 * A new template does not compile until it is listed here.
 */
export const EMAIL_SUBJECTS = {
  case_assigned: "case",
  case_returned: "case",
  deadline_reminder: "case",
  case_overdue_escalation: "case",
  extension_requested: "case",
  extension_decided: "case",
  reward_claim_decided: "case",
  contribution_asked: "case",
  case_disputed: "case",
  weekly_digest: "agency_digest",
  staff_invitation: "staff_account",
  staff_one_time_password: "staff_account",
  tipster_news: "tipster",
} as const satisfies Record<EmailTemplate, "case" | "agency_digest" | "staff_account" | "tipster">;
export type EmailSubject<T extends EmailTemplate> = (typeof EMAIL_SUBJECTS)[T];

/** The data each template takes, e.g. `EmailData<"case_assigned">`. */
export type EmailData<T extends EmailTemplate> = Parameters<Templates[T]["render"]>[1];

export function isEmailTemplate(v: unknown): v is EmailTemplate {
  return typeof v === "string" && Object.hasOwn(templates, v);
}

export function isEmailLocale(v: unknown): v is Locale {
  return typeof v === "string" && (EMAIL_LOCALES as readonly string[]).includes(v);
}

export function emailSpec(template: EmailTemplate): FieldSpec {
  return templates[template].spec;
}

/**
 * Checks data for a template without rendering: exactly the declared fields, each of its
 * kind. Throws EmailDataError. (enqueueEmail calls it, so bad data fail in the caller's
 * transaction, not hours later in the worker.)
 */
export function checkEmailData<T extends EmailTemplate>(template: T, data: unknown): EmailData<T> {
  if (!isEmailTemplate(template)) throw new Error(`unknown email template: ${String(template)}`);
  return checkData(template, templates[template].spec, data) as EmailData<T>;
}

export function renderEmail<T extends EmailTemplate>(template: T, locale: Locale, data: EmailData<T>, ctx: RenderContext = defaultRenderContext()): RenderedEmail {
  if (!isEmailTemplate(template)) throw new Error(`unknown email template: ${String(template)}`);
  if (!isEmailLocale(locale)) throw new Error(`unknown email locale: ${String(locale)}`);
  const render = templates[template].render as (locale: Locale, data: unknown, ctx: RenderContext) => RenderedEmail;
  return render(locale, data, ctx);
}
