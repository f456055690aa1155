import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AgencyFieldset, Reason } from "~/components/admin-form";
import { describedBy, Field } from "~/components/field";
import { CsrfInput, ErrorSummary, formProps, useFormFor } from "~/components/form-kit";
import { RouteErrorBoundary } from "~/components/route-error-boundary";
import { agencySchema, type AgencyInput } from "~/forms/admin";
import { localName, useLocale, useT } from "~/i18n";
import { intent, seeOther, submitIntent } from "~/lib/route-edge.server";
import { requireCapability, verifyStaffCsrf } from "~/lib/staff-session.server";
import { createAgency } from "~/services/admin-create-agency.server";
import { listAgencies } from "~/services/admin-list-agencies.server";
import { listDepartmentTypes, placeLabels } from "~/services/admin-reference.server";
import { readForm } from "~/lib/request-body.server";

export const meta: MetaFunction = () => [{ title: "Canary — 承办单位 / Agencies" }];

const STATUSES = ["active", "inactive", "all"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireCapability(request, "admin.manage_agencies");
  const url = new URL(request.url);
  const region = url.searchParams.get("region")?.trim() ?? "";
  const type = url.searchParams.get("type")?.trim() ?? "";
  const status = STATUSES.find((s) => s === url.searchParams.get("status")) ?? "all";
  const regionValid = /^\d{6}$/.test(region);
  const [list, departmentTypes] = await Promise.all([
    listAgencies({ region: regionValid ? region : undefined, departmentType: type || undefined, active: status === "all" ? undefined : status === "active" }),
    listDepartmentTypes(),
  ]);
  const labels = await placeLabels([...new Set([...list.rows.map((r) => r.placeCode), ...(regionValid ? [region] : [])])]);
  return {
    csrf: staff.csrf,
    filter: { region, type, status, regionError: region !== "" && (!regionValid || !labels[region]) },
    regionLabel: regionValid ? (labels[region] ?? null) : null,
    ...list,
    labels,
    departmentTypes,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireCapability(request, "admin.manage_agencies");
  const form = await readForm(request, "form");
  verifyStaffCsrf(staff, form);
  return submitIntent(form, {
    create: intent(agencySchema, async (input) => {
      const { agencyId } = await createAgency({ staffId: staff.staffId }, input);
      return seeOther(`/staff/admin/agencies/${agencyId}?done=created`);
    }),
  });
}

export default function Agencies() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useFormFor<AgencyInput>("create", actionData);
  const navigation = useNavigation();
  const t = useT();
  const locale = useLocale();
  const regionErrors = data.filter.regionError ? ["admin.errors.place.unknown"] : undefined;
  const label = (code: string) => {
    const l = data.labels[code];
    return l ? (locale === "en" ? l.en : l.zh) : code;
  };

  return (
    <>
      <p>
        <Link to="/staff/admin">{t("admin.title")}</Link>
      </p>
      <h1>{t("admin.agencies.title")}</h1>
      <ErrorSummary form={form} atTop />
      <p>
        <a href="#new-agency">{t("admin.agencies.create.title")}</a> · <Link to="/staff/admin/directory">{t("admin.directory.title")}</Link>
      </p>

      <form method="get" className="filters">
        <Field id="region" label={t("admin.agencies.filter.region")} hint={t("admin.placeCode.hint")} errors={regionErrors}>
          <input id="region" name="region" inputMode="numeric" pattern="\d{6}" maxLength={6} className="short" defaultValue={data.filter.region} {...describedBy("region", { errors: regionErrors })} />
        </Field>
        <Field id="type" label={t("admin.agencies.departmentType")}>
          <select id="type" name="type" defaultValue={data.filter.type}>
            <option value="">{t("admin.filter.all")}</option>
            {data.departmentTypes.map((d) => (
              <option key={d.code} value={d.code}>
                {localName(locale, d)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="status" label={t("admin.agencies.status")}>
          <select id="status" name="status" defaultValue={data.filter.status}>
            <option value="all">{t("admin.filter.all")}</option>
            <option value="active">{t("admin.agencies.active")}</option>
            <option value="inactive">{t("admin.agencies.inactive")}</option>
          </select>
        </Field>
        <button type="submit" className="button secondary">
          {t("admin.filter.apply")}
        </button>
      </form>
      {data.regionLabel ? <p className="hint">{t("admin.agencies.filter.within", { region: locale === "en" ? data.regionLabel.en : data.regionLabel.zh })}</p> : null}

      {data.rows.length === 0 ? (
        <p>{t("admin.agencies.none")}</p>
      ) : (
        <table className="list">
          <thead>
            <tr>
              <th scope="col">{t("admin.agencies.name")}</th>
              <th scope="col">{t("admin.agencies.place")}</th>
              <th scope="col">{t("admin.agencies.departmentType")}</th>
              <th scope="col">{t("admin.agencies.col.inbox")}</th>
              <th scope="col">{t("admin.agencies.staffCount")}</th>
              <th scope="col">{t("admin.agencies.status")}</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link to={`/staff/admin/agencies/${r.id}`}>{localName(locale, r)}</Link>
                </td>
                <td>
                  {label(r.placeCode)} <span className="hint">{r.placeCode}</span>
                </td>
                <td>{locale === "en" ? r.departmentTypeNameEn : r.departmentTypeNameZh}</td>
                <td>{r.inboxEmail}</td>
                <td>{r.staffCount}</td>
                <td>{r.active ? t("admin.agencies.active") : <span className="badge alert">{t("admin.agencies.inactive")}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data.truncated ? <p className="hint">{t("admin.list.truncated")}</p> : null}

      <h2 id="new-agency">{t("admin.agencies.create.title")}</h2>
      <Form method="post" {...formProps(form)}>
        <CsrfInput value={data.csrf} />
        <AgencyFieldset fields={fields} departmentTypes={data.departmentTypes} active />
        <Reason meta={fields.reason} />
        <p>
          <button type="submit" name="intent" value="create" className="button primary" disabled={navigation.state === "submitting"}>
            {t("admin.agencies.create.submit")}
          </button>
        </p>
      </Form>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
