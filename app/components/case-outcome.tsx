import type { OutcomeActionRecord } from "~/domain/outcome-actions";
import type { ACCIDENT_LEVELS, FINDINGS } from "~/forms/case";
import { useT } from "~/i18n";

/** A case_outcomes row as the page receives it. */
export type CaseOutcome = OutcomeActionRecord & {
  finding: (typeof FINDINGS)[number];
  accidentLevel: (typeof ACCIDENT_LEVELS)[number] | null;
  concealedDeathsVerified: number | null;
  publicSummaryZh: string;
  publicSummaryEn: string | null;
  verificationNote: string | null;
  verifiedOn: string | null;
};

/** The outcome record of a concluded case, as staff read it. */
export function OutcomeView({ outcome }: { outcome: CaseOutcome | null }) {
  const t = useT();
  if (!outcome) return null;
  const actions = [
    outcome.rectificationOrdered ? t("case.outcome.rectification", { date: outcome.rectificationDueOn ?? "—" }) : null,
    outcome.fineCny !== null ? t("case.outcome.fine", { amount: outcome.fineCny.toLocaleString("zh-CN") }) : null,
    outcome.suspension ? t("case.action.suspension") : null,
    outcome.closure ? t("case.action.closure") : null,
    outcome.criminalReferral ? t("case.action.criminalReferral") : null,
    outcome.officialsHeldAccountable > 0 ? t("case.outcome.officials", { n: outcome.officialsHeldAccountable }) : null,
    outcome.admonitoryTalk ? t("case.action.admonitoryTalk") : null,
  ].filter((x): x is string => x !== null);
  return (
    <section className="card" data-testid="case-outcome">
      <h2>{t("case.outcome.title")}</h2>
      <dl className="facts">
        <dt>{t("case.conclude.finding")}</dt>
        <dd>{t(`case.finding.${outcome.finding}`)}</dd>
        <dt>{t("case.conclude.actions")}</dt>
        <dd>{actions.length ? actions.join("；") : t("case.outcome.noActions")}</dd>
        {outcome.accidentLevel ? (
          <>
            <dt>{t("case.conclude.accident")}</dt>
            <dd>
              {t(`case.accident.${outcome.accidentLevel}`)} · {t("case.outcome.deaths", { n: outcome.concealedDeathsVerified ?? 0 })}
            </dd>
          </>
        ) : null}
        <dt>{t("case.summary.zh")}</dt>
        <dd lang="zh-CN">{outcome.publicSummaryZh}</dd>
        {outcome.publicSummaryEn ? (
          <>
            <dt>{t("case.summary.en")}</dt>
            <dd lang="en">{outcome.publicSummaryEn}</dd>
          </>
        ) : null}
        {outcome.verifiedOn ? (
          <>
            <dt>{t("case.outcome.verifiedOn")}</dt>
            <dd>
              {outcome.verifiedOn} — {outcome.verificationNote}
            </dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}
