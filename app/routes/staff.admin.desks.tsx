import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/route-error-boundary";
import { LEVELS } from "~/domain/places";
import { localName, useLocale, useT } from "~/i18n";
import { requireCapability } from "~/lib/staff-session.server";
import { listDeskGaps, UNSTAFFED_LIST_LIMIT } from "~/services/admin-list-desks.server";

export const meta: MetaFunction = () => [{ title: "Canary — 受理台 / Triage desks" }];

/** Desks without staff and the tips waiting at each level: a gap in the directory shows before a tip falls into it. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireCapability(request, "admin.manage_agencies");
  return listDeskGaps();
}

export default function Desks() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <h1>{t("admin.desks.title")}</h1>
      <p>{t("admin.desks.lead")}</p>
      {data.nationalStaffed ? null : (
        <p className="error-summary" role="alert">
          {t("admin.desks.nationalUnstaffed")}
        </p>
      )}
      <h2>{t("admin.desks.waiting.title")}</h2>
      <table className="list">
        <thead>
          <tr>
            <th scope="col">{t("admin.desks.level")}</th>
            <th scope="col">{t("admin.desks.waiting.count")}</th>
          </tr>
        </thead>
        <tbody>
          {[...LEVELS].reverse().map((level) => (
            <tr key={level} data-level={level}>
              <th scope="row">{t(`admin.desks.level.${level}`)}</th>
              <td>{data.waiting[level]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t("admin.desks.provinces.title")}</h2>
      {data.provincesWithoutDesk.length === 0 ? (
        <p>{t("admin.desks.provinces.none")}</p>
      ) : (
        <>
          <p>{t("admin.desks.provinces.lead", { count: data.provincesWithoutDesk.length })}</p>
          <ul id="provinces-without-desk">
            {data.provincesWithoutDesk.map((p) => (
              <li key={p.code}>
                {localName(locale, p)} ({p.code})
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>{t("admin.desks.unstaffed.title")}</h2>
      {data.unstaffed.length === 0 ? (
        <p>{t("admin.desks.unstaffed.none")}</p>
      ) : (
        <>
          <p>{t("admin.desks.unstaffed.lead", { count: data.unstaffedTotal })}</p>
          {data.unstaffedTotal > UNSTAFFED_LIST_LIMIT ? <p className="hint">{t("admin.list.truncated")}</p> : null}
          <table className="list" id="unstaffed-desks">
            <thead>
              <tr>
                <th scope="col">{t("admin.agencies.name")}</th>
                <th scope="col">{t("admin.agencies.place")}</th>
                <th scope="col">{t("admin.desks.level")}</th>
              </tr>
            </thead>
            <tbody>
              {data.unstaffed.map((d) => (
                <tr key={d.id}>
                  <td>
                    <Link to={`/staff/admin/agencies/${d.id}`}>{localName(locale, d)}</Link>
                  </td>
                  <td>{d.placeCode}</td>
                  <td>{t(`admin.desks.level.${d.level}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
