import type { FieldMetadata } from "@conform-to/react";
import { REASON_MAX } from "~/forms/admin";
import { localName, useLocale, useT } from "~/i18n";
import { CheckboxField, SelectField, TextareaField, TextField } from "./form-kit";

/** Pieces shared by the administration pages (/staff/admin/...). */

export type DepartmentTypeOption = { code: string; nameZh: string; nameEn: string; provincialOnly: boolean };

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
