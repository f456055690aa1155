import { Form, useSearchParams } from "@remix-run/react";
import { ActionNotice } from "./action-notice";
import { localName, useLocale, useT } from "~/i18n";
import { CsrfInput } from "./form-kit";

/** The query parameter the sector route answers with (done, stale, state), read by the box. */
export const SECTOR_NOTICE_PARAM = "sector";

type Named = { nameZh: string; nameEn: string };

export type SectorSuggestionData = {
  current: string;
  byText: { sector: string; matched: string[] } | null;
  agency: Named | null;
};

/**
 * Beside the sector on file, the sector the tip's text reads as, with the words that matched;
 * when it differs, where routing would then go and one button to take it (a correction, ledgered).
 * The triage officer decides: nothing is routed from here.
 */
export function SectorSuggestion({ suggestion, sectors, csrf, reference }: { suggestion: SectorSuggestionData; sectors: readonly (Named & { code: string })[]; csrf: string; reference: string }) {
  const t = useT();
  const locale = useLocale();
  const [params] = useSearchParams();
  const notice = params.get(SECTOR_NOTICE_PARAM);
  const name = (code: string) => {
    const s = sectors.find((x) => x.code === code);
    return s ? localName(locale, s) : code;
  };
  const { byText } = suggestion;
  const differs = byText !== null && byText.sector !== suggestion.current;
  return (
    <section className="card" aria-labelledby="sector-suggestion-title" data-testid="sector-suggestion">
      <h2 id="sector-suggestion-title">{t("triage.sector.title")}</h2>
      {notice === "done" ? (
        <ActionNotice arrival={notice}>{t("triage.sector.done", { sector: name(suggestion.current) })}</ActionNotice>
      ) : notice === "stale" || notice === "state" ? (
        <ActionNotice arrival={notice} refused>
          {t(notice === "stale" ? "errors.transition.stale" : "errors.transition.not_allowed_in_state")}
        </ActionNotice>
      ) : null}
      <p>{t("triage.sector.onFile", { sector: name(suggestion.current) })}</p>
      {byText ? (
        <p data-testid="sector-by-text">
          <strong>{t("triage.sector.byText", { sector: name(byText.sector), matched: byText.matched.join(locale === "en" ? ", " : "、") })}</strong>
          {differs ? null : <> {t("triage.sector.same")}</>}
        </p>
      ) : (
        <p>{t("triage.sector.none")}</p>
      )}
      {byText && differs ? (
        <>
          <p>{suggestion.agency ? t("triage.sector.agency", { agency: localName(locale, suggestion.agency) }) : t("triage.sector.noAgency")}</p>
          <Form method="post" action={`/staff/triage/${encodeURIComponent(reference)}/sector`}>
            <CsrfInput value={csrf} />
            <input type="hidden" name="from" value={suggestion.current} />
            <button type="submit" name="sectorCode" value={byText.sector} className="button secondary">
              {t("triage.sector.use", { sector: name(byText.sector) })}
            </button>
          </Form>
        </>
      ) : null}
      <p className="hint">{t("triage.sector.hint")}</p>
    </section>
  );
}
