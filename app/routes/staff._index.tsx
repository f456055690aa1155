import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { can } from "~/domain/permissions";
import { localName, tKnown, useLocale, useT } from "~/i18n";
import { requireStaff } from "~/lib/staff-session.server";
import { listRepliesWaiting, REPLIES_WAITING_LIMIT, type WaitingReply } from "~/services/replies-waiting.server";

export const meta: MetaFunction = () => [{ title: "Canary — 工作台 / Staff workspace" }];
export const headers = () => ({ "Cache-Control": "no-store" });

/** The staff home after sign-in: where each role's work is. */
export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request);
  const done = new URL(request.url).searchParams.get("done");
  return {
    repliesWaiting: await listRepliesWaiting(staff),
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
      {data.repliesWaiting ? <RepliesWaiting waiting={data.repliesWaiting} triage={data.role === "triage_officer"} /> : null}
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

/** Where a waiting case opens: the desk reads every tip on its triage page (routed ones too: /staff/cases is the agencies'), the agencies on the case page. */
function caseLink(r: Pick<WaitingReply, "reference">, triage: boolean): string {
  return triage ? `/staff/triage/${r.reference}` : `/staff/cases/${r.reference}`;
}

function RepliesWaiting({ waiting, triage }: { waiting: { count: number; rows: WaitingReply[] }; triage: boolean }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="replies-waiting" data-testid="replies-waiting">
      <h2 id="replies-waiting">{t("news.waiting.title", { count: waiting.count })}</h2>
      <p className="hint">{t(triage ? "news.waiting.leadTriage" : "news.waiting.lead")}</p>
      {waiting.rows.length === 0 ? (
        <p>{t("news.waiting.empty")}</p>
      ) : (
        <table className="list">
          <thead>
            <tr>
              <th>{t("news.col.reference")}</th>
              <th>{t("news.col.sector")}</th>
              <th>{t("news.col.place")}</th>
              <th>{t("news.col.state")}</th>
              <th>{t("news.col.repliedOn")}</th>
              <th>{t("news.col.files")}</th>
              <th>{t("news.col.due")}</th>
            </tr>
          </thead>
          <tbody>
            {waiting.rows.map((r) => (
              <tr key={r.reference}>
                <td>
                  <Link to={caseLink(r, triage)}>{r.reference}</Link>
                </td>
                <td>{localName(locale, r.sector)}</td>
                <td>{localName(locale, r.place)}</td>
                <td>{tKnown(t, `staff.state.${r.state}`)}</td>
                <td>{r.repliedOn}</td>
                <td>{t(r.withFiles ? "news.files.yes" : "news.files.no")}</td>
                <td>{r.dueOn ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {waiting.count > waiting.rows.length ? <p className="hint">{t("news.waiting.more", { shown: REPLIES_WAITING_LIMIT })}</p> : null}
    </section>
  );
}
