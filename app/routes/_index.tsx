import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useT } from "~/i18n";

export const meta: MetaFunction = () => [{ title: "Canary" }];

export default function Home() {
  const t = useT();
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
          <Link to="/outcomes">{t("home.outcomes")}</Link> · <Link to="/open-data">{t("home.openData")}</Link>
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
