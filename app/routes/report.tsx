import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, type ShouldRevalidateFunction } from "@remix-run/react";
import { useState } from "react";
import { Captcha } from "~/components/captcha";
import { ReceiptCard } from "~/components/receipt-card";
import { checkTipBeforeSending, ReportErrorSummary, ReportFields } from "~/components/report-fields";
import type { FieldErrors } from "~/forms/report";
import { localeFromRequest, translator, useLocale, useT } from "~/i18n";
import { randomToken } from "~/lib/crypto.server";
import { parseFormWithFiles } from "~/lib/multipart.server";
import { clientAddress } from "~/lib/request-context.server";
import { placeChoices, refreshPlaceChoices } from "~/services/list-places.server";
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
  if (form.fields.get("intent") === "refresh-places") return { kind: "refresh" as const, ...(await refreshPlaceChoices(form.fields)), errors: {} as FieldErrors };
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
  const submissionId = values.submissionId || loaderData.submissionId;

  return (
    <>
      <h1>{t("report.title")}</h1>
      <p>{t("report.intro")}</p>
      <ReportErrorSummary errors={errors} retryAfterMinutes={(serverState as { retryAfterMinutes?: number } | null)?.retryAfterMinutes} afterServer={!!serverState} />
      <Form
        method="post"
        encType="multipart/form-data"
        noValidate
        className="report-form"
        onSubmit={(e) => checkTipBeforeSending(e, setClientErrors)}
      >
        <input type="hidden" name="submissionId" value={submissionId} />
        <ReportFields sectors={loaderData.sectors} places={places} values={values} errors={errors} initial={loaderData.initial} />
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
