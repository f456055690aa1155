import type { Locale, Translate } from "~/i18n";
import type { OutcomeForReader } from "~/services/published-outcomes.server";
import { outcomeParts } from "./outcome-text";

/**
 * One published outcome in a few lines (issue 14: an item was a screen and a half on a phone):
 * reference and sector; place; the finding with the measures taken (nothing for a "no"); the
 * summary in the reader's language (the Chinese when there is no English); the dates (the conclusion's
 * only when it is not the day of closing).
 */
export function OutcomeCard({ o, t, locale }: { o: OutcomeForReader; t: Translate; locale: Locale }) {
  const { finding, tail } = outcomeParts(t, locale, o);
  return (
    <li className="outcome">
      <h2>
        <span className="outcome-ref">{o.reference}</span> · {o.sector}
      </h2>
      <p className="outcome-place">{o.place}</p>
      <p className="outcome-line" data-testid="outcome-line">
        <span className="visually-hidden">{t("outcomes.finding_label")}: </span>
        <strong>{finding}</strong>
        {tail}
      </p>
      <p className="outcome-summary" lang={o.summary.lang}>
        <span className="visually-hidden">{t("outcomes.summary_label")}: </span>
        {o.summary.text}
      </p>
      <p className="outcome-dates">
        {o.concludedOn && o.concludedOn !== o.closedOn
          ? t("outcomes.dates_line_concluded", { submitted: o.submittedOn, concluded: o.concludedOn, closed: o.closedOn })
          : t("outcomes.dates_line", { submitted: o.submittedOn, closed: o.closedOn })}
      </p>
    </li>
  );
}
