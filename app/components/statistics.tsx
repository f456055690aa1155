import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { localName, type Locale, type Translate } from "~/i18n";
import type { Cell } from "~/domain/suppression";
import { formatCell } from "~/domain/suppression";
import type { PublishedFigures } from "~/domain/published-statistics";
import { changeOf, pointsOf, REJECTION_MEASURES, WITHHELD, type RowPage } from "~/domain/published-statistics";
import { REJECTION_REASONS } from "~/domain/case-state";
import { statisticsSearch } from "~/domain/statistics-query";

/** Presentation of the published statistics (/stats, the home page): tables readable without JavaScript. */

export const formatRate = (r: number | null) => (r === null ? "—" : `${(r * 100).toFixed(1)}%`);
export const formatDays = (d: number | null) => (d === null ? "—" : Number.isInteger(d) ? String(d) : d.toFixed(1));
export const cellValue = (c: Cell): number | null => (c.kind === "value" ? c.value : null);

function signed(n: number, digits: number): string {
  const s = n.toFixed(digits);
  return n > 0 ? `+${s}` : s;
}

export function Change({ current, previous, t }: { current: Cell; previous: Cell; t: Translate }) {
  const c = changeOf(current, previous);
  return <span className="change">{c === null ? t("stats.yoy.none") : t("stats.yoy.change", { value: `${signed(c * 100, 1)}%` })}</span>;
}

export function PointsChange({ current, previous, t }: { current: number | null; previous: number | null; t: Translate }) {
  const p = pointsOf(current, previous);
  return <span className="change">{p === null ? t("stats.yoy.none") : t("stats.yoy.points", { value: signed(p, 1) })}</span>;
}

type Figure = { id: string; label: string; value: string; change?: ReactNode };

