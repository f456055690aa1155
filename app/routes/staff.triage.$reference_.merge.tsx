import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { translateError } from "~/components/field";
import { CsrfInput, formProps, TextareaField, useFormFor } from "~/components/form-kit";
import { MergeSummaryTable } from "~/components/merge-summary";
import { MergeTargetInput } from "~/components/triage-decisions";
import { mergeSchema, mergeTargetSchema, type MergeInput } from "~/forms/triage";
import { useT } from "~/i18n";
import { errorMessageOf, isAppError } from "~/lib/app-error";
import { readForm } from "~/lib/request-body.server";
import { refusal, seeOther, submitForm } from "~/lib/route-edge.server";
import { requireCapability, verifyStaffCsrf } from "~/lib/staff-session.server";
import { mergeCase, previewMerge } from "~/services/triage-merge.server";

export const meta: MetaFunction = ({ params }) => [{ title: `Canary — ${params.reference}` }];

/** The confirmation step of "merge into": both cases side by side; nothing changes until confirmed with a reason. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireCapability(request, "triage.decide");
  const reference = params.reference ?? "";
  const into = new URL(request.url).searchParams.get("into") ?? "";
  const parsed = mergeTargetSchema.safeParse({ into });
  const base = { csrf: staff.csrf, reference, into };
  if (!parsed.success) return { ...base, preview: null, problem: "errors.merge.targetNotFound" };
  try {
    return { ...base, into: parsed.data.into.toUpperCase(), preview: await previewMerge(staff, reference, parsed.data.into), problem: null };
  } catch (e) {
    // A target that cannot be merged into is said on this page, beside the field to name another.
    if (isAppError(e) && e.field === "into") return { ...base, preview: null, problem: errorMessageOf(e) };
    if (isAppError(e)) throw refusal(e);
    throw e;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireCapability(request, "triage.decide");
  const form = await readForm(request, "form");
  verifyStaffCsrf(staff, form);
  const reference = params.reference ?? "";
  return submitForm(
    form,
    mergeSchema,
    async (v) => {
      await mergeCase(staff, reference, v);
      return seeOther(`/staff/triage/${encodeURIComponent(reference)}`);
    },
    { intent: "merge" },
  );
}

export default function MergeConfirmation() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useFormFor<MergeInput>("merge", actionData);
  const t = useT();
  const problems = [...(data.problem ? [data.problem] : []), ...(form.errors ?? []), ...(fields.into.errors ?? [])];
  return (
    <>
      <p>
        <Link to={`/staff/triage/${data.reference}`}>← {t("merge.back")}</Link>
      </p>
      <h1>{t("merge.title", { reference: data.reference })}</h1>
      {problems.length ? (
        <p className="error" role="alert">
          {problems.map((e) => translateError(t, e)).join(" ")}
        </p>
      ) : null}
      {data.preview ? (
        <>
          <p>{t("merge.lead")}</p>
          <MergeSummaryTable tip={data.preview.tip} target={data.preview.target} />
          <Form method="post" action={`?into=${encodeURIComponent(data.into)}`} {...formProps(form)}>
            <CsrfInput value={data.csrf} />
            <input type="hidden" name="into" value={data.into} />
            <TextareaField meta={fields.reason} label={t("merge.reason")} hint={t("merge.reason.hint")} maxLength={1000} />
            <button type="submit" className="button primary">
              {t("merge.confirm")}
            </button>
          </Form>
        </>
      ) : null}
      {/* Another target (or a corrected reference) without going back. */}
      <Form method="get" className="card">
        <MergeTargetInput label={t(data.preview ? "merge.other" : "staff.case.merge.into")} defaultValue={data.preview ? "" : data.into} />
        <button type="submit" className="button">
          {t("merge.preview")}
        </button>
      </Form>
    </>
  );
}
