import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { FigureList } from "~/components/statistics";
import { homeFigures } from "~/components/stats-view";
import { useLocale, useT } from "~/i18n";
import { formatPublicationTime, useTimeZone } from "~/i18n/time";
import { homeHeadline } from "~/services/statistics-release-read.server";
import { WITHOUT_SCRIPTS } from "~/components/page-scripts";

export const meta: MetaFunction = () => [{ title: "Canary" }];

/** Nothing on this page runs in the browser (ADR 039). */
export const handle = WITHOUT_SCRIPTS;

/** A few headline figures of the whole country over the last 12 months, as the current statistics release has them (see /stats); none before the first release. */
export async function loader() {
  const home = await homeHeadline();
  return home ? { headline: home.headline, period: home.period, release: { no: home.release.no, releasedAt: home.release.releasedAt } } : null;
}

export default function Home() {
  const home = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const timeZone = useTimeZone();
  const sections = ["what", "who", "next", "anon", "limits"] as const;
  return (
    <>
      <section className="hero">
        <h1>{t("home.title")}</h1>
        <p className="lead">{t("home.lead")}</p>
        <p className="actions">
          <Link className="button primary" to="/report">
            {t("home.cta.report")}
          </Link>
          <Link className="button" to="/status">
            {t("home.cta.status")}
          </Link>
        </p>
        <p>
          <Link to="/stats">{t("nav.stats")}</Link> · <Link to="/outcomes">{t("home.outcomes")}</Link> · <Link to="/notices">{t("home.notices")}</Link> · <Link to="/open-data">{t("home.openData")}</Link>
        </p>
      </section>
      <section aria-labelledby="home-figures" className="home-figures">
        {home ? (
          <>
            <h2 id="home-figures">
              {t("stats.home.title")} ({t("stats.period.option", { from: home.period.from, to: home.period.to })})
            </h2>
            {/* A hidden figure reads in words ("5 or more, withheld to protect tipsters"), as on /stats. */}
            <FigureList figures={homeFigures(home.headline)} label={(id) => t(`stats.figure.${id}` as Parameters<typeof t>[0])} t={t} locale={locale} />
            <p className="hint" data-testid="home-release">
              {t("stats.release.line", { no: String(home.release.no), at: formatPublicationTime(home.release.releasedAt, locale, timeZone) })}
            </p>
          </>
        ) : (
          <>
            <h2 id="home-figures">{t("stats.home.title")}</h2>
            <p data-testid="home-none">{t("stats.home.none")}</p>
          </>
        )}
        <p>
          <Link to="/stats">{t("stats.home.more")}</Link>
        </p>
      </section>
      <div className="cards">
        {sections.map((s) => (
          <section key={s} className={s === "limits" ? "card warning" : "card"}>
            <h2>{t(`home.${s}.title`)}</h2>
            <p>{t(`home.${s}.body`)}</p>
          </section>
        ))}
      </div>
    </>
  );
}
