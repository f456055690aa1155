import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { BarChart, LineChart, type ChartDatum } from "~/components/charts";
import { Actions, AgencyPager, AgencyTable, BreakdownTable, cellValue, formatRate, Headline, PlaceLink, Rejections } from "~/components/statistics";
import { pageOfRows } from "~/domain/published-statistics";
import { formatCell } from "~/domain/suppression";
import { NATION_CODE, STATISTICS_TABLES, statisticsSearch } from "~/domain/statistics-query";
import { parseStatisticsQuery } from "~/forms/public.server";
import { localName, useLocale, useT } from "~/i18n";
import { AppError } from "~/lib/app-error";
import { refusal } from "~/lib/route-edge.server";
import { publishedStatistics } from "~/services/published-statistics.server";

export const meta: MetaFunction = () => [{ title: "Canary — 举报办理统计 / Resolution statistics" }];

/** Public statistics of a place (the country by default) over a 12-month window. Works without JavaScript. */
export async function loader({ request }: LoaderFunctionArgs) {
  const q = parseStatisticsQuery(new URL(request.url).searchParams);
  const page = await publishedStatistics({ place: q.place, window: q.period });
  if (!page) throw refusal(new AppError("not_found"));
  // The agency table of a province or the country runs to hundreds of rows: one page of it here
  // (the downloads carry all of it), so the page stays small to send, render and hydrate.
  const { rows, ...agencyPage } = pageOfRows(page.agencies.rows, q.agencies);
  const shown = { ...page, agencies: { ...page.agencies, rows } };
  return data({ page: shown, agencyPage, period: q.period }, { headers: { "Cache-Control": "public, max-age=60" } });
}

