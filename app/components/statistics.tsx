import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { Locale, Translate } from "~/i18n";
import { HIDDEN_READINGS, isHidden, type HiddenReading, type Reading } from "~/domain/cell-reading";
import { statisticsSearch } from "~/domain/statistics-query";
import type { AgencyPage, FigureKind, FigureView, TableView } from "./stats-view";

/** Presentation of the published statistics (/stats, the home page): tables readable without JavaScript, hidden figures in words. */

const numberFormats = new Map<string, Intl.NumberFormat>();
function formatNumber(n: number, locale: Locale): string {
  let f = numberFormats.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    numberFormats.set(locale, f);
  }
  return f.format(n);
}

/** A shown figure as written: counts and money grouped by the locale, shares as percentages, days with one decimal at most. */
export function formatFigure(n: number, kind: FigureKind, locale: Locale): string {
  if (kind === "rate") return `${(n * 100).toFixed(1)}%`;
  if (kind === "days") return Number.isInteger(n) ? String(n) : n.toFixed(1);
  return formatNumber(n, locale);
}

/** A reading as words: `long` where a figure stands alone (the headline), short in a table cell. */
export function readingText(r: Reading, kind: FigureKind, t: Translate, locale: Locale, long = false): string {
  if (!isHidden(r)) return formatFigure(r, kind, locale);
  return long ? t(`stats.reading.long.${r}`) : t(`stats.reading.${r}`);
}

function signed(n: number, digits: number): string {
  const s = n.toFixed(digits);
  return n > 0 ? `+${s}` : s;
}

function Change({ change, t }: { change: NonNullable<FigureView["change"]>; t: Translate }) {
  const { by, value } = change;
  if (value === null) return <span className="change">{t("stats.yoy.none")}</span>;
  return <span className="change">{by === "ratio" ? t("stats.yoy.change", { value: `${signed(value * 100, 1)}%` }) : t("stats.yoy.points", { value: signed(value, 1) })}</span>;
}

/** Figures as a definition list; a hidden one says in words what is known of it ("5 or more, withheld…"). */
export function FigureList({ figures, label, className, t, locale }: { figures: FigureView[]; label: (id: string) => string; className?: string; t: Translate; locale: Locale }) {
  return (
    <dl className={className ?? "figures"}>
      {figures.map((f) => (
        <div key={f.id} className="figure" data-figure={f.id}>
          <dt>{label(f.id)}</dt>
          <dd>
            <span className={isHidden(f.reading) ? "figure-value figure-hidden" : "figure-value"}>{readingText(f.reading, f.kind, t, locale, true)}</span>
            {f.change ? <> {<Change change={f.change} t={t} />}</> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** What each word standing for a hidden figure means: beside the first figures that use one. */
export function ReadingLegend({ readings, t }: { readings: HiddenReading[]; t: Translate }) {
  if (readings.length === 0) return null;
  return (
    <section className="reading-legend" aria-labelledby="reading-legend-title" id="reading-legend">
      <h3 id="reading-legend-title">{t("stats.legend.title")}</h3>
      <dl>
        {HIDDEN_READINGS.filter((r) => readings.includes(r)).map((r) => (
          <div key={r} data-reading={r}>
            <dt>{t(`stats.reading.${r}`)}</dt>
            <dd>{t(`stats.legend.${r}`)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

type Column = { id: string; kind: FigureKind; head: string };

/**
 * A statistics table: a caption, a header row, one row per key (its header a th), a total row.
 * On a narrow screen the table scrolls inside its box with the first column fixed; the page itself never scrolls sideways.
 * A table whose every figure is withheld is one sentence instead.
 */
export function StatsTable({
  id,
  caption,
  keyHeader,
  columns,
  table,
  totalLabel,
  rowLabel,
  t,
  locale,
}: {
  id: string;
  caption: string;
  keyHeader: string;
  columns: readonly Column[];
  table: TableView;
  totalLabel?: string;
  rowLabel?: (row: TableView["rows"][number]) => ReactNode;
  t: Translate;
  locale: Locale;
}) {
  if (table.total.every((v) => v === null || v === "withheld") && table.rows.every((r) => r.values.every((v) => v === null || v === "withheld")))
    return (
      <p className="table-withheld" id={id}>
        {caption}: {t("stats.table.withheld")}
      </p>
    );
  const cell = (v: Reading | null, c: Column, k: number) =>
    // A hidden figure is a word in italics (<i>: shorter than a class on each of hundreds of cells).
    v === null ? <td key={k} /> : isHidden(v) ? <td key={k}><i>{readingText(v, c.kind, t, locale)}</i></td> : <td key={k}>{formatFigure(v, c.kind, locale)}</td>;
  return (
    <div className="table-scroll" role="region" aria-labelledby={`${id}-caption`} tabIndex={0}>
      <table className="stats-table" id={id}>
        <caption id={`${id}-caption`}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{keyHeader}</th>
            {columns.map((c) => (
              <th key={c.id} scope="col">
                {c.head}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r) => (
            <tr key={r.key} data-key={r.key}>
              <th scope="row">{rowLabel ? rowLabel(r) : r.label}</th>
              {columns.map((c, k) => cell(r.values[k] ?? null, c, k))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{totalLabel ?? t("stats.total")}</th>
            {columns.map((c, k) => cell(table.total[k] ?? null, c, k))}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** Previous / next links through the pages of the agency table (shown only when there is more than one). */
export function AgencyPager({ pager, href, t }: { pager: AgencyPage; href: (page: number) => string; t: Translate }) {
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
  // The same route: nothing to discover (and no data-discover attribute on each of a table's links).
  return (
    <Link to={`/stats${statisticsSearch({ place: code, period })}`} discover="none">
      {children}
    </Link>
  );
}
