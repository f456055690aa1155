import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, Outlet, useLoaderData } from "@remix-run/react";
import { CsrfInput } from "~/components/form-kit";
import { can } from "~/domain/permissions";
import { useT } from "~/i18n";
import { optionalStaff } from "~/lib/staff-session.server";

/** The staff area's frame: navigation by role once signed in. Each child route guards itself. */
export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await optionalStaff(request);
  return {
    staff: staff
      ? {
          displayName: staff.displayName,
          role: staff.role,
          csrf: staff.csrf,
          triage: can(staff.role, "triage.view_queue"),
          cases: can(staff.role, "case.view_assigned"),
          admin: can(staff.role, "admin.manage_staff"),
          supervision: can(staff.role, "supervision.view_subtree"),
          approvals: can(staff.role, "implication.decide"),
          ledger: can(staff.role, "ledger.read"),
          hotline: can(staff.role, "hotline.record"),
        }
      : null,
  };
}

export default function StaffLayout() {
  const { staff } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="staff-area">
      {staff ? (
        <nav className="staff-nav" aria-label={t("staff.nav.home")}>
          <Link to="/staff">{t("staff.nav.home")}</Link>
          {staff.hotline ? <Link to="/staff/hotline/new">{t("staff.nav.hotline")}</Link> : null}
          {staff.triage ? <Link to="/staff/triage">{t("staff.nav.triage")}</Link> : null}
          {staff.cases ? <Link to="/staff/cases">{t("staff.nav.cases")}</Link> : null}
          {staff.supervision ? <Link to="/staff/supervision">{t("staff.nav.supervision")}</Link> : null}
          {staff.supervision ? <Link to="/staff/reviews">{t("staff.nav.reviews")}</Link> : null}
          {staff.approvals ? <Link to="/staff/approvals">{t("staff.nav.approvals")}</Link> : null}
          {staff.admin ? <Link to="/staff/admin">{t("staff.nav.admin")}</Link> : null}
          {staff.admin ? <Link to="/staff/admin/rewards">{t("staff.nav.rewards")}</Link> : null}
          {staff.ledger ? <Link to="/staff/ledger">{t("staff.nav.ledger")}</Link> : null}
          <span className="who">{t("staff.signedInAs", { name: staff.displayName, role: t(`staff.role.${staff.role}`) })}</span>
          <Form method="post" action="/staff/sign-out" reloadDocument className="inline">
            <CsrfInput value={staff.csrf} />
            <button type="submit" name="scope" value="this" className="button secondary">
              {t("staff.nav.signOut")}
            </button>
            <button type="submit" name="scope" value="everywhere" className="button secondary">
              {t("staff.nav.signOutEverywhere")}
            </button>
          </Form>
        </nav>
      ) : null}
      <Outlet />
    </div>
  );
}
