import { localName, type Locale, type Translate } from "~/i18n";
import type { PublishedOutcome } from "~/services/published-outcomes.server";
import { outcomeParts } from "./outcome-text";

type Outcome = Omit<PublishedOutcome, "seq">;

/**
 * One published outcome in a few lines (issue 14: an item was a screen and a half on a phone):
 * reference and sector; place; the finding with the measures taken (nothing for a "no"); the
 * summary in the reader's language (the Chinese when there is no English); the dates (the conclusion's
 * only when it is not the day of closing).
 */
export function OutcomeCard({ o, t, locale }: { o: Outcome; t: Translate; locale: Locale }) {
  const summaryEn = locale === "en" && o.summaryEn ? o.summaryEn : null;
  const { finding, tail } = outcomeParts(t, locale, o);
  return (
    <li className="outcome">
      <h2>
        <span className="outcome-ref">{o.reference}</span> · {localName(locale, o.sector)}
      </h2>
      <p className="outcome-place">{locale === "en" ? o.place.pathEn : o.place.pathZh}</p>
      <p className="outcome-line" data-testid="outcome-line">
        <span className="visually-hidden">{t("outcomes.finding_label")}: </span>
        <strong>{finding}</strong>
        {tail}
      </p>
      <p className="outcome-summary" lang={summaryEn ? "en" : "zh-CN"}>
        <span className="visually-hidden">{t("outcomes.summary_label")}: </span>
        {summaryEn ?? o.summaryZh}
      </p>
      <p className="outcome-dates">
        {o.concludedOn && o.concludedOn !== o.closedOn
          ? t("outcomes.dates_line_concluded", { submitted: o.submittedOn, concluded: o.concludedOn, closed: o.closedOn })
          : t("outcomes.dates_line", { submitted: o.submittedOn, closed: o.closedOn })}
      </p>
    </li>
  );
}
