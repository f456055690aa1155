import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { AdminErrorBoundary, AgencyFields, ErrorSummary, ReasonField } from "~/components/admin-form";
import { agencySchema, formValues, parseForm, type FieldErrors } from "~/forms/admin";
import { localName, useLocale, useT } from "~/i18n";
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
  if (!agency) throw new Response("Not found", { status: 404 });
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

type ActionData = { kind: "invalid"; values: Record<string, string>; errors: FieldErrors };
const invalid = (data: Omit<ActionData, "kind">, status = 400) => Response.json({ kind: "invalid", ...data }, { status }) as unknown as ActionData;

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireCapability(request, "admin.manage_agencies");
  const form = await readForm(request, "form");
  verifyStaffCsrf(staff, form);
  const id = params.id ?? "";
  const values = formValues(form);
  if (values.intent !== "update") return invalid({ values, errors: { form: ["admin.errors.unknownIntent"] } });
  if (!(await getAgency(id))) throw new Response("Not found", { status: 404 });
  const parsed = parseForm(agencySchema, values);
  if (!parsed.ok) return invalid({ values, errors: parsed.errors });
  const r = await updateAgency({ staffId: staff.staffId }, id, parsed.data);
  if (!r.ok) return invalid({ values, errors: r.errors }, r.status);
  return new Response(null, { status: 303, headers: { Location: `/staff/admin/agencies/${id}?done=updated` } });
}

export default function AgencyPage() {
  const { csrf, agency, placeLabel, departmentTypes, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const location = useLocation();
  const t = useT();
  const locale = useLocale();
  const errors: FieldErrors = actionData?.errors ?? {};
  const submitted = actionData?.values ?? null;
  const values: Record<string, string> = submitted ?? {
    nameZh: agency.nameZh,
    nameEn: agency.nameEn,
    departmentType: agency.departmentType,
    placeCode: agency.placeCode,
    inboxEmail: agency.inboxEmail,
  };

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
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate key={location.key}>
        <input type="hidden" name="csrf" value={csrf} />
        <AgencyFields departmentTypes={departmentTypes} errors={errors} values={values} active={submitted ? submitted.active === "on" : agency.active} />
        <ReasonField id="reason" errors={errors.reason} defaultValue={submitted?.reason ?? ""} />
        <p>
          <button type="submit" name="intent" value="update" className="button primary" disabled={navigation.state === "submitting"}>
            {t("admin.save")}
          </button>
        </p>
      </Form>
    </>
  );
}

export { AdminErrorBoundary as ErrorBoundary };
