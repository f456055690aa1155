import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "~/i18n";
import { LICENCE, OPEN_DATA_COLUMNS } from "~/services/published-outcomes.server";
import { STATISTICS_COLUMNS } from "~/services/statistics-download.server";
import { STATISTICS_TABLES, statisticsSearch } from "~/domain/statistics-query";

export const meta: MetaFunction = () => [{ title: "Canary — 开放数据 / Open data" }];

/** The data dictionary of the open-data downloads, the licence and the links. */
export function loader() {
  return { columns: OPEN_DATA_COLUMNS.map((c) => ({ ...c })), statsColumns: STATISTICS_COLUMNS.map((c) => ({ ...c })), licence: LICENCE };
}

export default function OpenData() {
  const { columns, statsColumns, licence } = useLoaderData<typeof loader>();
  const t = useT();
  const tableName = { headline: t("stats.headline"), sector: t("stats.by_sector"), place: t("stats.by_place"), month: t("stats.by_month"), channel: t("stats.by_channel"), agency: t("stats.by_agency") } as const;
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
      <h2>{t("opendata.stats.title")}</h2>
      <p>{t("opendata.stats.lead")}</p>
      <ul data-testid="stats-downloads">
        {STATISTICS_TABLES.map((tb) => (
          <li key={tb}>
            <a href={`/stats.csv${statisticsSearch({ table: tb })}`} download>
              {t("stats.download.csv", { table: tableName[tb] })}
            </a>
          </li>
        ))}
        <li>
          <a href="/stats.json" download>
            {t("stats.download.json")}
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
      <h2>{t("opendata.stats.dictionary")}</h2>
      <p>{t("opendata.stats.dictionary.lead")}</p>
      <Dictionary columns={statsColumns} testId="stats-dictionary" />
    </>
  );
}

function Dictionary({ columns, testId }: { columns: readonly { name: string; type: string; zh: string; en: string }[]; testId: string }) {
  const t = useT();
  return (
    <table className="list" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">{t("opendata.column.name")}</th>
          <th scope="col">{t("opendata.column.type")}</th>
          <th scope="col" lang="zh-CN">
            {t("opendata.column.meaning_zh")}
          </th>
          <th scope="col" lang="en">
            {t("opendata.column.meaning_en")}
          </th>
        </tr>
      </thead>
      <tbody>
        {columns.map((c) => (
          <tr key={c.name}>
            <td>
              <code>{c.name}</code>
            </td>
            <td>{c.type}</td>
            <td lang="zh-CN">{c.zh}</td>
            <td lang="en">{c.en}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
