import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, type ShouldRevalidateFunction } from "@remix-run/react";
import { useState } from "react";
import { Captcha } from "~/components/captcha";
import { describedBy, Field, translateError } from "~/components/field";
import { PlacePicker } from "~/components/place-picker";
import { ReceiptCard } from "~/components/receipt-card";
import { fieldErrors, reportSchema, type FieldErrors } from "~/forms/report";
import { localName, localeFromRequest, translator, useLocale, useT } from "~/i18n";
import { randomToken } from "~/lib/crypto.server";
import { parseFormWithFiles } from "~/lib/multipart.server";
import { clientAddress } from "~/lib/request-context.server";
import { placeChoices } from "~/services/list-places.server";
import { listSectors } from "~/services/list-sectors.server";
import { captchaPublicConfig, submitReport } from "~/services/submit-report.server";

export const meta: MetaFunction = () => [{ title: "Canary — 举报 / Report" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const province = url.searchParams.get("province") ?? undefined;
  const city = url.searchParams.get("city") ?? undefined;
  return {
    sectors: await listSectors(),
    places: await placeChoices(province, city),
    submissionId: randomToken(16),
    captcha: captchaPublicConfig(),
    initial: { province, city },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await parseFormWithFiles(request, "attachments");
  if (form.fields.get("intent") === "refresh-places") {
    const values = Object.fromEntries([...form.fields.entries()].filter(([k, v]) => typeof v === "string" && k !== "intent")) as Record<string, string>;
    const places = await placeChoices(values.province || undefined, values.city || undefined);
    if (!places.cities.some((c) => c.code === values.city)) values.city = "";
    if (!places.counties.some((c) => c.code === values.county)) values.county = "";
    return { kind: "refresh" as const, values, places, errors: {} as FieldErrors };
  }
  const result = await submitReport(form, clientAddress(context));
  if (result.ok) {
    const t = translator(localeFromRequest(request));
    return {
      kind: "filed" as const,
      reference: result.filed.reference,
      receipt: result.filed.receipt,
      repeated: result.filed.repeated,
      dueOn: result.filed.dueOn,
      title: t("receipt.title"),
    };
  }
  const places = await placeChoices(result.values.province || undefined, result.values.city || undefined);
  return Response.json(
    { kind: "invalid" as const, values: result.values, places, errors: result.errors, retryAfterMinutes: result.retryAfterMinutes },
    { status: result.status },
  ) as unknown as { kind: "invalid"; values: Record<string, string>; places: typeof places; errors: FieldErrors; retryAfterMinutes?: number };
}

/** After a tip is filed the page shows only the receipt: nothing to reload. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) =>
  (actionResult as { kind?: string } | undefined)?.kind === "filed" ? false : defaultShouldRevalidate;

export default function ReportPage() {
  const data = useActionData<typeof action>();
  if (data?.kind === "filed") return <Filed {...data} />;
  return <ReportForm />;
}

function Filed(props: { reference: string; receipt: string | null; repeated: boolean; dueOn: string | null }) {
  const t = useT();
  return (
    <section className="filed" aria-live="polite">
      <h1>{t("receipt.title")}</h1>
      {props.receipt ? (
        <>
          {props.repeated ? <p className="notice">{t("receipt.repeated")}</p> : null}
          <p>{t("receipt.lead", { reference: props.reference })}</p>
          <ReceiptCard receipt={props.receipt} reference={props.reference} />
        </>
      ) : (
        <p className="notice">{t("receipt.replacedSinceFiled", { reference: props.reference })}</p>
      )}
      {props.dueOn ? <p>{t("receipt.next", { dueOn: props.dueOn })}</p> : null}
      <p>
        <Link className="button" to="/status">
          {t("receipt.goStatus")}
        </Link>
      </p>
    </section>
  );
}

function ReportForm() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const locale = useLocale();
  const [clientErrors, setClientErrors] = useState<FieldErrors | null>(null);
  const serverState = actionData && actionData.kind !== "filed" ? actionData : null;
  const values: Record<string, string> = serverState?.values ?? {};
  const errors: FieldErrors = clientErrors ?? serverState?.errors ?? {};
  const places = serverState?.places ?? loaderData.places;
  const v = (name: string) => values[name] ?? "";
  const checked = (name: string) => values[name] === "on";
  const hasErrors = Object.keys(errors).length > 0;
  const submissionId = values.submissionId || loaderData.submissionId;

  return (
    <>
      <h1>{t("report.title")}</h1>
      <p>{t("report.intro")}</p>
      {hasErrors ? (
        <div className="error-summary" role="alert" tabIndex={-1}>
          <p>{errors.form?.includes("errors.rateLimited") ? t("errors.rateLimited", { minutes: (serverState as { retryAfterMinutes?: number })?.retryAfterMinutes ?? 60 }) : t("report.errorSummary")}</p>
          <ul>
            {Object.entries(errors)
              .filter(([k]) => k !== "form" || !errors.form?.includes("errors.rateLimited"))
              .map(([field, msgs]) => (
                <li key={field}>
                  <a href={`#${field === "form" ? "main" : field}`}>{msgs.map((m) => translateError(t, m)).join(" ")}</a>
                </li>
              ))}
          </ul>
          {errors.attachments || serverState ? <p className="hint">{t("report.files.reselect")}</p> : null}
        </div>
      ) : null}
      <Form
        method="post"
        encType="multipart/form-data"
        noValidate
        className="report-form"
        onSubmit={(e) => {
          const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
          if (submitter?.value === "refresh-places") return;
          const fd = new FormData(e.currentTarget);
          const r = reportSchema.safeParse(Object.fromEntries([...fd.entries()].filter(([, x]) => typeof x === "string")));
          if (!r.success) {
            e.preventDefault();
            setClientErrors(fieldErrors(r.error));
            window.scrollTo(0, 0);
          } else setClientErrors(null);
        }}
      >
        <input type="hidden" name="submissionId" value={submissionId} />
        <fieldset>
          <legend>{t("report.section.what")}</legend>
          <Field id="sector" label={t("report.sector")} errors={errors.sector}>
            <select id="sector" name="sector" defaultValue={v("sector")} required {...describedBy("sector", { errors: errors.sector })}>
              <option value="">{t("report.sector.choose")}</option>
              {loaderData.sectors.map((s) => (
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
          value={{ province: v("province") || loaderData.initial.province, city: v("city") || loaderData.initial.city, county: v("county") }}
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
          {errors.website ? <p className="error">{t(errors.website[0]!)}</p> : null}
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

        <Captcha config={loaderData.captcha} locale={locale} />
        <p>
          <button type="submit" name="intent" value="submit" className="button primary" disabled={navigation.state === "submitting"}>
            {t("report.submit")}
          </button>
        </p>
      </Form>
    </>
  );
}

function Check({ name, label, defaultChecked }: { name: string; label: string; defaultChecked: boolean }) {
  return (
    <div className="check">
      <input type="checkbox" id={name} name={name} defaultChecked={defaultChecked} />
      <label htmlFor={name}>{label}</label>
    </div>
  );
}