export default function Stats() {
  const { page, agencyPage, period } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const name = (n: { nameZh: string; nameEn: string }) => localName(locale, n);
  const scopeName = page.scope.code === NATION_CODE ? t("stats.nation") : name(page.scope);
  const bars = (rows: { key: string; label: string; received: (typeof page.headline)["received"] }[]): ChartDatum[] =>
    rows.map((r) => ({ key: r.key, label: r.label, value: cellValue(r.received), display: formatCell(r.received, locale) }));
  const placeLabel = (p: (typeof page.places)[number]) => (p.drill ? name(p.label) : t("stats.place.own_level", { place: name(p.label) }));
  const monthSeries = (pick: "received" | "concluded") =>
    page.months.map((m) => ({ key: m.key, label: m.key, value: cellValue(m.figures[pick]), display: formatCell(m.figures[pick], locale) }));
  const chartText = (title: string, categoryAxis: string, valueAxis: string) => ({ title, categoryAxis, valueAxis, tableNote: t("stats.chart.table_note"), noData: t("stats.chart.no_data") });
  const downloadTables = STATISTICS_TABLES.filter((tb) => tb !== "place" || page.scope.level !== "county");
  const tableName = { headline: t("stats.headline"), sector: t("stats.by_sector"), place: t("stats.by_place"), month: t("stats.by_month"), channel: t("stats.by_channel"), agency: t("stats.by_agency") } as const;
  return (
    <>
      <h1>
        {t("stats.title")} · {scopeName}
      </h1>
      <p className="lead">{t("stats.lead")}</p>
      {page.ancestors.length > 0 ? (
        <nav aria-label={t("stats.breadcrumb")} className="breadcrumb">
          <ol>
            {page.ancestors.map((a) => (
              <li key={a.code}>
                <PlaceLink code={a.code} period={period}>
                  {a.code === NATION_CODE ? t("stats.nation") : name(a)}
                </PlaceLink>
              </li>
            ))}
            <li aria-current="page">{scopeName}</li>
          </ol>
        </nav>
      ) : null}
      <Form method="get" className="filters">
        {page.scope.code !== NATION_CODE ? <input type="hidden" name="place" value={page.scope.code} /> : null}
        <div className="field">
          <label htmlFor="s-period">{t("stats.period")}</label>
          <select id="s-period" name="period" defaultValue={String(period)}>
            {page.windows.map((w, i) => (
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

      <section aria-labelledby="headline-title">
        <h2 id="headline-title">
          {t("stats.headline")} · {t("stats.period.option", { from: page.period.from, to: page.period.to })}
        </h2>
        <Headline now={page.headline} before={page.previous} t={t} locale={locale} />
        <h3>{t("stats.rejected.title")}</h3>
        <Rejections figures={page.headline} t={t} locale={locale} />
        <h3>{t("stats.actions.title")}</h3>
        <Actions figures={page.headline} t={t} locale={locale} />
      </section>

      <section>
        <h2 id="by-month-title">{t("stats.by_month")}</h2>
        <LineChart
          id="chart-month"
          text={chartText(t("stats.chart.month.title"), t("stats.chart.month.x"), t("stats.chart.month.y"))}
          categories={page.months.map((m) => ({ key: m.key, label: m.key }))}
          series={[
            { key: "received", name: t("stats.figure.received"), data: monthSeries("received") },
            { key: "concluded", name: t("stats.figure.concluded"), data: monthSeries("concluded") },
          ]}
        />
        <BreakdownTable id="by-month" caption={t("stats.by_month")} keyHeader={t("stats.col.month")} rows={page.months.map((m) => ({ key: m.key, label: m.key, figures: m.figures }))} total={page.headline} t={t} locale={locale} />
      </section>

      <section>
        <h2 id="by-sector-title">{t("stats.by_sector")}</h2>
        <BarChart
          id="chart-sector"
          text={chartText(t("stats.chart.sector.title"), t("stats.col.sector"), t("stats.chart.count"))}
          data={bars(page.sectors.filter((s) => !(s.figures.received.kind === "value" && s.figures.received.value === 0)).map((s) => ({ key: s.key, label: name(s.label), received: s.figures.received })))}
        />
        <BreakdownTable id="by-sector" caption={t("stats.by_sector")} keyHeader={t("stats.col.sector")} rows={page.sectors.map((s) => ({ key: s.key, label: name(s.label), figures: s.figures }))} total={page.headline} t={t} locale={locale} />
      </section>

      <section>
        <h2 id="by-channel-title">{t("stats.by_channel")}</h2>
        <BreakdownTable id="by-channel" caption={t("stats.by_channel")} keyHeader={t("stats.col.channel")} rows={page.channels.map((c) => ({ key: c.key, label: t(`channel.${c.key}`), figures: c.figures }))} total={page.headline} t={t} locale={locale} />
      </section>

      {page.scope.level !== "county" ? (
        <section>
          <h2 id="by-place-title">{t("stats.by_place")}</h2>
          <BarChart id="chart-place" text={chartText(t("stats.chart.place.title"), t("stats.col.place"), t("stats.chart.count"))} data={bars(page.places.map((p) => ({ key: p.key, label: placeLabel(p), received: p.figures.received })))} />
          <BreakdownTable
            id="by-place"
            caption={t("stats.by_place")}
            keyHeader={t("stats.col.place")}
            rows={page.places.map((p) => ({
              key: p.key,
              label: p.drill ? (
                <PlaceLink code={p.key} period={period}>
                  {name(p.label)}
                </PlaceLink>
              ) : (
                placeLabel(p)
              ),
              figures: p.figures,
            }))}
            total={page.headline}
            t={t}
            locale={locale}
          />
        </section>
      ) : null}

      <section>
        <h2 id="by-agency-title">{t("stats.by_agency")}</h2>
        <p className="hint">{t("stats.agency.scope")}</p>
        {page.agencies.rows.length > 0 ? (
          <BarChart
            id="chart-agency"
            text={chartText(t("stats.chart.agency.title"), t("stats.col.agency"), t("stats.chart.rate"))}
            data={page.agencies.rows.map((a) => ({ key: a.key, label: name(a.label), value: a.onTimeRate, display: formatRate(a.onTimeRate) }))}
            maxValue={1}
            formatTick={(n) => `${Math.round(n * 100)}%`}
          />
        ) : null}
        {agencyPage.pages > 1 ? (
          <p className="hint" id="agency-range">
            {t("stats.agency.range", { first: String(agencyPage.first), last: String(agencyPage.last), total: String(agencyPage.total) })}
          </p>
        ) : null}
        <AgencyTable rows={page.agencies.rows} totals={page.agencies.totals} totalLabel={agencyPage.pages > 1 ? t("stats.agency.total_all", { total: String(agencyPage.total) }) : undefined} t={t} locale={locale} />
        <AgencyPager pager={agencyPage} href={(n) => `/stats${statisticsSearch({ place: page.scope.code, period, agencies: n })}#by-agency-title`} t={t} />
      </section>

      <section aria-labelledby="downloads-title">
        <h2 id="downloads-title">{t("stats.download")}</h2>
        <ul>
          {downloadTables.map((tb) => (
            <li key={tb}>
              <a href={`/stats.csv${statisticsSearch({ place: page.scope.code, period, table: tb })}`} download>
                {t("stats.download.csv", { table: tableName[tb] })}
              </a>
            </li>
          ))}
          <li>
            <a href={`/stats.json${statisticsSearch({ place: page.scope.code, period })}`} download>
              {t("stats.download.json")}
            </a>
          </li>
        </ul>
      </section>

      <section aria-labelledby="notes-title" className="notes">
        <h2 id="notes-title">{t("stats.notes.title")}</h2>
        <ul>
          <li>{t("stats.note.small")}</li>
          <li>{t("stats.note.complementary")}</li>
          <li>{t("stats.note.withheld")}</li>
          <li>{t("stats.note.rates")}</li>
          <li>{t("stats.note.overdue")}</li>
          <li>
            <Link to="/open-data">{t("stats.note.definitions")}</Link>
          </li>
        </ul>
      </section>
    </>
  );
}
