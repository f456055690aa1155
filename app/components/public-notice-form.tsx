import type { LiftNoticeInput, ListForSupervisionInput, PublishNoticeInput } from "~/forms/public-notice";
import { localName, useLocale, useT } from "~/i18n";
import type { CaseNotice } from "~/services/public-notice.server";
import type { LiftRefusal, PublishRefusal } from "~/domain/public-notice";
import { CaseActionForm } from "./case-action-form";
import { CheckboxField, TextareaField, TextField } from "./form-kit";

export type NoticeSectionView = {
  notices: CaseNotice[];
  mayPublish: boolean;
  whyNot: PublishRefusal | LiftRefusal | null;
  mayList: boolean;
  mayLift: boolean;
  defaults: { subject: string; rectificationDueOn: string };
};

/**
 * The case page's public notice (挂牌督办公告, docs/decisions/038): the notices published for the
 * case, and to a supervisor of the supervising agency the publish form (subject prefilled from the
 * tip for checking, an explicit confirmation, staff's own text, the deadline prefilled) or, once
 * the case is closed out, the lift form. Nothing shows on a case without notices to anyone who may
 * do nothing with them.
 */
export function PublicNoticeSection({ view, csrf, actionData }: { view: NoticeSectionView; csrf: string; actionData: unknown }) {
  const t = useT();
  const locale = useLocale();
  if (view.notices.length === 0 && !view.mayPublish && !view.whyNot) return null;
  return (
    <section className="card" data-testid="public-notice" aria-labelledby="public-notice-title">
      <h2 id="public-notice-title">{t("case.notice.title")}</h2>
      {view.notices.length > 0 ? (
        <ul data-testid="case-notices">
          {view.notices.map((n) => (
            <li key={n.id}>
              <p>{t("case.notice.published", { date: n.publishedOn, agency: localName(locale, n.agency), dueOn: n.rectificationDueOn })}</p>
              <p>{t("case.notice.subjectShown", { subject: n.subject })}</p>
              <p lang="zh-CN">{n.textZh}</p>
              {n.liftedOn ? <p data-testid="case-notice-lifted">{t("case.notice.lifted", { date: n.liftedOn, note: n.liftNote ?? "" })}</p> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {view.notices.length > 0 ? (
        <p>
          <a href="/notices">{t("case.notice.viewPublic")}</a>
        </p>
      ) : null}
      {/* Why no notice may be published is news only while the case has none. */}
      {view.whyNot && view.notices.length === 0 ? <p className="hint">{t("case.notice.notOffered", { reason: t(`errors.notice.${view.whyNot}`) })}</p> : null}
      {view.mayList ? (
        // All a notice waits for is the listing: the supervising agency's supervisor may decide it here (a supervision note).
        <CaseActionForm<ListForSupervisionInput> intent="notice_list" csrf={csrf} actionData={actionData} submit={t("case.notice.list.submit")}>
          {(f) => <TextareaField meta={f.note} label={t("case.notice.list.note")} hint={t("case.notice.list.hint")} />}
        </CaseActionForm>
      ) : null}
      {view.mayPublish ? (
        <CaseActionForm<PublishNoticeInput>
          intent="notice_publish"
          csrf={csrf}
          actionData={actionData}
          submit={t("case.notice.submit")}
          primary
          defaultValue={{ subject: view.defaults.subject, rectificationDueOn: view.defaults.rectificationDueOn }}
        >
          {(f) => (
            <>
              <p className="hint">{t("case.notice.hint")}</p>
              <TextField meta={f.subject} label={t("case.notice.subject")} hint={t("case.notice.subjectHint")} />
              <CheckboxField meta={f.confirmSubject} label={t("case.notice.confirmSubject")} />
              <TextareaField meta={f.textZh} label={t("case.notice.textZh")} hint={t("case.notice.textZhHint")} rows={5} />
              <TextareaField meta={f.textEn} label={t("case.notice.textEn")} rows={4} />
              <TextField meta={f.rectificationDueOn} type="date" label={t("case.notice.dueOn")} hint={t("case.notice.dueOnHint")} />
            </>
          )}
        </CaseActionForm>
      ) : null}
      {view.mayLift ? (
        <>
          <h3>{t("case.notice.lift.title")}</h3>
          <CaseActionForm<LiftNoticeInput> intent="notice_lift" csrf={csrf} actionData={actionData} submit={t("case.notice.lift.submit")}>
            {(f) => (
              <>
                <p className="hint">{t("case.notice.lift.hint")}</p>
                <TextareaField meta={f.note} label={t("case.notice.lift.note")} />
              </>
            )}
          </CaseActionForm>
        </>
      ) : null}
    </section>
  );
}
