import { StatusRectificationItems } from "./status-rectification-items";
import { actionsTaken, formatYuan, type OutcomeAction } from "~/domain/outcome-actions";
import { localName, useLocale, useT, type MessageKey, type Translate } from "~/i18n";
import type { TipsterOutcome, TipsterView } from "~/services/get-tip-for-tipster.server";

/** A measure taken, as the tipster's status page words it (which measures count: actionsTaken). */
function statusActionText(t: Translate, a: OutcomeAction): string {
  switch (a.kind) {
    case "rectification":
      return a.dueOn ? t("status.action.rectificationDue", { dueOn: a.dueOn }) : t("status.action.rectification");
    case "fine":
      return t("status.action.fine", { amount: formatYuan(a.amountCny) });
    case "suspension":
      return t("status.action.suspension");
    case "closure":
      return t("status.action.closure");
    case "criminal_referral":
      return t("status.action.criminalReferral");
    case "officials":
      return t("status.action.officials", { n: a.n });
    case "admonitory_talk":
      return t("status.action.admonitoryTalk");
  }
}

/** The dated steps of the tip so far. */
export function StatusProgress({ tip }: { tip: TipsterView }) {
  const t = useT();
  return (
    <section aria-labelledby="steps-title">
      <h2 id="steps-title">{t("status.steps")}</h2>
      <ol className="steps" data-testid="steps">
        {tip.steps.map((s, i) => (
          <li key={`${s.step}-${i}`}>
            <span className="step-date">{s.on}</span> {t(`status.step.${s.step}`)}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The conclusion of a closed case: the finding, the actions taken and the public summary. */
export function StatusOutcome({ tip }: { tip: TipsterView }) {
  if (!tip.outcome) return null;
  return <OutcomeRecord o={tip.outcome} title="status.outcome" testId="outcome" />;
}

/** An outcome record in words (the tipster's own case, or the case their tip joined). */
function OutcomeRecord({ o, title, testId }: { o: TipsterOutcome; title: MessageKey; testId: string }) {
  const t = useT();
  const locale = useLocale();
  const actions = actionsTaken({ ...o, rectificationOrdered: o.rectification.ordered, rectificationDueOn: o.rectification.dueOn }).map((a) => statusActionText(t, a));
  const summary = locale === "en" && o.publicSummaryEn ? o.publicSummaryEn : o.publicSummaryZh;
  return (
    <section aria-labelledby={`${testId}-title`} data-testid={testId}>
      <h2 id={`${testId}-title`}>{t(title)}</h2>
      <dl className="facts">
        <dt>{t("status.outcome.finding")}</dt>
        <dd data-testid="finding">{t(`status.finding.${o.finding}`)}</dd>
        <dt>{t("status.outcome.actions")}</dt>
        <dd>
          {actions.length ? (
            <ul data-testid="actions">
              {actions.map((a) => (
                <li key={a}>{a}</li>
              ))}
            </ul>
          ) : (
            t("status.outcome.noActions")
          )}
        </dd>
      </dl>
      <StatusRectificationItems items={o.rectification.items} />
      <h3>{t("status.outcome.summary")}</h3>
      <p className="tip-text" data-testid="public-summary" lang={summary === o.publicSummaryEn ? "en" : "zh-CN"}>
        {summary}
      </p>
    </section>
  );
}

/**
 * A merged tip: the public progress of the case it joined (status, deadline, agency, dated steps,
 * the published outcome once closed) — never that case's reference, text or tipster.
 */
export function StatusJoined({ tip }: { tip: TipsterView }) {
  const t = useT();
  const locale = useLocale();
  const j = tip.joined;
  if (!j) return null;
  return (
    <>
      <section aria-labelledby="joined-title" className="card" data-testid="joined">
        <h2 id="joined-title">{t("status.joined.title")}</h2>
        <p>{t("status.joined.lead")}</p>
        <dl className="facts">
          <dt>{t("status.joined.status")}</dt>
          <dd data-testid="joined-status">{t(`status.public.${j.status}`)}</dd>
          <dt>{t("status.joined.dueOn")}</dt>
          <dd data-testid="joined-due-on">{j.dueOn ?? "—"}</dd>
          <dt>{t("status.joined.agency")}</dt>
          <dd data-testid="joined-agency">{j.agency ? localName(locale, j.agency) : t("status.agency.none")}</dd>
        </dl>
        {j.steps.length ? (
          <>
            <h3>{t("status.joined.steps")}</h3>
            <ol className="steps" data-testid="joined-steps">
              {j.steps.map((s, i) => (
                <li key={`${s.step}-${i}`}>
                  <span className="step-date">{s.on}</span> {t(`status.step.${s.step}`)}
                </li>
              ))}
            </ol>
          </>
        ) : null}
      </section>
      {j.outcome ? <OutcomeRecord o={j.outcome} title="status.joined.outcome" testId="joined-outcome" /> : null}
    </>
  );
}
