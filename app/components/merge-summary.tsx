import { localName, tKnown, useLocale, useT, type MessageKey } from "~/i18n";

type Named = { nameZh: string; nameEn: string };
export type MergeSide = {
  reference: string;
  state: string;
  submittedOn: string;
  companyName: string | null;
  sector: Named;
  placePath: (Named & { code: string })[];
  agency: Named | null;
};

/** The two cases of a merge side by side, so the desk checks it is the same matter before confirming. */
export function MergeSummaryTable({ tip, target }: { tip: MergeSide; target: MergeSide }) {
  const t = useT();
  const locale = useLocale();
  const rows: [MessageKey, (s: MergeSide) => string][] = [
    ["merge.col.reference", (s) => s.reference],
    ["merge.col.sector", (s) => localName(locale, s.sector)],
    ["merge.col.place", (s) => s.placePath.map((p) => localName(locale, p)).join(" / ")],
    ["merge.col.company", (s) => s.companyName ?? "—"],
    ["merge.col.submittedOn", (s) => s.submittedOn],
    ["merge.col.state", (s) => tKnown(t, `staff.state.${s.state}`)],
    ["merge.col.agency", (s) => (s.agency ? localName(locale, s.agency) : "—")],
  ];
  return (
    <table className="list" data-testid="merge-summary">
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
            <td>{value(tip)}</td>
            <td>{value(target)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
