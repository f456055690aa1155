import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { REASON_MAX, REASON_MIN, type FieldErrors } from "~/forms/admin";
import { localName, useLocale, useT } from "~/i18n";
import type { FieldMetadata } from "@conform-to/react";
import { describedBy, Field, translateError } from "./field";
import { CheckboxField, SelectField, TextareaField, TextField } from "./form-kit";

/** Pieces shared by the administration pages (/staff/admin/...). */

/** Every change asks why: the reason goes to the ledger with the change. */
export function ReasonField({ id, errors, defaultValue }: { id: string; errors?: string[]; defaultValue: string }) {
  const t = useT();
  return (
    <Field id={id} label={t("admin.reason")} hint={t("admin.reason.hint")} errors={errors}>
      <textarea
        id={id}
        name="reason"
        rows={2}
        required
        minLength={REASON_MIN}
        maxLength={REASON_MAX}
        defaultValue={defaultValue}
        {...describedBy(id, { hint: true, errors })}
      />
    </Field>
  );
}

/** All refusals of a form in one list at its top (each field also shows its own). */
export function ErrorSummary({ errors }: { errors: FieldErrors }) {
  const t = useT();
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1}>
      <p>{t("admin.errors.summary")}</p>
      <ul>
        {entries.map(([field, msgs]) => (
          <li key={field}>{msgs.map((m) => translateError(t, m)).join(" ")}</li>
        ))}
      </ul>
    </div>
  );
}

/** Inside the staff frame: 403 (no permission, or an expired form) and 404 explained. */
export function AdminErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (status !== 403 && status !== 404) console.error(error);
  return (
    <p className="error" role="alert">
      {t(status === 403 ? "admin.errors.forbidden" : status === 404 ? "errors.notFound" : "errors.generic")}
    </p>
  );
}

export type DepartmentTypeOption = { code: string; nameZh: string; nameEn: string; provincialOnly: boolean };

/** The fields of an agency, for the create form and the agency's own page. */
export function AgencyFields(props: {
  departmentTypes: DepartmentTypeOption[];
  errors: FieldErrors;
  values: Record<string, string>;
  active: boolean;
}) {
  const t = useT();
  const locale = useLocale();
  const { errors, values } = props;
  const v = (name: string) => values[name] ?? "";
  return (
    <>
      <Field id="nameZh" label={t("admin.agencies.nameZh")} errors={errors.nameZh}>
        <input id="nameZh" name="nameZh" required maxLength={200} defaultValue={v("nameZh")} {...describedBy("nameZh", { errors: errors.nameZh })} />
      </Field>
      <Field id="nameEn" label={t("admin.agencies.nameEn")} errors={errors.nameEn}>
        <input id="nameEn" name="nameEn" required maxLength={200} lang="en" defaultValue={v("nameEn")} {...describedBy("nameEn", { errors: errors.nameEn })} />
      </Field>
      <Field id="departmentType" label={t("admin.agencies.departmentType")} errors={errors.departmentType}>
        <select id="departmentType" name="departmentType" required defaultValue={v("departmentType")} {...describedBy("departmentType", { errors: errors.departmentType })}>
          <option value="">{t("admin.choose")}</option>
          {props.departmentTypes.map((d) => (
            <option key={d.code} value={d.code}>
              {localName(locale, d)}
              {d.provincialOnly ? ` (${t("admin.agencies.provincialOnly")})` : ""}
            </option>
          ))}
        </select>
      </Field>
      <Field id="placeCode" label={t("admin.agencies.placeCode")} hint={t("admin.placeCode.hint")} errors={errors.placeCode}>
        <input
          id="placeCode"
          name="placeCode"
          required
          inputMode="numeric"
          pattern="\d{6}"
          maxLength={6}
          className="short"
          defaultValue={v("placeCode")}
          {...describedBy("placeCode", { hint: true, errors: errors.placeCode })}
        />
      </Field>
      <Field id="inboxEmail" label={t("admin.agencies.inboxEmail")} hint={t("admin.agencies.inboxEmail.hint")} errors={errors.inboxEmail}>
        <input
          id="inboxEmail"
          name="inboxEmail"
          type="email"
          required
          maxLength={254}
          defaultValue={v("inboxEmail")}
          {...describedBy("inboxEmail", { hint: true, errors: errors.inboxEmail })}
        />
      </Field>
      <div className={errors.active ? "check has-error" : "check"}>
        <input type="checkbox" id="active" name="active" defaultChecked={props.active} {...describedBy("active", { errors: errors.active })} />
        <label htmlFor="active">{t("admin.agencies.activeCheck")}</label>
        {errors.active ? (
          <p className="error" id="active-error" role="alert">
            {errors.active.map((e) => translateError(t, e)).join(" ")}
          </p>
        ) : null}
      </div>
    </>
  );
}

/** Every change asks why: the reason goes to the ledger with the change (conform field). */
export function Reason({ meta }: { meta: FieldMetadata<unknown, Record<string, unknown>, string[]> }) {
  const t = useT();
  return <TextareaField meta={meta} label={t("admin.reason")} hint={t("admin.reason.hint")} rows={2} maxLength={REASON_MAX} />;
}

type AgencyFormFields = Record<"nameZh" | "nameEn" | "departmentType" | "placeCode" | "inboxEmail" | "active", FieldMetadata<unknown, Record<string, unknown>, string[]>>;

/** The fields of an agency (conform), for the create form and the agency's own page. */
export function AgencyFieldset({ fields, departmentTypes, active }: { fields: AgencyFormFields; departmentTypes: DepartmentTypeOption[]; active: boolean }) {
  const t = useT();
  const locale = useLocale();
  const choices = departmentTypes.map((d) => ({ value: d.code, label: `${localName(locale, d)}${d.provincialOnly ? ` (${t("admin.agencies.provincialOnly")})` : ""}` }));
  return (
    <>
      <TextField meta={fields.nameZh} label={t("admin.agencies.nameZh")} maxLength={200} />
      <TextField meta={fields.nameEn} label={t("admin.agencies.nameEn")} maxLength={200} lang="en" />
      <SelectField meta={fields.departmentType} label={t("admin.agencies.departmentType")} choices={choices} choose={t("admin.choose")} />
      <TextField meta={fields.placeCode} label={t("admin.agencies.placeCode")} hint={t("admin.placeCode.hint")} inputMode="numeric" maxLength={6} className="short" />
      <TextField meta={fields.inboxEmail} label={t("admin.agencies.inboxEmail")} hint={t("admin.agencies.inboxEmail.hint")} type="email" maxLength={254} />
      <CheckboxField meta={fields.active} label={t("admin.agencies.activeCheck")} defaultChecked={active} />
    </>
  );
}
