import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, type ShouldRevalidateFunction } from "@remix-run/react";
import { CsrfInput, formProps, SelectField, useFormFor } from "~/components/form-kit";
import { HotlineReceipt } from "~/components/hotline-receipt";
import { ReportErrorSummary, ReportFields, type TipFormValues } from "~/components/report-fields";
import { HOTLINE_CHANNELS } from "~/domain/channels";
import { hotlineSchema, type HotlineForm } from "~/forms/hotline";
import { useT } from "~/i18n";
import { randomToken } from "~/lib/crypto.server";
import { env } from "~/lib/env.server";
import { parseFormWithFiles } from "~/lib/multipart.server";
import { requireCapability, verifyStaffCsrf } from "~/lib/staff-session.server";
import { answerTipForm } from "~/lib/tip-form.server";
import { placeChoices } from "~/services/list-places.server";
import { listSectors } from "~/services/list-sectors.server";
import { recordHotlineTip } from "~/services/record-hotline-tip.server";
import { TIP_FILES_FIELD } from "~/services/submit-report.server";

export const meta: MetaFunction = () => [{ title: "Canary — 热线登记 / Hotline" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireCapability(request, "hotline.record");
  return { csrf: staff.csrf, sectors: await listSectors(), places: await placeChoices(), submissionId: randomToken(16) };
}

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireCapability(request, "hotline.record");
  const form = await parseFormWithFiles(request, TIP_FILES_FIELD);
  verifyStaffCsrf(staff, form.fields);
  return answerTipForm(form, "hotline", hotlineSchema, async (input) => {
    const filed = await recordHotlineTip(staff, input, form);
    return {
      kind: "filed" as const,
      reference: filed.reference,
      receipt: filed.receipt,
      repeated: filed.repeated,
      submittedOn: filed.submittedOn,
      dueOn: filed.dueOn,
      channel: filed.channel,
      statusUrl: (env().publicUrl?.replace(/\/+$/, "") ?? new URL(request.url).origin) + "/status",
    };
  });
}

/** After the tip is recorded the page shows only the receipt: nothing to reload. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) =>
  (actionResult as { kind?: string } | undefined)?.kind === "filed" ? false : defaultShouldRevalidate;

export default function HotlinePage() {
  const data = useActionData<typeof action>();
  if (data && "kind" in data && data.kind === "filed") return <HotlineReceipt {...data} />;
  return <HotlineFormPage />;
}

function HotlineFormPage() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const [form, fields] = useFormFor<TipFormValues & Pick<HotlineForm, "channel">>("hotline", actionData, { defaultValue: { submissionId: loaderData.submissionId } });
  const places = actionData && "places" in actionData ? actionData.places : loaderData.places;
  const typedId = fields.submissionId.initialValue;
  const submissionId = typeof typedId === "string" && typedId ? typedId : loaderData.submissionId;
  const channels = HOTLINE_CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }));
  return (
    <>
      <h1>{t("hotline.title")}</h1>
      <p>{t("hotline.lead")}</p>
      <ReportErrorSummary form={form} />
      <Form method="post" encType="multipart/form-data" className="report-form" {...formProps(form)}>
        <CsrfInput value={loaderData.csrf} />
        <input type="hidden" name="submissionId" value={submissionId} />
        <SelectField meta={fields.channel} label={t("hotline.channel")} choices={channels} choose={t("hotline.channel.choose")} required />
        <p className="hint">{t("hotline.contact.reminder")}</p>
        <ReportFields fields={fields} sectors={loaderData.sectors} places={places} />
        <p>
          <button type="submit" name="intent" value="submit" className="button primary" disabled={navigation.state === "submitting"}>
            {t("hotline.submit")}
          </button>{" "}
          <Link to="/staff">{t("staff.nav.home")}</Link>
        </p>
      </Form>
    </>
  );
}
