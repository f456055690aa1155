import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { placePickerFields } from "~/components/outcome-filters";
import { PlacePicker } from "~/components/place-picker";
import { STATISTICS_TABLES, statisticsSearch } from "~/domain/statistics-query";
import { localName, useLocale, useT } from "~/i18n";
import { formatPublicationTime, useTimeZone } from "~/i18n/time";
import { orRefuse } from "~/lib/route-edge.server";
import { openDataPage } from "~/services/open-data.server";
import { PLACE_PICKER_SCRIPT_ONLY } from "~/components/page-scripts";

export const meta: MetaFunction = () => [{ title: "Canary — 开放数据 / Open data" }];

/** The filters work as plain HTML (GET forms): no framework; the place picker loads the next list with a small script of its own (ADR 044). */
export const handle = PLACE_PICKER_SCRIPT_ONLY;

/** The data dictionary of the open-data downloads, the licence and the links (statistics for a place and period chosen by GET). */
export async function loader({ request }: LoaderFunctionArgs) {
  return orRefuse(openDataPage(new URL(request.url).searchParams));
}

export default function OpenData() {
  const { columns, statsColumns, noticeColumns, licence, place, period, choice, places, windows, release } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const timeZone = useTimeZone();
  const tableName = {
    headline: t("opendata.table.headline"),
    sector: t("opendata.table.sector"),
    place: t("opendata.table.place"),
    month: t("opendata.table.month"),
    channel: t("opendata.table.channel"),
    agency: t("opendata.table.agency"),
  } as const;
  const chosen = place ? [...places.counties, ...places.cities, ...places.provinces].find((p) => p.code === place) : undefined;
  const window = windows[period] ?? windows[0]!;
  // Links of a chosen past release name it; otherwise they are the current release's, whichever that is when followed.
  const q = { place: place ?? undefined, period, release: release?.pinned ? release.no : undefined };
  return (
    <>
      <h1>{t("opendata.title")}</h1>
      <p className="lead">{t("opendata.lead")}</p>
      <h2>{t("opendata.downloads")}</h2>
      <ul>
        <li>
          <a href="/open-data/outcomes.csv" download>
            {t("opendata.download.csv")}
          </a>
        </li>
        <li>
          <a href="/open-data/outcomes.json" download>
            {t("opendata.download.json")}
          </a>
        </li>
        <li>
          <a href="/outcomes.atom">{t("opendata.download.atom")}</a>
        </li>
        <li>
          <Link to="/outcomes">{t("opendata.browse")}</Link>
        </li>
      </ul>
      <h2 id="notices-downloads-title">{t("opendata.notices.title")}</h2>
      <ul data-testid="notices-downloads">
        <li>
          <a href="/open-data/notices.csv" download>
            {t("opendata.download.notices_csv")}
          </a>
        </li>
        <li>
          <a href="/open-data/notices.json" download>
            {t("opendata.download.notices_json")}
          </a>
        </li>
        <li>
          <a href="/notices.atom">{t("opendata.download.notices_atom")}</a>
        </li>
        <li>
          <Link to="/notices">{t("opendata.browse_notices")}</Link>
        </li>
      </ul>
      <h2 id="stats-downloads-title">{t("opendata.stats.title")}</h2>
      <p>{t("opendata.stats.lead")}</p>
      <p data-testid="stats-release">
        {release ? t("opendata.stats.release", { no: String(release.no), at: formatPublicationTime(release.releasedAt, locale, timeZone), asOf: release.asOf }) : t("opendata.stats.no_release")}{" "}
        <Link to="/open-data/releases">{t("opendata.releases.link")}</Link>
      </p>
      {/* Remounted when the choice changes, so the lists follow a client-side navigation. */}
      <Form method="get" className="stats-choice" key={`${place}-${period}`} action="/open-data#stats-downloads-title">
        {release?.pinned ? <input type="hidden" name="release" value={release.no} /> : null}
        <PlacePicker fields={placePickerFields("d")} {...places} value={choice} labels={{
            legend: t("opendata.stats.place"),
            province: t("opendata.place.province"),
            city: t("opendata.place.city"),
            county: t("opendata.place.county"),
            choose: t("opendata.place.any"),
            noscript: t("opendata.place.noscript"),
            refresh: t("opendata.place.refresh"),
          }} />
        <div className="field">
          <label htmlFor="d-period">{t("opendata.stats.period")}</label>
          <select id="d-period" name="period" defaultValue={String(period)}>
            {windows.map((w, i) => (
              <option key={w.from} value={i}>
                {t(i === 0 ? "opendata.stats.period.latest" : "opendata.stats.period.option", { from: w.from, to: w.to })}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button secondary">
          {t("opendata.stats.show")}
        </button>
      </Form>
      <p data-testid="stats-scope">
        <strong>{t("opendata.stats.scope", { place: chosen ? localName(locale, chosen) : t("opendata.stats.nation"), from: window.from, to: window.to })}</strong>
      </p>
      <ul data-testid="stats-downloads">
        {STATISTICS_TABLES.map((tb) => (
          <li key={tb}>
            <a href={`/stats.csv${statisticsSearch({ ...q, table: tb })}`} download>
              {t("opendata.download.table_csv", { table: tableName[tb] })}
            </a>
          </li>
        ))}
        <li>
          <a href={`/stats.json${statisticsSearch(q)}`} download>
            {t("opendata.download.tables_json")}
          </a>
        </li>
      </ul>
      <p data-testid="licence">
        {t("opendata.licence")}{" "}
        <a href={licence.url} rel="license">
          {licence.name}
        </a>
      </p>
      <h2>{t("opendata.dictionary")}</h2>
      <p>{t("opendata.dictionary.lead")}</p>
      <Dictionary columns={columns} testId="data-dictionary" />
      <p className="hint">{t("opendata.dates_note")}</p>
      <h2>{t("opendata.notices.dictionary")}</h2>
      <p>{t("opendata.notices.dictionary.lead")}</p>
      <Dictionary columns={noticeColumns} testId="notices-dictionary" />
      <h2 id="stats-dictionary-title">{t("opendata.stats.dictionary")}</h2>
      <p>{t("opendata.stats.dictionary.lead")}</p>
      <Dictionary columns={statsColumns} testId="stats-dictionary" />
    </>
  );
}

/** A data dictionary: a table on a wide screen; on a phone each field a block of labelled lines (styles.css), never wider than the screen. */
function Dictionary({ columns, testId }: { columns: readonly { name: string; type: string; zh: string; en: string }[]; testId: string }) {
  const t = useT();
  const head = { type: t("opendata.column.type"), zh: t("opendata.column.meaning_zh"), en: t("opendata.column.meaning_en") };
  return (
    // Laid out only as it nears the screen (.below-fold, charts.css): the three dictionaries are most of the page.
    <div className="below-fold">
      <table className="list dictionary" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{t("opendata.column.name")}</th>
            <th scope="col">{head.type}</th>
            <th scope="col" lang="zh-CN">
              {head.zh}
            </th>
            <th scope="col" lang="en">
              {head.en}
            </th>
          </tr>
        </thead>
        <tbody>
          {columns.map((c) => (
            <tr key={c.name}>
              <th scope="row">
                <code>{c.name}</code>
              </th>
              <td data-label={head.type}>{c.type}</td>
              <td lang="zh-CN" data-label={head.zh}>
                {c.zh}
              </td>
              <td lang="en" data-label={head.en}>
                {c.en}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
