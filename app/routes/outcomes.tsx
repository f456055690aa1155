import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { OutcomeCard } from "~/components/outcome-card";
import { OutcomeFilters } from "~/components/outcome-filters";
import { localeFromRequest, useLocale, useT } from "~/i18n";
import { outcomesPage } from "~/services/published-outcomes.server";
import { PLACE_PICKER_SCRIPT_ONLY } from "~/components/page-scripts";

export const meta: MetaFunction = () => [{ title: "Canary — 处理结果公开 / Published outcomes" }];

/** The filters work as plain HTML (GET forms): no framework; the place picker loads the next list with a small script of its own (ADR 044). */
export const handle = PLACE_PICKER_SCRIPT_ONLY;

/** Public list of closed cases' outcomes (GET filters, keyset pages of 50). Works without JavaScript. */
export async function loader({ request }: LoaderFunctionArgs) {
  const page = await outcomesPage(new URL(request.url).searchParams, localeFromRequest(request));
  // The page is in the reader's language, chosen by a cookie: a shared cache keeps one copy per language.
  return data(page, { headers: { "Cache-Control": "public, max-age=60", Vary: "Cookie" } });
}

export default function Outcomes() {
  const { items, next, filter, choice, sectors, places } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const nextQuery = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => typeof e[1] === "string"));
  if (next) nextQuery.set("after", next);
  return (
    <>
      <h1>{t("outcomes.title")}</h1>
      <p className="lead">{t("outcomes.lead")}</p>
      <p>
        <a href="/outcomes.atom">{t("outcomes.feed")}</a> · <Link to="/open-data">{t("outcomes.open_data")}</Link>
      </p>
      <OutcomeFilters filter={filter} choice={choice} sectors={sectors} places={places} t={t} locale={locale} />
      {items.length === 0 ? (
        <p>{t("outcomes.empty")}</p>
      ) : (
        <ol className="outcomes" data-testid="outcomes">
          {items.map((o) => (
            <OutcomeCard key={o.reference} o={o} t={t} locale={locale} />
          ))}
        </ol>
      )}
      {next ? (
        <p>
          <Link to={`/outcomes?${nextQuery.toString()}`} rel="next">
            {t("outcomes.next")}
          </Link>
        </p>
      ) : null}
    </>
  );
}
