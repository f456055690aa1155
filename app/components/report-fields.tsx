import type { FormEvent } from "react";
import { fieldErrors, reportSchema, type FieldErrors } from "~/forms/report";
import { localName, useLocale, useT } from "~/i18n";
import { describedBy, Field, translateError } from "./field";
import { PlacePicker } from "./place-picker";

type Option = { code: string; nameZh: string; nameEn: string };
type Sector = { code: string; nameZh: string; nameEn: string };

/**
 * The fields of a tip (app/forms/report.ts): what, where, the flags, the optional contact
 * details, the files. The public form (/report) and the hotline operator's form
 * (/staff/hotline/new) show the same fields with the same names, so one schema checks both.
 */
export function ReportFields(props: {
  sectors: Sector[];
  places: { provinces: Option[]; cities: Option[]; counties: Option[] };
  values: Record<string, string>;
  errors: FieldErrors;
  initial?: { province?: string; city?: string };
}) {
  const t = useT();
  const locale = useLocale();
  const { places, values, errors } = props;
  const v = (name: string) => values[name] ?? "";
  const checked = (name: string) => values[name] === "on";
  return (
    <>
        <fieldset>
          <legend>{t("report.section.what")}</legend>
          <Field id="sector" label={t("report.sector")} errors={errors.sector}>
            <select id="sector" name="sector" defaultValue={v("sector")} required {...describedBy("sector", { errors: errors.sector })}>
              <option value="">{t("report.sector.choose")}</option>
              {props.sectors.map((s) => (
                <option key={s.code} value={s.code}>
                  {localName(locale, s)}
                </option>
              ))}
            </select>
          </Field>
          <Field id="company" label={t("report.company")} errors={errors.company}>
            <input id="company" name="company" defaultValue={v("company")} maxLength={200} {...describedBy("company", { errors: errors.company })} />
          </Field>
          <Field id="description" label={t("report.description")} hint={t("report.description.hint")} errors={errors.description}>
            <textarea
              id="description"
              name="description"
              rows={8}
              defaultValue={v("description")}
              required
              minLength={20}
              maxLength={10000}
              {...describedBy("description", { hint: true, errors: errors.description })}
            />
          </Field>
          <Field id="observedOn" label={t("report.observedOn")} errors={errors.observedOn}>
            <input id="observedOn" name="observedOn" type="date" defaultValue={v("observedOn")} {...describedBy("observedOn", { errors: errors.observedOn })} />
          </Field>
        </fieldset>

        <PlacePicker
          key={`${places.cities.length}-${places.counties.length}-${v("province")}-${v("city")}`}
          provinces={places.provinces}
          cities={places.cities}
          counties={places.counties}
          value={{ province: v("province") || props.initial?.province, city: v("city") || props.initial?.city, county: v("county") }}
          errors={errors.province ?? errors.county ?? errors.city}
        />
        <Field id="address" label={t("report.address")} hint={t("report.address.hint")} errors={errors.address}>
          <input id="address" name="address" defaultValue={v("address")} maxLength={500} {...describedBy("address", { hint: true, errors: errors.address })} />
        </Field>

        <fieldset>
          <legend>{t("report.section.flags")}</legend>
          <Check name="majorHazard" label={t("report.majorHazard")} defaultChecked={checked("majorHazard")} />
          <Check name="concealedAccident" label={t("report.concealedAccident")} defaultChecked={checked("concealedAccident")} />
          <Field id="deaths" label={t("report.deaths")} errors={errors.deaths}>
            <input id="deaths" name="deaths" type="number" min={0} inputMode="numeric" defaultValue={v("deaths")} className="short" {...describedBy("deaths", { errors: errors.deaths })} />
          </Field>
          <Check name="officialsImplicated" label={t("report.officialsImplicated")} defaultChecked={checked("officialsImplicated")} />
          <Field id="implicatedLevel" label={t("report.implicatedLevel")} hint={t("report.implicated.hint")} errors={errors.implicatedLevel}>
            <select id="implicatedLevel" name="implicatedLevel" defaultValue={v("implicatedLevel")} {...describedBy("implicatedLevel", { hint: true, errors: errors.implicatedLevel })}>
              <option value="">{t("report.place.choose")}</option>
              <option value="county">{t("report.implicatedLevel.county")}</option>
              <option value="city">{t("report.implicatedLevel.city")}</option>
              <option value="province">{t("report.implicatedLevel.province")}</option>
            </select>
          </Field>
          <Check name="tipsterWorksThere" label={t("report.tipsterWorksThere")} defaultChecked={checked("tipsterWorksThere")} />
        </fieldset>

        <fieldset>
          <legend>{t("report.section.contact")}</legend>
          <p className="hint">{t("report.contact.tradeoff")}</p>
          <Field id="contactName" label={t("report.contactName")} errors={errors.contactName}>
            <input id="contactName" name="contactName" defaultValue={v("contactName")} maxLength={100} autoComplete="off" />
          </Field>
          <Field id="contactPhone" label={t("report.contactPhone")} errors={errors.contactPhone}>
            <input id="contactPhone" name="contactPhone" type="tel" defaultValue={v("contactPhone")} autoComplete="off" {...describedBy("contactPhone", { errors: errors.contactPhone })} />
          </Field>
          <Field id="contactEmail" label={t("report.contactEmail")} errors={errors.contactEmail}>
            <input id="contactEmail" name="contactEmail" type="email" defaultValue={v("contactEmail")} autoComplete="off" {...describedBy("contactEmail", { errors: errors.contactEmail })} />
          </Field>
        </fieldset>

        <div className="hp" aria-hidden="true">
          <label htmlFor="website">{t("report.honeypot")}</label>
          <input id="website" name="website" tabIndex={-1} autoComplete="off" defaultValue={v("website")} />
          {errors.website ? <p className="error">{translateError(t, errors.website[0]!)}</p> : null}
        </div>

        <fieldset>
          <legend>{t("report.section.files")}</legend>
          <Field id="attachments" label={t("report.files")} hint={t("report.files.hint")} errors={errors.attachments}>
            <input
              id="attachments"
              name="attachments"
              type="file"
              multiple
              accept="image/jpeg,image/png,image/webp,application/pdf"
              {...describedBy("attachments", { hint: true, errors: errors.attachments })}
            />
          </Field>
        </fieldset>

    </>
  );
}

