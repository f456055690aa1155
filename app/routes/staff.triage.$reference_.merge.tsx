import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { readForm } from "~/lib/request-body.server";
import { Field, translateError } from "~/components/field";
import { MergeSummaryTable } from "~/components/merge-summary";
import { mergeSchema, mergeTargetSchema } from "~/forms/triage";
import { useT } from "~/i18n";
import { runStaffAction, type StaffActionResult } from "~/lib/staff-action.server";
import { requireCapability, verifyStaffCsrf } from "~/lib/staff-session.server";
import { UserFacingError } from "~/services/errors";
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
    if (e instanceof UserFacingError) return { ...base, preview: null, problem: e.code };
    throw e;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireCapability(request, "triage.decide");
  const form = await readForm(request, "form");
  verifyStaffCsrf(staff, form);
  const reference = params.reference ?? "";
  const res = await runStaffAction("merge", form, mergeSchema, (v) => mergeCase(staff, reference, v));
  if (res.status === 200) return new Response(null, { status: 303, headers: { Location: `/staff/triage/${encodeURIComponent(reference)}` } });
  return res;
}

export default function MergeConfirmation() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<StaffActionResult>();
  const t = useT();
  const errors = result && !result.ok ? result.errors : {};
  const values = result && !result.ok ? result.values : {};
  const problems = [...(data.problem ? [data.problem] : []), ...(errors.form ?? []), ...(errors.into ?? [])];
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
          <Form method="post" action={`?into=${encodeURIComponent(data.into)}`}>
            <input type="hidden" name="csrf" value={data.csrf} />
            <input type="hidden" name="into" value={data.into} />
            <Field id="merge-reason" label={t("merge.reason")} hint={t("merge.reason.hint")} errors={errors.reason}>
              <textarea id="merge-reason" name="reason" rows={3} maxLength={1000} required defaultValue={values.reason ?? ""} />
            </Field>
            <button type="submit" className="button primary">
              {t("merge.confirm")}
            </button>
          </Form>
        </>
      ) : null}
      {/* Another target (or a corrected reference) without going back. */}
      <Form method="get" className="card">
        <Field id="into" label={t(data.preview ? "merge.other" : "staff.case.merge.into")}>
          <input id="into" name="into" defaultValue={data.preview ? "" : data.into} placeholder="JB2026-48213907" />
        </Field>
        <button type="submit" className="button">
          {t("merge.preview")}
        </button>
      </Form>
    </>
  );
}
