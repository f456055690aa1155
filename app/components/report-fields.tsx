import type { FieldMetadata, FormMetadata } from "@conform-to/react";
import type { ReportForm } from "~/forms/report";
import { localName, useLocale, useT } from "~/i18n";
import { decodeMessage } from "~/lib/app-error";
import { translateError } from "./field";
import { CheckboxField, FileField, SelectField, TextareaField, TextField } from "./form-kit";
import { PlacePicker } from "./place-picker";

type Option = { code: string; nameZh: string; nameEn: string };
type Sector = { code: string; nameZh: string; nameEn: string };
type Meta = FieldMetadata<unknown, Record<string, unknown>, string[]>;

/** The values of a tip form as conform holds them: the schema's fields and the files' field. */
export type TipFormValues = ReportForm & { attachments?: unknown };
export type TipFieldMetas = Record<Exclude<keyof TipFormValues, "submissionId">, Meta>;

/**
 * The fields of a tip (app/forms/report.ts): what, where, the flags, the optional contact
 * details, the files. The public form (/report) and the hotline operator's form
 * (/staff/hotline/new) show the same fields with the same names, so one schema checks both.
 */
export function ReportFields(props: {
  fields: TipFieldMetas;
  sectors: Sector[];
  places: { provinces: Option[]; cities: Option[]; counties: Option[] };
  initial?: { province?: string; city?: string };
}) {
  const t = useT();
  const locale = useLocale();
  const { fields, places } = props;
  const value = (m: Meta) => (typeof m.initialValue === "string" ? m.initialValue : "");
  const sectors = props.sectors.map((s) => ({ value: s.code, label: localName(locale, s) }));
  const levels = (["county", "city", "province"] as const).map((l) => ({ value: l, label: t(`report.implicatedLevel.${l}`) }));
  const province = value(fields.province) || props.initial?.province;
  const city = value(fields.city) || props.initial?.city;
  return (
    <>
      <fieldset>
        <legend>{t("report.section.what")}</legend>
        <SelectField meta={fields.sector} label={t("report.sector")} choices={sectors} choose={t("report.sector.choose")} required />
        <TextField meta={fields.company} label={t("report.company")} maxLength={200} />
        <TextareaField meta={fields.description} label={t("report.description")} hint={t("report.description.hint")} rows={8} required minLength={20} maxLength={10000} />
        <TextField meta={fields.observedOn} label={t("report.observedOn")} type="date" />
      </fieldset>

      {/* No key: without JavaScript every answer is a new page; with it the picker keeps what was chosen. */}
      <PlacePicker
        fields={{ province: fields.province, city: fields.city, county: fields.county }}
        provinces={places.provinces}
        cities={places.cities}
        counties={places.counties}
        value={{ province, city, county: value(fields.county) }}
      />
      <TextField meta={fields.address} label={t("report.address")} hint={t("report.address.hint")} maxLength={500} />

      <fieldset>
        <legend>{t("report.section.flags")}</legend>
        <CheckboxField meta={fields.majorHazard} label={t("report.majorHazard")} />
        <CheckboxField meta={fields.concealedAccident} label={t("report.concealedAccident")} />
        <TextField meta={fields.deaths} label={t("report.deaths")} type="number" min={0} inputMode="numeric" className="short" />
        <CheckboxField meta={fields.officialsImplicated} label={t("report.officialsImplicated")} />
        <SelectField meta={fields.implicatedLevel} label={t("report.implicatedLevel")} hint={t("report.implicated.hint")} choices={levels} choose={t("report.place.choose")} />
        <CheckboxField meta={fields.tipsterWorksThere} label={t("report.tipsterWorksThere")} />
      </fieldset>

      <fieldset>
        <legend>{t("report.section.contact")}</legend>
        <p className="hint">{t("report.contact.tradeoff")}</p>
        <TextField meta={fields.contactName} label={t("report.contactName")} maxLength={100} autoComplete="off" />
        <TextField meta={fields.contactPhone} label={t("report.contactPhone")} type="tel" autoComplete="off" />
        <TextField meta={fields.contactEmail} label={t("report.contactEmail")} type="email" autoComplete="off" />
        <CheckboxField meta={fields.newsByEmail} label={t("news.report.newsByEmail")} hint={t("news.report.newsByEmail.hint")} />
      </fieldset>

      <div className="hp" aria-hidden="true">
        <label htmlFor={fields.website.id}>{t("report.honeypot")}</label>
        <input id={fields.website.id} name={fields.website.name} tabIndex={-1} autoComplete="off" defaultValue={value(fields.website)} />
        {fields.website.errors?.length ? <p className="error">{translateError(t, fields.website.errors[0]!)}</p> : null}
      </div>

      <fieldset>
        <legend>{t("report.section.files")}</legend>
        <FileField meta={fields.attachments} label={t("report.files")} hint={t("report.files.hint")} />
      </fieldset>
    </>
  );
}

/**
 * The list of what is wrong, each linking to its field; shown above the form. A refusal for too
 * many tips says so in its heading, with the minutes to wait.
 */
export function ReportErrorSummary<S extends Record<string, unknown>>({ form }: { form: FormMetadata<S, string[]> }) {
  const t = useT();
  const entries = Object.entries(form.allErrors).filter(([, msgs]) => msgs.length > 0);
  if (entries.length === 0) return null;
  const rateLimited = form.errors?.find((m) => decodeMessage(m).key === "errors.rateLimited");
  const listed = entries.map(([field, msgs]) => [field, field === "" ? msgs.filter((m) => m !== rateLimited) : msgs] as const).filter(([, msgs]) => msgs.length > 0);
  return (
    <div className="error-summary" role="alert" tabIndex={-1}>
      <p>{rateLimited ? translateError(t, rateLimited) : t("report.errorSummary")}</p>
      <ul>
        {listed.map(([field, msgs]) => (
          <li key={field || "form"}>
            <a href={`#${field === "" ? "main" : `${form.id}-${field}`}`}>{msgs.map((m) => translateError(t, m)).join(" ")}</a>
          </li>
        ))}
      </ul>
      {/* The page came back from the server: the browser does not keep chosen files. */}
      <p className="hint">{t("report.files.reselect")}</p>
    </div>
  );
}
