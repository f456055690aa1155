import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { BarChart, LineChart, type ChartDatum } from "~/components/charts";
import { AgencyPager, FigureList, PlaceLink, readingText, ReadingLegend, StatsTable } from "~/components/statistics";
import { AGENCY_COLUMNS, BREAKDOWN_COLUMNS, statisticsView, type AgencyPage, type FigureKind, type StatisticsView, type TableView } from "~/components/stats-view";
import { hiddenReadingsIn, isHidden, type Reading } from "~/domain/cell-reading";
import { pageOfRows } from "~/domain/published-statistics";
import { NATION_CODE, STATISTICS_TABLES, statisticsSearch } from "~/domain/statistics-query";
import { parseStatisticsQuery } from "~/forms/public.server";
import { localeFromRequest, localName, useLocale, useT, type Translate } from "~/i18n";
import { formatPublicationTime, useTimeZone } from "~/i18n/time";
import { translator } from "~/i18n/catalogues.server";
import { AppError } from "~/lib/app-error";
import { entityTag, isNotModified } from "~/lib/conditional-get.server";
import { refusal } from "~/lib/route-edge.server";
import { currentRelease, pageIn } from "~/services/statistics-release-read.server";
import { WITHOUT_SCRIPTS } from "~/components/page-scripts";

export const meta: MetaFunction = () => [{ title: "Canary — 举报办理统计 / Resolution statistics" }];

/** Nothing on this page runs in the browser (ADR 039). */
export const handle = WITHOUT_SCRIPTS;

/**
 * Public statistics of a place (the country by default) over a 12-month window, as published in
 * the current statistics release (issue 16): the page is read, never computed. Works without
 * JavaScript. The page is sent as the view it renders (app/components/stats-view.ts), in the
 * reader's language, with an ETag made of the release number and the query: a release never
 * changes, so a reader whose copy is of the current release gets a 304 without the page being read.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const q = parseStatisticsQuery(new URL(request.url).searchParams);
  const locale = localeFromRequest(request);
  const release = await currentRelease();
  // Before the first release: a plain page saying so (not cached, the first release may come any minute).
  if (!release) return data({ kind: "none" } as Body, { headers: { "Cache-Control": "no-cache", Vary: "Cookie" } });
  // The language comes from a cookie: caches keep one copy per cookie, and the tag covers the language.
  const etag = entityTag(locale, `release ${release.no}`, q.place, String(q.period), String(q.agencies));
  const headers = { "Cache-Control": "public, max-age=60", ETag: etag, Vary: "Cookie" };
  // A 304 has no body and renders nothing (Remix answers it before rendering); returned, not
  // thrown, so that its headers are this route's rather than an error boundary's.
  if (isNotModified(request, etag)) return data(null as unknown as Body, { status: 304, headers });
  const found = await pageIn(release, q.place, q.period);
  if (!found.placeKnown) throw refusal(new AppError("not_found"));
  const stamp = { no: release.no, releasedAt: release.releasedAt };
  const t = translator(locale);
  if (!found.page) {
    // A place with no tips in any window of the release: its name and where it is, and that there is nothing to show.
    const p = found.place!;
    const name = (n: { code: string; nameZh: string; nameEn: string }) => (n.code === NATION_CODE ? t("stats.nation") : localName(locale, n));
    const body: Body = {
      kind: "empty",
      release: stamp,
      scope: { code: p.scope.code, name: name(p.scope) },
      ancestors: p.ancestors.map((a) => ({ code: a.code, name: name(a) })),
      windows: p.windows,
      period: q.period,
    };
    return data(body, { headers });
  }
  const page = found.page;
  // The agency table of a province or the country runs to hundreds of rows: one page of it here
  // (the downloads carry all of it), so the page stays small to send, render and hydrate.
  const { rows, ...agencyPage } = pageOfRows(page.agencies.rows, q.agencies);
  const body: Body = { kind: "page", release: stamp, view: statisticsView({ ...page, agencies: { ...page.agencies, rows } }, locale, t), agencyPage, period: q.period };
  return data(body, { headers });
}

type ReleaseStamp = { no: number; releasedAt: string };
type Body =
  | { kind: "none" }
  | { kind: "empty"; release: ReleaseStamp; scope: { code: string; name: string }; ancestors: { code: string; name: string }[]; windows: { from: string; to: string }[]; period: number }
  | { kind: "page"; release: ReleaseStamp; view: StatisticsView; agencyPage: AgencyPage; period: number };

/** The document gets the loader's caching headers. */
export const headers: HeadersFunction = ({ loaderHeaders }) => {
  const out = new Headers();
  for (const name of ["Cache-Control", "ETag", "Vary"]) {
    const v = loaderHeaders.get(name);
    if (v) out.set(name, v);
  }
  return out;
};

