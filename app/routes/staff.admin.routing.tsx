import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { AdminErrorBoundary, ErrorSummary, ReasonField } from "~/components/admin-form";
import { describedBy, Field, translateError } from "~/components/field";
import { formValues, parseForm, REASON_MAX, REASON_MIN, routingOverrideDeleteSchema, routingOverrideSchema, type FieldErrors } from "~/forms/admin";
import { localName, useLocale, useT } from "~/i18n";
import { requireCapability, verifyStaffCsrf } from "~/lib/staff-session.server";
import { createRoutingOverride } from "~/services/admin-create-routing-override.server";
import { deleteRoutingOverride } from "~/services/admin-delete-routing-override.server";
import { listRouting } from "~/services/admin-list-routing.server";
import { listDepartmentTypes, placeLabels } from "~/services/admin-reference.server";
import { readForm } from "~/lib/request-body.server";

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

type Intent = "create" | "delete";
type ActionData = { kind: "invalid"; intent: Intent | null; values: Record<string, string>; errors: FieldErrors };

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireCapability(request, "admin.manage_routing");
  const form = await readForm(request, "form");
  verifyStaffCsrf(staff, form);
  const values = formValues(form);
  const intent = values.intent === "create" || values.intent === "delete" ? values.intent : null;
  const invalid = (errors: FieldErrors, status = 400) => Response.json({ kind: "invalid", intent, values, errors } satisfies ActionData, { status }) as unknown as ActionData;
  const done = (what: (typeof DONE)[number]) => new Response(null, { status: 303, headers: { Location: `/staff/admin/routing?done=${what}` } });
  const actor = { staffId: staff.staffId };
  if (intent === "create") {
    const parsed = parseForm(routingOverrideSchema, values);
    if (!parsed.ok) return invalid(parsed.errors);
    const r = await createRoutingOverride(actor, parsed.data);
    return r.ok ? done("created") : invalid(r.errors, r.status);
  }
  if (intent === "delete") {
    const parsed = parseForm(routingOverrideDeleteSchema, values);
    if (!parsed.ok) return invalid(parsed.errors);
    const r = await deleteRoutingOverride(actor, parsed.data.id, parsed.data.reason);
    return r.ok ? done("deleted") : invalid(r.errors, r.status);
  }
  return invalid({ form: ["admin.errors.unknownIntent"] });
}

export default function Routing() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const location = useLocation();
  const t = useT();
  const locale = useLocale();
  const busy = navigation.state === "submitting";
  const createFailed = actionData?.intent === "create" ? actionData : null;
  const deleteFailed = actionData?.intent === "delete" ? actionData : null;
  const errors: FieldErrors = createFailed?.errors ?? {};
  const v = (name: string) => createFailed?.values[name] ?? "";
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
      <p>{t("admin.routing.lead")}</p>
      <p>
        <a href="#add">{t("admin.routing.add.title")}</a>
      </p>
      {data.done ? (
        <p className="notice" role="status">
          {t(`admin.done.${data.done}`)}
        </p>
      ) : null}
      {actionData && (actionData.intent === null || (deleteFailed && !data.overrides.some((o) => o.id === deleteFailed.values.id))) ? <ErrorSummary errors={actionData.errors} /> : null}

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
              const failed = deleteFailed?.values.id === o.id ? deleteFailed : null;
              const reasonErrors: string[] | undefined = failed?.errors.reason ?? failed?.errors.form;
              const id = `delete-reason-${o.id}`;
              return (
                <tr key={o.id}>
                  <td>
                    {regionLabel(o.regionCode)} <span className="hint">{o.regionCode}</span>
                  </td>
                  <td>{locale === "en" ? o.sectorNameEn : o.sectorNameZh}</td>
                  <td>{typeName(data.defaults.find((s) => s.code === o.sectorCode)?.departmentType ?? null)}</td>
                  <td>{locale === "en" ? o.departmentTypeNameEn : o.departmentTypeNameZh}</td>
                  <td>
                    <Form method="post" noValidate key={`${o.id}-${location.key}`}>
                      <input type="hidden" name="csrf" value={data.csrf} />
                      <input type="hidden" name="id" value={o.id} />
                      <label htmlFor={id}>{t("admin.reason")}</label>
                      <input
                        id={id}
                        name="reason"
                        required
                        minLength={REASON_MIN}
                        maxLength={REASON_MAX}
                        defaultValue={failed?.values.reason ?? ""}
                        {...describedBy(id, { errors: reasonErrors })}
                      />
                      {reasonErrors ? (
                        <p className="error" id={`${id}-error`} role="alert">
                          {reasonErrors.map((e) => translateError(t, e)).join(" ")}
                        </p>
                      ) : null}
                      <button type="submit" name="intent" value="delete" className="button secondary" disabled={busy}>
                        {t("admin.routing.delete")}
                      </button>
                    </Form>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}

      <h2 id="add">{t("admin.routing.add.title")}</h2>
      <p className="hint">{t("admin.routing.add.lead")}</p>
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate key={`create-${location.key}`}>
        <input type="hidden" name="csrf" value={data.csrf} />
        <Field id="regionCode" label={t("admin.routing.region")} hint={t("admin.placeCode.hint")} errors={errors.regionCode}>
          <input
            id="regionCode"
            name="regionCode"
            required
            inputMode="numeric"
            pattern="\d{6}"
            maxLength={6}
            className="short"
            defaultValue={v("regionCode")}
            {...describedBy("regionCode", { hint: true, errors: errors.regionCode })}
          />
        </Field>
        <Field id="sectorCode" label={t("admin.routing.sector")} errors={errors.sectorCode}>
          <select id="sectorCode" name="sectorCode" required defaultValue={v("sectorCode")} {...describedBy("sectorCode", { errors: errors.sectorCode })}>
            <option value="">{t("admin.choose")}</option>
            {data.defaults.map((s) => (
              <option key={s.code} value={s.code}>
                {localName(locale, s)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="departmentType" label={t("admin.routing.departmentType")} errors={errors.departmentType}>
          <select id="departmentType" name="departmentType" required defaultValue={v("departmentType")} {...describedBy("departmentType", { errors: errors.departmentType })}>
            <option value="">{t("admin.choose")}</option>
            {data.departmentTypes.map((d) => (
              <option key={d.code} value={d.code}>
                {localName(locale, d)}
              </option>
            ))}
          </select>
        </Field>
        <ReasonField id="create-reason" errors={errors.reason} defaultValue={v("reason")} />
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

export { AdminErrorBoundary as ErrorBoundary };
