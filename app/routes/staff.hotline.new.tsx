import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, type ShouldRevalidateFunction } from "@remix-run/react";
import { useState } from "react";
import { describedBy, Field } from "~/components/field";
import { HotlineReceipt } from "~/components/hotline-receipt";
import { checkTipBeforeSending, ReportErrorSummary, ReportFields } from "~/components/report-fields";
import { HOTLINE_CHANNELS, type HotlineChannel } from "~/domain/channels";
import { hotlineChannelSchema } from "~/forms/hotline";
import { fieldErrors, type FieldErrors } from "~/forms/report";
import { useT } from "~/i18n";
import { randomToken } from "~/lib/crypto.server";
import { env } from "~/lib/env.server";
import { parseFormWithFiles } from "~/lib/multipart.server";
import { requireCapability, verifyStaffCsrf } from "~/lib/staff-session.server";
import { placeChoices, refreshPlaceChoices } from "~/services/list-places.server";
import { listSectors } from "~/services/list-sectors.server";
import { recordHotlineTip } from "~/services/record-hotline-tip.server";

export const meta: MetaFunction = () => [{ title: "Canary — 热线登记 / Hotline" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireCapability(request, "hotline.record");
  return { csrf: staff.csrf, sectors: await listSectors(), places: await placeChoices(), submissionId: randomToken(16) };
}

type Places = Awaited<ReturnType<typeof placeChoices>>;
/** What the action answers: the receipt once; or the form again, with what was typed. */
type HotlineActionData =
  | {
      kind: "filed";
      reference: string;
      receipt: string | null;
      repeated: boolean;
      submittedOn: string;
      dueOn: string | null;
      channel: HotlineChannel;
      statusUrl: string;
    }
  | { kind: "refresh" | "invalid"; values: Record<string, string>; places: Places; errors: FieldErrors };

export async function action({ request }: ActionFunctionArgs): Promise<HotlineActionData | Response> {
  const staff = await requireCapability(request, "hotline.record");
  const form = await parseFormWithFiles(request, "attachments");
  verifyStaffCsrf(staff, form.fields);
  if (form.fields.get("intent") === "refresh-places") return { kind: "refresh", ...(await refreshPlaceChoices(form.fields)), errors: {} as FieldErrors };
  const result = await recordHotlineTip(staff, form);
  if (result.ok) {
    return {
      kind: "filed",
      reference: result.filed.reference,
      receipt: result.filed.receipt,
      repeated: result.filed.repeated,
      submittedOn: result.filed.submittedOn,
      dueOn: result.filed.dueOn,
      channel: result.channel,
      statusUrl: (env().publicUrl?.replace(/\/+$/, "") ?? new URL(request.url).origin) + "/status",
    };
  }
  const places = await placeChoices(result.values.province || undefined, result.values.city || undefined);
  return Response.json({ kind: "invalid", values: result.values, places, errors: result.errors } satisfies HotlineActionData, { status: result.status });
}

/** After the tip is recorded the page shows only the receipt: nothing to reload. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) =>
  (actionResult as { kind?: string } | undefined)?.kind === "filed" ? false : defaultShouldRevalidate;

export default function HotlinePage() {
  const data = useActionData<HotlineActionData>();
  if (data?.kind === "filed") return <HotlineReceipt {...data} />;
  return <HotlineForm />;
}

/** The channel is this form's own field, checked in the browser with the tip's fields. */
function channelErrors(values: Record<string, string>): FieldErrors {
  const r = hotlineChannelSchema.safeParse(values);
  return r.success ? {} : fieldErrors(r.error);
}

function HotlineForm() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<HotlineActionData>();
  const navigation = useNavigation();
  const t = useT();
  const [clientErrors, setClientErrors] = useState<FieldErrors | null>(null);
  const serverState = actionData && actionData.kind !== "filed" ? actionData : null;
  const values: Record<string, string> = serverState?.values ?? {};
  const errors: FieldErrors = clientErrors ?? serverState?.errors ?? {};
  const places = serverState?.places ?? loaderData.places;
  const submissionId = values.submissionId || loaderData.submissionId;
  return (
    <>
      <h1>{t("hotline.title")}</h1>
      <p>{t("hotline.lead")}</p>
      <ReportErrorSummary errors={errors} afterServer={!!serverState} />
      <Form
        method="post"
        encType="multipart/form-data"
        noValidate
        className="report-form"
        onSubmit={(e) => checkTipBeforeSending(e, setClientErrors, channelErrors)}
      >
        <input type="hidden" name="csrf" value={loaderData.csrf} />
        <input type="hidden" name="submissionId" value={submissionId} />
        <Field id="channel" label={t("hotline.channel")} errors={errors.channel}>
          <select id="channel" name="channel" defaultValue={values.channel ?? ""} required {...describedBy("channel", { errors: errors.channel })}>
            <option value="">{t("hotline.channel.choose")}</option>
            {HOTLINE_CHANNELS.map((c) => (
              <option key={c} value={c}>
                {t(`channel.${c}`)}
              </option>
            ))}
          </select>
        </Field>
        <p className="hint">{t("hotline.contact.reminder")}</p>
        <ReportFields sectors={loaderData.sectors} places={places} values={values} errors={errors} />
        <p>
          <button type="submit" name="intent" value="submit" className="button primary" disabled={navigation.state === "submitting"}>
            {t("hotline.submit")}
          </button>
          {" "}
          <Link to="/staff">{t("staff.nav.home")}</Link>
        </p>
      </Form>
    </>
  );
}