/** Every reading in a table, for the legend. */
const readingsOf = (table: TableView | null): Reading[] => (table ? [...table.rows.flatMap((r) => r.values), ...table.total].filter((v): v is Reading => v !== null) : []);

/** Which release the page shows and when it was published, linking to the list of releases. */
function ReleaseLine({ release }: { release: ReleaseStamp }) {
  const t = useT();
  const locale = useLocale();
  const timeZone = useTimeZone();
  return (
    <p className="release-line" data-testid="release-line">
      <Link to="/open-data/releases">{t("stats.release.line", { no: String(release.no), at: formatPublicationTime(release.releasedAt, locale, timeZone) })}</Link>
    </p>
  );
}

/** The breadcrumb of a place: the levels above it, each a link to its page. */
function Breadcrumb({ ancestors, current, period }: { ancestors: { code: string; name: string }[]; current: string; period: number }) {
  const t = useT();
  if (ancestors.length === 0) return null;
  return (
    <nav aria-label={t("stats.breadcrumb")} className="breadcrumb">
      <ol>
        {ancestors.map((a) => (
          <li key={a.code}>
            <PlaceLink code={a.code} period={period}>
              {a.name}
            </PlaceLink>
          </li>
        ))}
        <li aria-current="page">{current}</li>
      </ol>
    </nav>
  );
}

