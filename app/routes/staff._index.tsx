import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { can } from "~/domain/permissions";
import { localName, useLocale, useT } from "~/i18n";
import { requireStaff } from "~/lib/staff-session.server";

export const meta: MetaFunction = () => [{ title: "Canary — 工作台 / Staff workspace" }];
export const headers = () => ({ "Cache-Control": "no-store" });

/** The staff home after sign-in: where each role's work is. */
export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request);
  const done = new URL(request.url).searchParams.get("done");
  return {
    displayName: staff.displayName,
    role: staff.role,
    agency: staff.agency ? { nameZh: staff.agency.nameZh, nameEn: staff.agency.nameEn } : null,
    links: {
      triage: can(staff.role, "triage.view_queue"),
      cases: can(staff.role, "case.view_assigned"),
      supervision: can(staff.role, "supervision.view_subtree"),
      admin: can(staff.role, "admin.manage_staff"),
      ledger: can(staff.role, "ledger.read"),
      hotline: can(staff.role, "hotline.record"),
    },
    passwordChanged: done === "password",
  };
}

export default function StaffHome() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const cards: { key: "hotline" | "triage" | "cases" | "admin" | "ledger"; to: string; show: boolean }[] = [
    { key: "hotline", to: "/staff/hotline/new", show: data.links.hotline },
    { key: "triage", to: "/staff/triage", show: data.links.triage },
    { key: "cases", to: "/staff/cases", show: data.links.cases },
    { key: "admin", to: "/staff/admin", show: data.links.admin },
    { key: "ledger", to: "/staff/ledger", show: data.links.ledger },
  ];
  return (
    <section className="staff-home">
      <h1>{t("auth.home.title")}</h1>
      {data.passwordChanged ? (
        <p className="notice" role="status">
          {t("auth.password.changed")}
        </p>
      ) : null}
      <p>
        {t("auth.home.welcome", { name: data.displayName, role: t(`staff.role.${data.role}`) })}
        {data.agency ? " " + t("auth.home.agency", { agency: localName(locale, data.agency) }) : null}
      </p>
      <div className="cards">
        {cards
          .filter((c) => c.show)
          .map((c) => (
            <div className="card" key={c.key}>
              <h2>
                <Link to={c.to}>{t(`auth.home.${c.key}.title`)}</Link>
              </h2>
              <p>{t(c.key === "cases" && data.links.supervision ? "auth.home.cases.supervisor" : `auth.home.${c.key}.body`)}</p>
            </div>
          ))}
      </div>
      <h2>{t("auth.home.account")}</h2>
      <ul>
        <li>
          <Link to="/staff/password">{t("auth.home.changePassword")}</Link>
        </li>
      </ul>
      <p className="hint">{t("auth.home.signOutHint")}</p>
    </section>
  );
}
