import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Reason } from "~/components/admin-form";
import { rowFormId } from "~/components/decision-table";
import { CsrfInput, ErrorSummary, FormErrors, formProps, SelectField, StrayErrors, TextField, useFormFor } from "~/components/form-kit";
import { RouteErrorBoundary } from "~/components/route-error-boundary";
import { REASON_MAX, routingOverrideDeleteSchema, routingOverrideSchema, type RoutingOverrideInput } from "~/forms/admin";
import { localName, useLocale, useT } from "~/i18n";
import { requireCapability, verifyStaffCsrf } from "~/lib/staff-session.server";
import { createRoutingOverride } from "~/services/admin-create-routing-override.server";
import { deleteRoutingOverride } from "~/services/admin-delete-routing-override.server";
import { listRouting } from "~/services/admin-list-routing.server";
import { listDepartmentTypes, placeLabels } from "~/services/admin-reference.server";
import { readForm } from "~/lib/request-body.server";
import { intent, seeOther } from "~/lib/route-edge.server";
import { submitRowIntent } from "~/lib/row-forms.server";

export const meta: MetaFunction = () => [{ title: "Canary — 交办规则 / Routing rules" }];

const DONE = ["created", "deleted"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireCapability(request, "admin.manage_routing");
  const done = new URL(request.url).searchParams.get("done");
  const [routing, departmentTypes] = await Promise.all([listRouting(), listDepartmentTypes()]);
  return {
    csrf: staff.csrf,
    ...routing,
    labels: await placeLabels([...new Set(routing.overrides.map((o) => o.regionCode))]),
    departmentTypes,
    done: DONE.find((d) => d === done) ?? null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireCapability(request, "admin.manage_routing");
  const form = await readForm(request, "form");
  verifyStaffCsrf(staff, form);
  const actor = { staffId: staff.staffId };
  return submitRowIntent(form, "id", {
    create: intent(routingOverrideSchema, async (input) => {
      await createRoutingOverride(actor, input);
      return seeOther("/staff/admin/routing?done=created");
    }),
    delete: intent(routingOverrideDeleteSchema, async ({ id, reason }) => {
      await deleteRoutingOverride(actor, id, reason);
      return seeOther("/staff/admin/routing?done=deleted");
    }),
  }, { rowOptional: ["create"] });
}

export default function Routing() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const locale = useLocale();
  const busy = navigation.state === "submitting";
  const [form, fields] = useFormFor<RoutingOverrideInput>("create", actionData);
  const typeName = (code: string | null) => {
    const d = data.departmentTypes.find((x) => x.code === code);
    return d ? localName(locale, d) : t("admin.routing.triageDecides");
  };
  const regionLabel = (code: string) => {
    const l = data.labels[code];
    return l ? (locale === "en" ? l.en : l.zh) : code;
  };

  return (
    <>
      <p>
        <Link to="/staff/admin">{t("admin.title")}</Link>
      </p>
      <h1>{t("admin.routing.title")}</h1>
      <ErrorSummary form={form} atTop />
      <p>{t("admin.routing.lead")}</p>
      <p>
        <a href="#add">{t("admin.routing.add.title")}</a>
      </p>
      {data.done ? (
        <p className="notice" role="status">
          {t(`admin.done.${data.done}`)}
        </p>
      ) : null}
      <StrayErrors actionData={actionData} shown={["create", ...data.overrides.map((o) => rowFormId("delete", o.id))]} />

      <h2>{t("admin.routing.overrides")}</h2>
      {data.overrides.length === 0 ? (
        <p>{t("admin.routing.none")}</p>
      ) : (
        <table className="list">
          <thead>
            <tr>
              <th scope="col">{t("admin.routing.col.region")}</th>
              <th scope="col">{t("admin.routing.sector")}</th>
              <th scope="col">{t("admin.routing.default")}</th>
              <th scope="col">{t("admin.routing.departmentType")}</th>
              <th scope="col">{t("admin.routing.delete")}</th>
            </tr>
          </thead>
          <tbody>
            {data.overrides.map((o) => {
              return (
                <tr key={o.id}>
                  <td>
                    {regionLabel(o.regionCode)} <span className="hint">{o.regionCode}</span>
                  </td>
                  <td>{locale === "en" ? o.sectorNameEn : o.sectorNameZh}</td>
                  <td>{typeName(data.defaults.find((s) => s.code === o.sectorCode)?.departmentType ?? null)}</td>
                  <td>{locale === "en" ? o.departmentTypeNameEn : o.departmentTypeNameZh}</td>
                  <td>
                    <DeleteForm csrf={data.csrf} overrideId={o.id} actionData={actionData} busy={busy} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}

      <h2 id="add">{t("admin.routing.add.title")}</h2>
      <p className="hint">{t("admin.routing.add.lead")}</p>
      <Form method="post" {...formProps(form)}>
        <CsrfInput value={data.csrf} />
        <TextField meta={fields.regionCode} label={t("admin.routing.region")} hint={t("admin.placeCode.hint")} inputMode="numeric" maxLength={6} className="short" />
        <SelectField meta={fields.sectorCode} label={t("admin.routing.sector")} choices={data.defaults.map((s) => ({ value: s.code, label: localName(locale, s) }))} choose={t("admin.choose")} />
        <SelectField
          meta={fields.departmentType}
          label={t("admin.routing.departmentType")}
          choices={data.departmentTypes.map((d) => ({ value: d.code, label: localName(locale, d) }))}
          choose={t("admin.choose")}
        />
        <Reason meta={fields.reason} />
        <p>
          <button type="submit" name="intent" value="create" className="button primary" disabled={busy}>
            {t("admin.routing.add.submit")}
          </button>
        </p>
      </Form>

      <h2>{t("admin.routing.defaults")}</h2>
      <p className="hint">{t("admin.routing.defaults.lead")}</p>
      <table className="list">
        <thead>
          <tr>
            <th scope="col">{t("admin.routing.sector")}</th>
            <th scope="col">{t("admin.routing.departmentType")}</th>
          </tr>
        </thead>
        <tbody>
          {data.defaults.map((s) => (
            <tr key={s.code}>
              <td>{localName(locale, s)}</td>
              <td>{typeName(s.departmentType)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** Deleting one override: a reason, in the override's row. */
function DeleteForm({ csrf, overrideId, actionData, busy }: { csrf: string; overrideId: string; actionData: unknown; busy: boolean }) {
  const t = useT();
  const [form, fields] = useFormFor<{ id: string; reason: string }>(rowFormId("delete", overrideId), actionData);
  return (
    <Form method="post" {...formProps(form)}>
      <FormErrors form={form} />
      <CsrfInput value={csrf} />
      <input type="hidden" name="id" value={overrideId} />
      <TextField meta={fields.reason} label={t("admin.reason")} maxLength={REASON_MAX} />
      <button type="submit" name="intent" value="delete" className="button secondary" disabled={busy}>
        {t("admin.routing.delete")}
      </button>
    </Form>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
