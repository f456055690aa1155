import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { localName, useLocale, useT } from "~/i18n";
import { listSectors } from "~/services/list-sectors.server";
import { FINDINGS } from "~/domain/outcomes";
import { decodeCursor, listPublishedOutcomes, parseOutcomeFilter } from "~/services/published-outcomes.server";

export const meta: MetaFunction = () => [{ title: "Canary — 处理结果公开 / Published outcomes" }];

/** Public list of closed cases' outcomes (GET filters, keyset pages of 50). Works without JavaScript. */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const filter = parseOutcomeFilter(url.searchParams);
  const page = await listPublishedOutcomes(filter, decodeCursor(url.searchParams.get("after")));
  const items = page.items.map(({ seq: _seq, ...o }) => o);
  return data({ items, next: page.next, filter, sectors: await listSectors() }, { headers: { "Cache-Control": "public, max-age=60" } });
}

export default function Outcomes() {
  const { items, next, filter, sectors } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const nextQuery = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => typeof e[1] === "string"));
  if (next) nextQuery.set("after", next);
  const yes = (b: boolean) => (b ? t("outcomes.yes") : t("outcomes.no"));
  return (
    <>
      <h1>{t("outcomes.title")}</h1>
      <p className="lead">{t("outcomes.lead")}</p>
      <p>
        <a href="/outcomes.atom">{t("outcomes.feed")}</a> · <Link to="/open-data">{t("outcomes.open_data")}</Link>
      </p>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="o-sector">{t("outcomes.filter.sector")}</label>
          <select id="o-sector" name="sector" defaultValue={filter.sector ?? ""}>
            <option value="">{t("outcomes.filter.any")}</option>
            {sectors.map((s) => (
              <option key={s.code} value={s.code}>
                {localName(locale, s)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="o-place">{t("outcomes.filter.place")}</label>
          <input id="o-place" name="place" inputMode="numeric" pattern="[0-9]{6}" size={8} defaultValue={filter.place ?? ""} aria-describedby="o-place-hint" />
          <p id="o-place-hint" className="hint">
            {t("outcomes.filter.place_hint")}
          </p>
        </div>
        <div className="field">
          <label htmlFor="o-finding">{t("outcomes.filter.finding")}</label>
          <select id="o-finding" name="finding" defaultValue={filter.finding ?? ""}>
            <option value="">{t("outcomes.filter.any")}</option>
            {FINDINGS.map((f) => (
              <option key={f} value={f}>
                {t(`outcomes.finding.${f}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="o-from">{t("outcomes.filter.from")}</label>
          <input id="o-from" name="from" type="date" defaultValue={filter.from ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="o-to">{t("outcomes.filter.to")}</label>
          <input id="o-to" name="to" type="date" defaultValue={filter.to ?? ""} />
        </div>
        <button type="submit" className="button primary">
          {t("outcomes.filter.apply")}
        </button>
        <Link to="/outcomes">{t("outcomes.filter.clear")}</Link>
      </Form>
      {items.length === 0 ? (
        <p>{t("outcomes.empty")}</p>
      ) : (
        <ol className="outcomes" data-testid="outcomes">
          {items.map((o) => (
            <li key={o.reference} className="card">
              <h2>
                {o.reference} · {localName(locale, o.sector)}
              </h2>
              <dl>
                <dt>{t("outcomes.place")}</dt>
                <dd>{locale === "en" ? o.place.pathEn : o.place.pathZh}</dd>
                <dt>{t("outcomes.dates")}</dt>
                <dd>
                  {t("outcomes.submitted_on")} {o.submittedOn}
                  {o.concludedOn ? ` · ${t("outcomes.concluded_on")} ${o.concludedOn}` : ""} · {t("outcomes.closed_on")} {o.closedOn}
                </dd>
                <dt>{t("outcomes.finding")}</dt>
                <dd>{t(`outcomes.finding.${o.finding}`)}</dd>
                <dt>{t("outcomes.actions")}</dt>
                <dd>
                  <ul>
                    <li>
                      {t("outcomes.action.rectification")}: {yes(o.actions.rectificationOrdered)}
                      {o.actions.rectificationDueOn ? ` (${t("outcomes.action.deadline")} ${o.actions.rectificationDueOn})` : ""}
                    </li>
                    {o.actions.fineCny !== null ? (
                      <li>
                        {t("outcomes.action.fine")}: {o.actions.fineCny.toLocaleString(locale)} CNY
                      </li>
                    ) : null}
                    <li>
                      {t("outcomes.action.suspension")}: {yes(o.actions.suspension)}
                    </li>
                    <li>
                      {t("outcomes.action.closure")}: {yes(o.actions.closure)}
                    </li>
                    <li>
                      {t("outcomes.action.criminal_referral")}: {yes(o.actions.criminalReferral)}
                    </li>
                    <li>
                      {t("outcomes.action.officials")}: {o.actions.officialsHeldAccountable}
                    </li>
                    <li>
                      {t("outcomes.action.admonitory_talk")}: {yes(o.actions.admonitoryTalk)}
                    </li>
                  </ul>
                </dd>
                <dt>{t("outcomes.summary")}</dt>
                <dd>
                  <p lang="zh-CN">{o.summaryZh}</p>
                  {o.summaryEn ? <p lang="en">{o.summaryEn}</p> : null}
                </dd>
              </dl>
            </li>
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