/** The choice of 12-month window (a GET form: works without JavaScript). */
function PeriodChoice({ place, windows, period }: { place: string; windows: { from: string; to: string }[]; period: number }) {
  const t = useT();
  return (
    <Form method="get" className="filters">
      {place !== NATION_CODE ? <input type="hidden" name="place" value={place} /> : null}
      <div className="field">
        <label htmlFor="s-period">{t("stats.period")}</label>
        <select id="s-period" name="period" defaultValue={String(period)}>
          {windows.map((w, i) => (
            <option key={w.from} value={i}>
              {t(i === 0 ? "stats.period.latest" : "stats.period.option", { from: w.from, to: w.to })}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button">
        {t("stats.show")}
      </button>
    </Form>
  );
}

export default function Stats() {
  const body = useLoaderData<typeof loader>() as unknown as Body;
  const t = useT();
  if (body.kind === "none") {
    return (
      <>
        <h1>{t("stats.title")}</h1>
        <p className="lead" data-testid="stats-none">
          {t("stats.none.title")}
        </p>
        <p>{t("stats.none.body")}</p>
      </>
    );
  }
  if (body.kind === "empty") {
    const w = body.windows[body.period] ?? body.windows[0]!;
    return (
      <>
        <h1>
          {t("stats.title")} · {body.scope.name}
        </h1>
        <ReleaseLine release={body.release} />
        <Breadcrumb ancestors={body.ancestors} current={body.scope.name} period={body.period} />
        <PeriodChoice place={body.scope.code} windows={body.windows} period={body.period} />
        <section aria-labelledby="headline-title">
          <h2 id="headline-title">
            {t("stats.headline")} · {t("stats.period.option", { from: w.from, to: w.to })}
          </h2>
          <p data-testid="stats-empty">{t("stats.empty")}</p>
        </section>
      </>
    );
  }
  return <Published release={body.release} view={body.view} agencyPage={body.agencyPage} period={body.period} />;
}

function Published({ release, view, agencyPage, period }: { release: ReleaseStamp; view: StatisticsView; agencyPage: AgencyPage; period: number }) {
  const t = useT();
  const locale = useLocale();
  const figureLabel = (id: string) => t(`stats.figure.${id}` as Parameters<Translate>[0]);
  const columns = (cols: readonly { id: string; kind: FigureKind }[], head: (id: string) => string) => cols.map((c) => ({ ...c, head: head(c.id) }));
  const breakdownColumns = columns(BREAKDOWN_COLUMNS, figureLabel);
  const agencyColumns = columns(AGENCY_COLUMNS, (id) => (id === "held" ? t("stats.col.held") : figureLabel(id)));
  const short = (r: Reading | null | undefined, kind: FigureKind) => (r === null || r === undefined ? "" : readingText(r, kind, t, locale));
  const chartValue = (r: Reading | null | undefined) => (r === null || r === undefined || isHidden(r) ? null : r);
  const bars = (table: TableView, column: number, kind: FigureKind, keep: (r: TableView["rows"][number]) => boolean = () => true): ChartDatum[] =>
    table.rows.filter(keep).map((r) => ({ key: r.key, label: r.label, value: chartValue(r.values[column]), display: short(r.values[column], kind) }));
  const monthSeries = (column: number) => view.months.rows.map((m) => ({ key: m.key, label: m.label, value: chartValue(m.values[column]), display: short(m.values[column], "count") }));
  const gapNote = (series: string) => (hidden: number) => (hidden === 1 ? t("stats.chart.gaps.one", { series }) : t("stats.chart.gaps", { series, count: String(hidden) }));
  const hiddenNote = (count: number) => t("stats.chart.bar_hidden", { count: String(count) });
  const chartText = (title: string, categoryAxis: string, valueAxis: string) => ({ title, categoryAxis, valueAxis, tableNote: t("stats.chart.table_note"), noData: t("stats.chart.no_data") });
  const downloadTables = STATISTICS_TABLES.filter((tb) => tb !== "place" || view.scope.level !== "county");
  const tableName = { headline: t("stats.headline"), sector: t("stats.by_sector"), place: t("stats.by_place"), month: t("stats.by_month"), channel: t("stats.by_channel"), agency: t("stats.by_agency") } as const;
  const legend = hiddenReadingsIn([
    ...[...view.headline, ...view.rejections, ...view.actions].map((f) => f.reading),
    ...readingsOf(view.months),
    ...readingsOf(view.sectors),
    ...readingsOf(view.channels),
    ...readingsOf(view.places),
    ...readingsOf(view.agencies),
  ]);
  const received = BREAKDOWN_COLUMNS.findIndex((c) => c.id === "received");
  const concluded = BREAKDOWN_COLUMNS.findIndex((c) => c.id === "concluded");
  const onTime = AGENCY_COLUMNS.findIndex((c) => c.id === "on_time_rate");
  return (
    <>
      <h1>
        {t("stats.title")} · {view.scope.name}
      </h1>
      <ReleaseLine release={release} />
      <p className="lead">{t("stats.lead")}</p>
      <Breadcrumb ancestors={view.ancestors} current={view.scope.name} period={period} />
      <PeriodChoice place={view.scope.code} windows={view.windows} period={period} />

      <section aria-labelledby="headline-title">
        <h2 id="headline-title">
          {t("stats.headline")} · {t("stats.period.option", { from: view.period.from, to: view.period.to })}
        </h2>
        <FigureList figures={view.headline} label={figureLabel} t={t} locale={locale} />
        <ReadingLegend readings={legend} t={t} />
        <h3>{t("stats.rejected.title")}</h3>
        <FigureList className="figures small" figures={view.rejections} label={(id) => t(`stats.rejected.${id}` as Parameters<Translate>[0])} t={t} locale={locale} />
        <h3>{t("stats.actions.title")}</h3>
        <FigureList className="figures small" figures={view.actions} label={(id) => t(`stats.actions.${id}` as Parameters<Translate>[0])} t={t} locale={locale} />
      </section>

      <section className="below-fold">
        <h2 id="by-month-title">{t("stats.by_month")}</h2>
        <LineChart
          id="chart-month"
          text={chartText(t("stats.chart.month.title"), t("stats.chart.month.x"), t("stats.chart.month.y"))}
          categories={view.months.rows.map((m) => ({ key: m.key, label: m.incomplete ? `${m.key}*` : m.label }))}
          series={[
            { key: "received", name: t("stats.figure.received"), data: monthSeries(received), gapNote: gapNote(t("stats.figure.received")) },
            { key: "concluded", name: t("stats.figure.concluded"), data: monthSeries(concluded), gapNote: gapNote(t("stats.figure.concluded")) },
          ]}
          tableFollows
        />
        {view.incompleteMonth ? (
          <p className="hint" id="incomplete-month" data-testid="incomplete-month">
            * {t("stats.month.incomplete_note", { month: view.incompleteMonth })}
          </p>
        ) : null}
        <StatsTable id="by-month" caption={t("stats.by_month")} keyHeader={t("stats.col.month")} columns={breakdownColumns} table={view.months} t={t} locale={locale} />
      </section>

      <section className="below-fold">
        <h2 id="by-sector-title">{t("stats.by_sector")}</h2>
        <BarChart
          id="chart-sector"
          text={chartText(t("stats.chart.sector.title"), t("stats.col.sector"), t("stats.chart.count"))}
          data={bars(view.sectors, received, "count", (r) => r.values[received] !== 0)}
          hiddenNote={hiddenNote}
          tableFollows
        />
        <StatsTable id="by-sector" caption={t("stats.by_sector")} keyHeader={t("stats.col.sector")} columns={breakdownColumns} table={view.sectors} t={t} locale={locale} />
      </section>

      <section className="below-fold">
        <h2 id="by-channel-title">{t("stats.by_channel")}</h2>
        <StatsTable id="by-channel" caption={t("stats.by_channel")} keyHeader={t("stats.col.channel")} columns={breakdownColumns} table={view.channels} t={t} locale={locale} />
      </section>

      {view.places ? (
        <section>
          <h2 id="by-place-title">{t("stats.by_place")}</h2>
          <BarChart id="chart-place" text={chartText(t("stats.chart.place.title"), t("stats.col.place"), t("stats.chart.count"))} data={bars(view.places, received, "count")} hiddenNote={hiddenNote} tableFollows />
          <StatsTable
            id="by-place"
            caption={t("stats.by_place")}
            keyHeader={t("stats.col.place")}
            columns={breakdownColumns}
            table={view.places}
            rowLabel={(r) =>
              r.drill ? (
                <PlaceLink code={r.key} period={period}>
                  {r.label}
                </PlaceLink>
              ) : (
                r.label
              )
            }
            t={t}
            locale={locale}
          />
        </section>
      ) : null}

      <section className="below-fold">
        <h2 id="by-agency-title">{t("stats.by_agency")}</h2>
        <p className="hint">{t("stats.agency.scope")}</p>
        {view.agencies.rows.length > 0 ? (
          <BarChart id="chart-agency" text={chartText(t("stats.chart.agency.title"), t("stats.col.agency"), t("stats.chart.rate"))} data={bars(view.agencies, onTime, "rate")} maxValue={1} tableFollows />
        ) : null}
        {agencyPage.pages > 1 ? (
          <p className="hint" id="agency-range">
            {t("stats.agency.range", { first: String(agencyPage.first), last: String(agencyPage.last), total: String(agencyPage.total) })}
          </p>
        ) : null}
        {view.agencies.rows.length === 0 ? (
          <p>{t("stats.agency.none")}</p>
        ) : (
          <StatsTable
            id="by-agency"
            caption={t("stats.by_agency")}
            keyHeader={t("stats.col.agency")}
            columns={agencyColumns}
            table={view.agencies}
            totalLabel={agencyPage.pages > 1 ? t("stats.agency.total_all", { total: String(agencyPage.total) }) : undefined}
            t={t}
            locale={locale}
          />
        )}
        <AgencyPager pager={agencyPage} href={(n) => `/stats${statisticsSearch({ place: view.scope.code, period, agencies: n })}#by-agency-title`} t={t} />
      </section>

      <section className="below-fold" aria-labelledby="downloads-title">
        <h2 id="downloads-title">{t("stats.download")}</h2>
        <ul>
          {downloadTables.map((tb) => (
            <li key={tb}>
              <a href={`/stats.csv${statisticsSearch({ place: view.scope.code, period, table: tb, release: release.no })}`} download>
                {t("stats.download.csv", { table: tableName[tb] })}
              </a>
            </li>
          ))}
          <li>
            <a href={`/stats.json${statisticsSearch({ place: view.scope.code, period, release: release.no })}`} download>
              {t("stats.download.json")}
            </a>
          </li>
        </ul>
      </section>

      <section aria-labelledby="notes-title" className="notes below-fold">
        <h2 id="notes-title">{t("stats.notes.title")}</h2>
        <ul>
          <li>{t("stats.note.rates")}</li>
          <li>{t("stats.note.downloads")}</li>
          <li>{t("stats.note.overdue")}</li>
          <li>
            <Link to="/open-data">{t("stats.note.definitions")}</Link>
          </li>
        </ul>
      </section>
    </>
  );
}
