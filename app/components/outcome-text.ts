import { actionsTaken, formatYuan, type OutcomeAction, type OutcomeActionRecord } from "../domain/outcome-actions";
import type { Finding } from "../domain/outcomes";
import type { Locale, Translate } from "../i18n";

/**
 * A published outcome in words, one way for /outcomes and its Atom feed: only the measures taken,
 * money as "罚款 50,000 元" / "Fine of CNY 50,000" (the English of the tipster's status page).
 * Takes the translator so the page uses its own catalogue and the feed the server's.
 */
export function actionText(t: Translate, a: OutcomeAction): string {
  switch (a.kind) {
    case "rectification":
      return a.dueOn ? t("outcomes.action.rectification_due", { dueOn: a.dueOn }) : t("outcomes.action.rectification");
    case "fine":
      return t("outcomes.action.fine", { amount: formatYuan(a.amountCny) });
    case "officials":
      return t("outcomes.action.officials", { n: a.n });
    default:
      return t(`outcomes.action.${a.kind}`);
  }
}

/** The finding, and the measures taken after it ("：责令整改、罚款 50,000 元"), or no tail when nothing was done. */
export function outcomeParts(t: Translate, locale: Locale, o: { finding: Finding; actions: OutcomeActionRecord }): { finding: string; tail: string } {
  const actions = actionsTaken(o.actions).map((a) => actionText(t, a));
  const tail = actions.length === 0 ? "" : locale === "en" ? `: ${actions.join("; ")}` : `：${actions.join("、")}`;
  return { finding: t(`outcomes.finding.${o.finding}`), tail };
}

/** The finding and the measures taken in one line: "属实：责令整改、罚款 50,000 元"; the finding alone when nothing was done. */
export function outcomeLine(t: Translate, locale: Locale, o: { finding: Finding; actions: OutcomeActionRecord }): string {
  const { finding, tail } = outcomeParts(t, locale, o);
  return finding + tail;
}
