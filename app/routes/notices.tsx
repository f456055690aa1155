import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { WITHOUT_SCRIPTS } from "~/components/page-scripts";
import { localName, localeFromRequest, useLocale, useT } from "~/i18n";
import { noticesPage } from "~/services/published-notices.server";

/** A list and a GET form: the page does nothing in the browser its HTML does not (ADR 039). */
export const handle = WITHOUT_SCRIPTS;

export const meta: MetaFunction = () => [{ title: "Canary — 挂牌督办公告 / Major hazards under supervision" }];

/** Public list of the notices of supervised major hazards (docs/decisions/038), newest first; a province filter by GET. Works without JavaScript. */
export async function loader({ request }: LoaderFunctionArgs) {
  const page = await noticesPage(new URL(request.url).searchParams, localeFromRequest(request));
  // In the reader's language, chosen by a cookie: a shared cache keeps one copy per language.
  return data(page, { headers: { "Cache-Control": "public, max-age=60", Vary: "Cookie" } });
}

export default function Notices() {
  const { items, next, filter, provinces } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const nextQuery = new URLSearchParams(filter.province ? { province: filter.province } : {});
  if (next) nextQuery.set("after", next);
  return (
    <>
      <h1>{t("notices.title")}</h1>
      <p className="lead">{t("notices.lead")}</p>
      <p>
        <a href="/notices.atom">{t("notices.feed")}</a> · <Link to="/open-data">{t("notices.open_data")}</Link>
      </p>
      <Form method="get" className="filters" key={filter.province ?? ""}>
        <div className="field">
          <label htmlFor="n-province">{t("notices.filter.province")}</label>
          <select id="n-province" name="province" defaultValue={filter.province ?? ""}>
            <option value="">{t("notices.filter.any")}</option>
            {provinces.map((p) => (
              <option key={p.code} value={p.code}>
                {localName(locale, p)}
              </option>
            ))}
          </select>
        </div>
        <div className="actions">
          <button type="submit" className="button primary">
            {t("notices.filter.apply")}
          </button>{" "}
          {filter.province ? <Link to="/notices">{t("notices.filter.clear")}</Link> : null}
        </div>
      </Form>
      {items.length === 0 ? (
        <p>{t("notices.empty")}</p>
      ) : (
        <ol className="outcomes" data-testid="notices">
          {items.map((n) => (
            <li key={n.id} className="outcome" data-testid="notice" data-standing={n.standing}>
              <h2>
                <span className="outcome-ref">{n.subject}</span> · {t(`notices.standing.${n.standing}`)}
              </h2>
              <p className="outcome-place">
                {n.place} · {n.sector}
              </p>
              <dl className="notice-facts">
                <dt>{t("notices.agency_label")}</dt>
                <dd data-testid="notice-agency">{n.agency}</dd>
                <dt>{t("notices.due_label")}</dt>
                <dd data-testid="notice-due">{n.rectificationDueOn}</dd>
                <dt>{t("notices.progress_label")}</dt>
                <dd data-testid="notice-progress">
                  {n.progress.length === 1 ? (
                    n.progress[0]
                  ) : (
                    <ul>
                      {n.progress.map((line) => (
                        <li key={line}>{line}</li>
                      ))}
                    </ul>
                  )}
                </dd>
                {n.liftNote ? (
                  <>
                    <dt>{t("notices.lift_note_label")}</dt>
                    <dd data-testid="notice-lift-note">{n.liftNote}</dd>
                  </>
                ) : null}
              </dl>
              <p className="outcome-summary" lang={n.text.lang}>
                <span className="visually-hidden">{t("notices.text_label")}: </span>
                {n.text.text}
              </p>
              <p className="outcome-dates" data-testid="notice-dates">
                {n.liftedOn ? t("notices.lifted_line", { published: n.publishedOn, lifted: n.liftedOn }) : t("notices.published_line", { published: n.publishedOn })}
              </p>
            </li>
          ))}
        </ol>
      )}
      {next ? (
        <p>
          <Link to={`/notices?${nextQuery.toString()}`} rel="next">
            {t("notices.next")}
          </Link>
        </p>
      ) : null}
    </>
  );
}
