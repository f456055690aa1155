import { classifySector, compileTable, type SectorKeyword } from "./sector-classifier";

/**
 * How often the classifier's top sector is the one the desk finally chose, on a labelled set
 * (tests/fixtures/labelled-tips.json), beside the baseline of taking the tipster's choice.
 * Pure, so the bench script and the test measure the same thing.
 */
export type LabelledTip = { description: string; companyName?: string; tipsterSector: string; deskSector: string };

export type Agreement = { tips: number; agreed: number; rate: number };

export type AgreementReport = {
  overall: Agreement;
  byLanguage: Record<"zh" | "en", Agreement>;
  baseline: Agreement;
  /** Empty suggestion: the page then shows no suggestion and the tipster's choice stands. */
  withFallback: Agreement;
  noSuggestion: number;
  /** desk sector → what the classifier said instead (null: nothing matched), with the tip. */
  confusions: { deskSector: string; suggested: string | null; tipsterSector: string; description: string }[];
};

const languageOf = (t: LabelledTip): "zh" | "en" => (/[\u3400-\u9fff]/.test(t.description) ? "zh" : "en");

const agreement = (pairs: boolean[]): Agreement => {
  const agreed = pairs.filter(Boolean).length;
  return { tips: pairs.length, agreed, rate: pairs.length === 0 ? 0 : Math.round((agreed / pairs.length) * 1000) / 1000 };
};

export function measureAgreement(tips: readonly LabelledTip[], table: readonly SectorKeyword[]): AgreementReport {
  const compiled = compileTable(table);
  const rows = tips.map((t) => {
    const top = classifySector({ description: t.description, companyName: t.companyName }, compiled).ranked[0]?.sector ?? null;
    return { t, top, language: languageOf(t) };
  });
  return {
    overall: agreement(rows.map((r) => r.top === r.t.deskSector)),
    byLanguage: {
      zh: agreement(rows.filter((r) => r.language === "zh").map((r) => r.top === r.t.deskSector)),
      en: agreement(rows.filter((r) => r.language === "en").map((r) => r.top === r.t.deskSector)),
    },
    baseline: agreement(rows.map((r) => r.t.tipsterSector === r.t.deskSector)),
    withFallback: agreement(rows.map((r) => (r.top ?? r.t.tipsterSector) === r.t.deskSector)),
    noSuggestion: rows.filter((r) => r.top === null).length,
    confusions: rows
      .filter((r) => r.top !== r.t.deskSector)
      .map((r) => ({ deskSector: r.t.deskSector, suggested: r.top, tipsterSector: r.t.tipsterSector, description: r.t.description })),
  };
}
