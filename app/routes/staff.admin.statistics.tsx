import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { ActionNotice } from "~/components/action-notice";
import { CsrfInput } from "~/components/form-kit";
import { RouteErrorBoundary } from "~/components/route-error-boundary";
import { publishNowSchema } from "~/forms/statistics-release";
import { useT } from "~/i18n";
import { useLocalTime } from "~/i18n/time";
import { env } from "~/lib/env.server";
import { readForm } from "~/lib/request-body.server";
import { intent, seeOther, submitIntent } from "~/lib/route-edge.server";
import { requireCapability, verifyStaffCsrf } from "~/lib/staff-session.server";
import { requestStatisticsRelease } from "~/services/admin-request-statistics-release.server";
import { listStatisticsReleases } from "~/services/admin-list-statistics-releases.server";

export const meta: MetaFunction = () => [{ title: "Canary — 统计发布 / Statistics releases" }];

/** The statistics releases (ADR 041): those published, and "publish now". Administrators only. */
export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireCapability(request, "statistics.publish");
  const done = new URL(request.url).searchParams.get("done") === "queued" ? "queued" : null;
  const { releases, waiting } = await listStatisticsReleases();
  return { csrf: staff.csrf, releases, waiting, done, releaseAt: env().statisticsReleaseAt, timeZone: env().timeZone };
}

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireCapability(request, "statistics.publish");
  const form = await readForm(request, "form");
  verifyStaffCsrf(staff, form);
  return submitIntent(form, {
    publish: intent(publishNowSchema, async () => {
      await requestStatisticsRelease({ staffId: staff.staffId, role: staff.role });
      return seeOther("/staff/admin/statistics?done=queued#notice");
    }),
  });
}

export default function StatisticsReleases() {
  const data = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const location = useLocation();
  const t = useT();
  const when = useLocalTime();
  const busy = navigation.state === "submitting";
  return (
    <>
      <p>
        <Link to="/staff/admin">{t("admin.title")}</Link>
      </p>
      <h1>{t("admin.statistics.title")}</h1>
      {data.done ? <ActionNotice arrival={location.key}>{t("admin.statistics.done.queued")}</ActionNotice> : null}
      <p>{t("admin.statistics.lead", { at: data.releaseAt, zone: data.timeZone })}</p>
      {data.waiting > 0 ? <p className="hint">{t("admin.statistics.pending", { count: data.waiting })}</p> : null}

      <h2 id="publish">{t("admin.statistics.publish.title")}</h2>
      <p>{t("admin.statistics.publish.lead")}</p>
      <Form method="post">
        <CsrfInput value={data.csrf} />
        <p>
          <button type="submit" name="intent" value="publish" className="button primary" disabled={busy}>
            {t("admin.statistics.publish.submit")}
          </button>
        </p>
      </Form>

      <h2 id="releases">{t("admin.statistics.releases.title")}</h2>
      {data.releases.length === 0 ? (
        <p>{t("admin.statistics.releases.none")}</p>
      ) : (
        <table className="list">
          <thead>
            <tr>
              <th scope="col">{t("admin.statistics.col.number")}</th>
              <th scope="col">{t("admin.statistics.col.releasedAt")}</th>
              <th scope="col">{t("admin.statistics.col.asOf")}</th>
              <th scope="col">{t("admin.statistics.col.trigger")}</th>
              <th scope="col">{t("admin.statistics.col.pages")}</th>
              <th scope="col">{t("admin.statistics.col.hash")}</th>
            </tr>
          </thead>
          <tbody>
            {data.releases.map((r) => (
              <tr key={r.releaseNo}>
                <td>{r.releaseNo}</td>
                <td>{when(r.releasedAt)}</td>
                <td>{r.asOf}</td>
                <td>{t(`admin.statistics.trigger.${r.trigger}`)}</td>
                <td>{r.pages}</td>
                <td>
                  <code>{r.hashPrefix}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