export function FigureList({ figures, className }: { figures: Figure[]; className?: string }) {
  return (
    <dl className={className ?? "figures"}>
      {figures.map((f) => (
        <div key={f.id} className="figure" data-figure={f.id}>
          <dt>{f.label}</dt>
          <dd>
            <span className="figure-value">{f.value}</span>
            {f.change ? <> {f.change}</> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** The headline figures with their change on the same period a year earlier. */
export function Headline({ now, before, t, locale }: { now: PublishedFigures; before: PublishedFigures; t: Translate; locale: Locale }) {
  const n = (c: Cell) => formatCell(c, locale);
  const d = now.detail;
  const b = before.detail;
  return (
    <FigureList
      figures={[
        { id: "received", label: t("stats.figure.received"), value: n(now.received), change: <Change current={now.received} previous={before.received} t={t} /> },
        { id: "accepted", label: t("stats.figure.accepted"), value: n(d?.accepted ?? WITHHELD), change: <Change current={d?.accepted ?? WITHHELD} previous={b?.accepted ?? WITHHELD} t={t} /> },
        { id: "awaiting", label: t("stats.figure.awaiting"), value: n(d?.awaiting ?? WITHHELD) },
        { id: "rejected", label: t("stats.figure.rejected"), value: n(d?.rejected ?? WITHHELD) },
        { id: "merged", label: t("stats.figure.merged"), value: n(d?.merged ?? WITHHELD) },
        { id: "concluded", label: t("stats.figure.concluded"), value: n(now.concluded), change: <Change current={now.concluded} previous={before.concluded} t={t} /> },
        {
          id: "substantiated_rate",
          label: t("stats.figure.substantiated_rate"),
          value: formatRate(now.substantiatedRate),
          change: <PointsChange current={now.substantiatedRate} previous={before.substantiatedRate} t={t} />,
        },
        { id: "median_days", label: t("stats.figure.median_days"), value: formatDays(now.medianDays) },
        { id: "p90_days", label: t("stats.figure.p90_days"), value: formatDays(now.p90Days) },
        { id: "on_time_rate", label: t("stats.figure.on_time_rate"), value: formatRate(now.onTimeRate), change: <PointsChange current={now.onTimeRate} previous={before.onTimeRate} t={t} /> },
        { id: "open_now", label: t("stats.figure.open_now"), value: n(now.listed.openNow) },
        { id: "overdue_now", label: t("stats.figure.overdue_now"), value: n(now.listed.overdueNow) },
        { id: "escalated", label: t("stats.figure.escalated"), value: n(now.listed.escalated) },
        { id: "returns", label: t("stats.figure.returns"), value: n(now.listed.returns) },
      ]}
    />
  );
}

export function Rejections({ figures, t, locale }: { figures: PublishedFigures; t: Translate; locale: Locale }) {
  const p = figures.detail ?? { rejectedOutOfScope: WITHHELD, rejectedNoFacts: WITHHELD, rejectedDuplicate: WITHHELD, rejectedAbusive: WITHHELD };
  return (
    <FigureList
      className="figures small"
      figures={REJECTION_REASONS.map((r) => ({ id: r, label: t(`stats.rejected.${r}`), value: formatCell(p[REJECTION_MEASURES[r]], locale) }))}
    />
  );
}

export function Actions({ figures, t, locale }: { figures: PublishedFigures; t: Translate; locale: Locale }) {
  const l = figures.listed;
  return (
    <FigureList
      className="figures small"
      figures={[
        { id: "rectifications", label: t("stats.actions.rectifications"), value: formatCell(l.rectifications, locale) },
        { id: "fines", label: t("stats.actions.fines"), value: figures.finesCny === null ? "—" : figures.finesCny.toLocaleString(locale) },
        { id: "suspensions", label: t("stats.actions.suspensions"), value: formatCell(l.suspensions, locale) },
        { id: "closures", label: t("stats.actions.closures"), value: formatCell(l.closures, locale) },
        { id: "criminal_referrals", label: t("stats.actions.criminal_referrals"), value: formatCell(l.criminalReferrals, locale) },
        { id: "officials", label: t("stats.actions.officials"), value: formatCell(l.officialsHeldAccountable, locale) },
      ]}
    />
  );
}

export type BreakdownRow = { key: string; label: ReactNode; figures: PublishedFigures };

/** One breakdown (sector, place, month) as a table: what came in, what became of it, how fast. */
export function BreakdownTable({ id, caption, keyHeader, rows, total, t, locale }: { id: string; caption: string; keyHeader: string; rows: BreakdownRow[]; total: PublishedFigures; t: Translate; locale: Locale }) {
  const n = (c: Cell) => formatCell(c, locale);
  const cols: { head: string; value: (f: PublishedFigures) => string }[] = [
    { head: t("stats.figure.received"), value: (f) => n(f.received) },
    { head: t("stats.figure.not_taken_up"), value: (f) => n(f.partition.notTakenUp) },
    { head: t("stats.figure.pending"), value: (f) => n(f.partition.pending) },
    { head: t("stats.figure.concluded"), value: (f) => n(f.concluded) },
    { head: t("stats.figure.substantiated_rate"), value: (f) => formatRate(f.substantiatedRate) },
    { head: t("stats.figure.median_days"), value: (f) => formatDays(f.medianDays) },
    { head: t("stats.figure.on_time_rate"), value: (f) => formatRate(f.onTimeRate) },
    { head: t("stats.figure.open_now"), value: (f) => n(f.listed.openNow) },
    { head: t("stats.figure.overdue_now"), value: (f) => n(f.listed.overdueNow) },
  ];
  return <StatsTable id={id} caption={caption} keyHeader={keyHeader} columns={cols} rows={rows.map((r) => ({ key: r.key, label: r.label, values: r.figures }))} total={total} t={t} />;
}

/** A statistics table: a caption, a header row, one row per key (its header a th), a total row; scrolls sideways on a narrow screen. */
function StatsTable<V>({
  id,
  caption,
  keyHeader,
  columns,
  rows,
  total,
  totalLabel,
  t,
}: {
  id: string;
  caption: string;
  keyHeader: string;
  columns: { head: string; value: (v: V) => string }[];
  rows: { key: string; label: ReactNode; values: V }[];
  total: V;
  totalLabel?: string;
  t: Translate;
}) {
  return (
    <div className="table-scroll" role="region" aria-labelledby={`${id}-caption`} tabIndex={0}>
      <table className="stats-table" id={id}>
        <caption id={`${id}-caption`}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{keyHeader}</th>
            {columns.map((c) => (
              <th key={c.head} scope="col">
                {c.head}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} data-key={r.key}>
              <th scope="row">{r.label}</th>
              {columns.map((c) => (
                <td key={c.head}>{c.value(r.values)}</td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{totalLabel ?? t("stats.total")}</th>
            {columns.map((c) => (
              <td key={c.head}>{c.value(total)}</td>
            ))}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

type AgencyRow = { key: string; label: { nameZh: string; nameEn: string }; held: Cell; inProgress: Cell; substantiated: Cell; unsubstantiated: Cell; onTimeRate: number | null; openNow: Cell; overdueNow: Cell; returns: Cell };

/** The agency table (one page of it); `totalLabel` names the total row when it covers more agencies than are shown. */
export function AgencyTable({ rows, totals, totalLabel, t, locale }: { rows: AgencyRow[]; totals: Omit<AgencyRow, "key" | "label" | "onTimeRate">; totalLabel?: string; t: Translate; locale: Locale }) {
  const n = (c: Cell) => formatCell(c, locale);
  const concluded = (r: { substantiated: Cell; unsubstantiated: Cell }) => (r.substantiated.kind === "value" && r.unsubstantiated.kind === "value" ? String(r.substantiated.value + r.unsubstantiated.value) : r.substantiated.kind === "suppressed" && r.substantiated.reason === "withheld" ? "—" : "*");
  const cols: { head: string; value: (r: Omit<AgencyRow, "key" | "label" | "onTimeRate"> & { onTimeRate?: number | null }) => string }[] = [
    { head: t("stats.col.held"), value: (r) => n(r.held) },
    { head: t("stats.figure.in_progress"), value: (r) => n(r.inProgress) },
    { head: t("stats.figure.concluded"), value: concluded },
    { head: t("stats.figure.on_time_rate"), value: (r) => (r.onTimeRate === undefined ? "" : formatRate(r.onTimeRate)) },
    { head: t("stats.figure.open_now"), value: (r) => n(r.openNow) },
    { head: t("stats.figure.overdue_now"), value: (r) => n(r.overdueNow) },
    { head: t("stats.figure.returns"), value: (r) => n(r.returns) },
  ];
  if (rows.length === 0) return <p>{t("stats.agency.none")}</p>;
  return (
    <StatsTable
      id="by-agency"
      caption={t("stats.by_agency")}
      keyHeader={t("stats.col.agency")}
      columns={cols}
      rows={rows.map((r) => ({ key: r.key, label: localName(locale, r.label), values: r }))}
      total={totals}
      totalLabel={totalLabel}
      t={t}
    />
  );
}

/** Previous / next links through the pages of the agency table (shown only when there is more than one). */
export function AgencyPager({ pager, href, t }: { pager: Omit<RowPage<unknown>, "rows">; href: (page: number) => string; t: Translate }) {
  if (pager.pages <= 1) return null;
  return (
    <nav aria-label={t("stats.agency.pages")} className="pager">
      {pager.page > 1 ? (
        <Link to={href(pager.page - 1)} rel="prev">
          {t("stats.agency.previous")}
        </Link>
      ) : null}{" "}
      <span>{t("stats.agency.page", { page: String(pager.page), pages: String(pager.pages) })}</span>{" "}
      {pager.page < pager.pages ? (
        <Link to={href(pager.page + 1)} rel="next">
          {t("stats.agency.next")}
        </Link>
      ) : null}
    </nav>
  );
}

export function PlaceLink({ code, period, children }: { code: string; period: number; children: ReactNode }) {
  return <Link to={`/stats${statisticsSearch({ place: code, period })}`}>{children}</Link>;
}
