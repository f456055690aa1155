import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AgencyFieldset, Reason } from "~/components/admin-form";
import { CsrfInput, ErrorSummary, formProps, useFormFor } from "~/components/form-kit";
import { RouteErrorBoundary } from "~/components/route-error-boundary";
import { agencySchema, type AgencyInput } from "~/forms/admin";
import { localName, useLocale, useT } from "~/i18n";
import { AppError } from "~/lib/app-error";
import { intent, refusal, seeOther, submitIntent } from "~/lib/route-edge.server";
import { requireCapability, verifyStaffCsrf } from "~/lib/staff-session.server";
import { getAgency } from "~/services/admin-get-agency.server";
import { listDepartmentTypes, placeLabels } from "~/services/admin-reference.server";
import { updateAgency } from "~/services/admin-update-agency.server";
import { readForm } from "~/lib/request-body.server";

export const meta: MetaFunction = () => [{ title: "Canary — 承办单位 / Agency" }];

const DONE = ["created", "updated"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireCapability(request, "admin.manage_agencies");
  const agency = await getAgency(params.id ?? "");
  if (!agency) throw refusal(new AppError("not_found"));
  const done = new URL(request.url).searchParams.get("done");
  const [departmentTypes, labels] = await Promise.all([listDepartmentTypes(), placeLabels([agency.placeCode])]);
  return {
    csrf: staff.csrf,
    agency,
    placeLabel: labels[agency.placeCode] ?? null,
    departmentTypes,
    done: DONE.find((d) => d === done) ?? null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireCapability(request, "admin.manage_agencies");
  const form = await readForm(request, "form");
  verifyStaffCsrf(staff, form);
  const id = params.id ?? "";
  if (!(await getAgency(id))) throw refusal(new AppError("not_found"));
  return submitIntent(form, {
    update: intent(agencySchema, async (input) => {
      await updateAgency({ staffId: staff.staffId }, id, input);
      return seeOther(`/staff/admin/agencies/${id}?done=updated`);
    }),
  });
}

export default function AgencyPage() {
  const { csrf, agency, placeLabel, departmentTypes, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useFormFor<AgencyInput>("update", actionData, {
    defaultValue: { nameZh: agency.nameZh, nameEn: agency.nameEn, departmentType: agency.departmentType, placeCode: agency.placeCode, inboxEmail: agency.inboxEmail },
  });
  const navigation = useNavigation();
  const t = useT();
  const locale = useLocale();

  return (
    <>
      <p>
        <Link to="/staff/admin/agencies">{t("admin.agencies.title")}</Link>
      </p>
      <h1>{localName(locale, agency)}</h1>
      {done ? (
        <p className="notice" role="status">
          {t(`admin.done.${done}`)}
        </p>
      ) : null}
      <dl className="facts">
        <dt>{t("admin.agencies.place")}</dt>
        <dd>
          {placeLabel ? (locale === "en" ? placeLabel.en : placeLabel.zh) : null} <span className="hint">{agency.placeCode}</span>
        </dd>
        <dt>{t("admin.agencies.status")}</dt>
        <dd>{t(agency.active ? "admin.agencies.active" : "admin.agencies.inactive")}</dd>
      </dl>

      <h2>{t("admin.agencies.edit.title")}</h2>
      <ErrorSummary form={form} />
      <Form method="post" {...formProps(form)}>
        <CsrfInput value={csrf} />
        <AgencyFieldset fields={fields} departmentTypes={departmentTypes} active={agency.active} />
        <Reason meta={fields.reason} />
        <p>
          <button type="submit" name="intent" value="update" className="button primary" disabled={navigation.state === "submitting"}>
            {t("admin.save")}
          </button>
        </p>
      </Form>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
