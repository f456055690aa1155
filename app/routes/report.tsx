import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, type ShouldRevalidateFunction } from "@remix-run/react";
import { Captcha } from "~/components/captcha";
import { formProps, useFormFor } from "~/components/form-kit";
import { ReceiptCard } from "~/components/receipt-card";
import { ReportErrorSummary, ReportFields, type TipFormValues } from "~/components/report-fields";
import { reportSchema } from "~/forms/public.server";
import { localeFromRequest, useLocale, useT } from "~/i18n";
import { translator } from "~/i18n/catalogues.server";
import { randomToken } from "~/lib/crypto.server";
import { parseFormWithFiles } from "~/lib/multipart.server";
import { clientAddress } from "~/lib/request-context.server";
import { answerTipForm } from "~/lib/tip-form.server";
import { placeChoices } from "~/services/list-places.server";
import { listSectors } from "~/services/list-sectors.server";
import { captchaPublicConfig, submitReport, TIP_FILES_FIELD } from "~/services/submit-report.server";
import { SCRIPTS_AFTER_FIRST_PAINT } from "~/components/page-scripts";

export const meta: MetaFunction = () => [{ title: "Canary — 举报 / Report" }];

/** The form works as plain HTML: its scripts come after the first paint (ADR 040). */
export const handle = SCRIPTS_AFTER_FIRST_PAINT;

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
  const form = await parseFormWithFiles(request, TIP_FILES_FIELD);
  // The captcha's token is no field of the tip: used once, never sent back with the form.
  const captchaToken = String(form.fields.get("captchaToken") ?? "") || undefined;
  form.fields.delete("captchaToken");
  return answerTipForm(form, "report", reportSchema, async (input) => {
    const filed = await submitReport(input, form, { clientAddress: clientAddress(context), captchaToken });
    const t = translator(localeFromRequest(request));
    return { kind: "filed" as const, reference: filed.reference, receipt: filed.receipt, repeated: filed.repeated, dueOn: filed.dueOn, title: t("receipt.title") };
  });
}

/** After a tip is filed the page shows only the receipt: nothing to reload. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) =>
  (actionResult as { kind?: string } | undefined)?.kind === "filed" ? false : defaultShouldRevalidate;

export default function ReportPage() {
  const data = useActionData<typeof action>();
  if (data && "kind" in data && data.kind === "filed") return <Filed {...data} />;
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
          <ReceiptCard receipt={props.receipt} reference={props.reference} dueOn={props.dueOn} />
        </>
      ) : (
        <p className="notice">{t("receipt.replacedSinceFiled", { reference: props.reference })}</p>
      )}
      {props.dueOn && !props.receipt ? <p>{t("receipt.next", { dueOn: props.dueOn })}</p> : null}
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
  const [form, fields] = useFormFor<TipFormValues>("report", actionData, { defaultValue: { submissionId: loaderData.submissionId } });
  const places = actionData && "places" in actionData ? actionData.places : loaderData.places;
  const submissionId = typeof fields.submissionId.initialValue === "string" && fields.submissionId.initialValue ? fields.submissionId.initialValue : loaderData.submissionId;

  return (
    <>
      <h1>{t("report.title")}</h1>
      <p>{t("report.intro")}</p>
      <ReportErrorSummary form={form} />
      <Form method="post" encType="multipart/form-data" className="report-form" {...formProps(form)}>
        <input type="hidden" name="submissionId" value={submissionId} />
        <ReportFields fields={fields} sectors={loaderData.sectors} places={places} initial={loaderData.initial} />
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
