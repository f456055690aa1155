import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/route-error-boundary";
import { can } from "~/domain/permissions";
import { useT } from "~/i18n";
import { requireCapability } from "~/lib/staff-session.server";

export const meta: MetaFunction = () => [{ title: "Canary — 系统管理 / Administration" }];

/** The administration overview: what an administrator can change, and where. */
export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireCapability(request, "admin.manage_staff");
  return {
    staff: can(staff.role, "admin.manage_staff"),
    agencies: can(staff.role, "admin.manage_agencies"),
    routing: can(staff.role, "admin.manage_routing"),
    statistics: can(staff.role, "statistics.publish"),
  };
}

export default function AdminOverview() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{t("admin.title")}</h1>
      <p>{t("admin.lead")}</p>
      <div className="cards">
        {data.staff ? (
          <section className="card">
            <h2>
              <Link to="/staff/admin/staff">{t("admin.staff.title")}</Link>
            </h2>
            <p>{t("admin.overview.staff")}</p>
          </section>
        ) : null}
        {data.staff ? (
          <section className="card">
            <h2>
              <Link to="/staff/admin/approvals">{t("admin.approvals.title")}</Link>
            </h2>
            <p>{t("admin.overview.approvals")}</p>
          </section>
        ) : null}
        {data.agencies ? (
          <section className="card">
            <h2>
              <Link to="/staff/admin/agencies">{t("admin.agencies.title")}</Link>
            </h2>
            <p>{t("admin.overview.agencies")}</p>
          </section>
        ) : null}
        {data.agencies ? (
          <section className="card">
            <h2>
              <Link to="/staff/admin/directory">{t("admin.directory.title")}</Link>
            </h2>
            <p>{t("admin.overview.directory")}</p>
          </section>
        ) : null}
        {data.agencies ? (
          <section className="card">
            <h2>
              <Link to="/staff/admin/desks">{t("admin.desks.title")}</Link>
            </h2>
            <p>{t("admin.overview.desks")}</p>
          </section>
        ) : null}
        {data.routing ? (
          <section className="card">
            <h2>
              <Link to="/staff/admin/routing">{t("admin.routing.title")}</Link>
            </h2>
            <p>{t("admin.overview.routing")}</p>
          </section>
        ) : null}
        {data.routing ? (
          <section className="card">
            <h2>
              <Link to="/staff/admin/keywords">{t("admin.keywords.title")}</Link>
            </h2>
            <p>{t("admin.keywords.overview")}</p>
          </section>
        ) : null}
        {data.statistics ? (
          <section className="card">
            <h2>
              <Link to="/staff/admin/statistics">{t("admin.statistics.title")}</Link>
            </h2>
            <p>{t("admin.statistics.overview")}</p>
          </section>
        ) : null}
      </div>
      <p className="hint">{t("admin.overview.ledger")}</p>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
