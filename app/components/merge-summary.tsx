import type { ReactNode } from "react";
import type { MergeWarning } from "~/domain/merge-comparison";
import { localName, tKnown, useLocale, useT, type MessageKey } from "~/i18n";
import { AttachmentList, type AttachmentView } from "./tip-parts";

type Named = { nameZh: string; nameEn: string };
export type MergeSide = {
  reference: string;
  state: string;
  submittedOn: string;
  companyName: string | null;
  sector: Named;
  placePath: (Named & { code: string })[];
  agency: Named | null;
  content: { description: string; address?: string; observedOn?: string };
  attachments: AttachmentView[];
};

/**
 * The two tips of a merge side by side — facts, the full text and the files — so the desk checks
 * it is the same matter before confirming. Two columns on a desktop; on a phone each row's two
 * cells stack, each labelled with its tip by CSS from data-label (public/styles.css, table.merge-compare).
 */
export function MergeSummaryTable({ tip, target }: { tip: MergeSide; target: MergeSide }) {
  const t = useT();
  const locale = useLocale();
  const none = <span className="hint">{t("merge.none")}</span>;
  const rows: [MessageKey, (s: MergeSide) => ReactNode][] = [
    ["merge.col.reference", (s) => s.reference],
    ["merge.col.sector", (s) => localName(locale, s.sector)],
    ["merge.col.place", (s) => s.placePath.map((p) => localName(locale, p)).join(" / ")],
    ["merge.col.company", (s) => s.companyName ?? "—"],
    ["merge.col.submittedOn", (s) => s.submittedOn],
    ["merge.col.observedOn", (s) => s.content.observedOn ?? none],
    ["merge.col.address", (s) => s.content.address ?? none],
    ["merge.col.state", (s) => tKnown(t, `staff.state.${s.state}`)],
    ["merge.col.agency", (s) => (s.agency ? localName(locale, s.agency) : "—")],
    ["merge.col.text", (s) => <p className="tip-text">{s.content.description}</p>],
    ["merge.col.attachments", (s) => (s.attachments.length ? <AttachmentList files={s.attachments} /> : <span className="hint">{t("staff.case.noAttachments")}</span>)],
  ];
  return (
    <table className="list merge-compare" data-testid="merge-summary">
      <caption>{t("merge.compare.title")}</caption>
      <thead>
        <tr>
          <td />
          <th scope="col">{t("merge.tip")}</th>
          <th scope="col">{t("merge.target")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([key, value]) => (
          <tr key={key}>
            <th scope="row">{t(key)}</th>
            <td data-side="tip" data-label={t("merge.tip")}>
              {value(tip)}
            </td>
            <td data-side="target" data-label={t("merge.target")}>
              {value(target)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The facts on which the two tips differ, in words, shown above the confirmation (or that they agree). */
export function MergeWarnings({ warnings, tip, target }: { warnings: readonly MergeWarning[]; tip: MergeSide; target: MergeSide }) {
  const t = useT();
  const locale = useLocale();
  if (warnings.length === 0) return <p className="notice" data-testid="merge-same">{t("merge.same")}</p>;
  const county = (s: MergeSide) => s.placePath.map((p) => localName(locale, p)).join(" / ");
  const words: Record<MergeWarning, (s: MergeSide) => string> = {
    sector: (s) => localName(locale, s.sector),
    place: county,
    company: (s) => s.companyName?.trim() || t("merge.none"),
  };
  const keys: Record<MergeWarning, MessageKey> = { sector: "merge.warning.sector", place: "merge.warning.place", company: "merge.warning.company" };
  return (
    <div className="warning merge-warnings" data-testid="merge-warnings">
      <p>
        <strong>{t("merge.warning.title")}</strong>
      </p>
      <ul>
        {warnings.map((w) => (
          <li key={w} data-warning={w}>
            {t(keys[w], { tip: words[w](tip), target: words[w](target) })}
          </li>
        ))}
      </ul>
    </div>
  );
}
