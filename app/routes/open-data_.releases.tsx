import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { WITHOUT_SCRIPTS } from "~/components/page-scripts";
import { useLocale, useT } from "~/i18n";
import { formatPublicationTime, useTimeZone } from "~/i18n/time";
import { releases } from "~/services/statistics-release-read.server";

/** A list and links: the page does nothing in the browser its HTML does not (ADR 039). */
export const handle = WITHOUT_SCRIPTS;

export const meta: MetaFunction = () => [{ title: "Canary — 历次统计发布 / Statistics releases" }];

/** Every published statistics release, newest first, 50 a page (?page=), each with its downloads. Works without JavaScript. */
export async function loader({ request }: LoaderFunctionArgs) {
  const page = Number(new URL(request.url).searchParams.get("page") ?? 1);
  const list = await releases(page);
  return data(list, { headers: { "Cache-Control": "public, max-age=60" } });
}

export default function Releases() {
  const { rows, page, pages, total } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const timeZone = useTimeZone();
  const head = {
    released: t("opendata.releases.col.released_at"),
    asOf: t("opendata.releases.col.as_of"),
    pages: t("opendata.releases.col.pages"),
    hash: t("opendata.releases.col.hash"),
    downloads: t("opendata.releases.col.downloads"),
  };
  return (
    <>
      <h1>{t("opendata.releases.title")}</h1>
      <p className="lead">{t("opendata.releases.lead")}</p>
      <p>
        <Link to="/open-data">{t("opendata.title")}</Link> · <Link to="/stats">{t("nav.stats")}</Link>
      </p>
      {rows.length === 0 ? (
        <p data-testid="releases-none">{t("opendata.releases.none")}</p>
      ) : (
        <table className="list dictionary" data-testid="releases">
          <thead>
            <tr>
              <th scope="col">{t("opendata.releases.col.no")}</th>
              <th scope="col">{head.released}</th>
              <th scope="col">{head.asOf}</th>
              <th scope="col">{head.pages}</th>
              <th scope="col">{head.hash}</th>
              <th scope="col">{head.downloads}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.no} data-release={r.no}>
                <th scope="row">{t("opendata.releases.no", { no: String(r.no) })}</th>
                <td data-label={head.released}>{formatPublicationTime(r.releasedAt, locale, timeZone)}</td>
                <td data-label={head.asOf}>{r.asOf}</td>
                <td data-label={head.pages}>{r.pages}</td>
                <td data-label={head.hash}>
                  <code className="hash">{r.contentHash}</code>
                </td>
                <td data-label={head.downloads}>
                  <a href={`/open-data/releases/${r.no}.csv`} download>
                    {t("opendata.releases.csv")}
                  </a>{" "}
                  ·{" "}
                  <a href={`/open-data/releases/${r.no}.json`} download>
                    {t("opendata.releases.json")}
                  </a>{" "}
                  · <Link to={`/open-data?release=${r.no}#stats-downloads-title`}>{t("opendata.releases.tables")}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages > 1 ? (
        <nav aria-label={t("opendata.releases.pager")} className="pager">
          <p>{t("opendata.releases.range", { page: String(page), pages: String(pages), total: String(total) })}</p>
          <p>
            {page > 1 ? <Link to={`/open-data/releases?page=${page - 1}`}>{t("opendata.releases.newer")}</Link> : null}
            {page > 1 && page < pages ? " · " : null}
            {page < pages ? <Link to={`/open-data/releases?page=${page + 1}`}>{t("opendata.releases.older")}</Link> : null}
          </p>
        </nav>
      ) : null}
      <h2>{t("opendata.releases.dictionary")}</h2>
      <p>
        {t("opendata.releases.dictionary.lead")} <Link to="/open-data#stats-dictionary-title">{t("opendata.stats.dictionary")}</Link>
      </p>
    </>
  );
}