/** The list of what is wrong, each linking to its field; shown above the form. */
export function ReportErrorSummary(props: { errors: FieldErrors; retryAfterMinutes?: number; afterServer: boolean }) {
  const t = useT();
  const errors = props.errors;
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <>
      {hasErrors ? (
        <div className="error-summary" role="alert" tabIndex={-1}>
          <p>{errors.form?.includes("errors.rateLimited") ? t("errors.rateLimited", { minutes: props.retryAfterMinutes ?? 60 }) : t("report.errorSummary")}</p>
          <ul>
            {Object.entries(errors)
              .filter(([k]) => k !== "form" || !errors.form?.includes("errors.rateLimited"))
              .map(([field, msgs]) => (
                <li key={field}>
                  <a href={`#${field === "form" ? "main" : field}`}>{msgs.map((m) => translateError(t, m)).join(" ")}</a>
                </li>
              ))}
          </ul>
          {errors.attachments || props.afterServer ? <p className="hint">{t("report.files.reselect")}</p> : null}
        </div>
      ) : null}
    </>
  );
}

/**
 * Checks the form in the browser before it is sent (the server checks it again): on a problem
 * the submission stops and `show` gets the errors; the place picker's "update" button passes.
 */
export function checkTipBeforeSending(
  e: FormEvent<HTMLFormElement>,
  show: (errors: FieldErrors | null) => void,
  moreErrors?: (values: Record<string, string>) => FieldErrors,
) {
  const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
  if (submitter?.value === "refresh-places") return;
  const fd = new FormData(e.currentTarget);
  const values: Record<string, string> = {};
  for (const [k, x] of fd.entries()) if (typeof x === "string") values[k] = x;
  const r = reportSchema.safeParse(values);
  const errors: FieldErrors = { ...(moreErrors?.(values) ?? {}), ...(r.success ? {} : fieldErrors(r.error)) };
  if (Object.keys(errors).length > 0) {
    e.preventDefault();
    show(errors);
    window.scrollTo(0, 0);
  } else show(null);
}

function Check({ name, label, defaultChecked }: { name: string; label: string; defaultChecked: boolean }) {
  return (
    <div className="check">
      <input type="checkbox" id={name} name={name} defaultChecked={defaultChecked} />
      <label htmlFor={name}>{label}</label>
    </div>
  );
}
