import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { translateError } from "~/components/field";
import { CheckboxField, CsrfInput, formProps, StrayErrors, TextareaField, useFormFor } from "~/components/form-kit";
import { MergeSummaryTable, MergeWarnings } from "~/components/merge-summary";
import { MergeTargetInput } from "~/components/triage-decisions";
import { sameSitePath } from "~/domain/same-site-path";
import { mergeConfirmSchema, unmergeSchema, type MergeConfirmInput, type UnmergeInput } from "~/forms/merge";
import { mergeTargetSchema } from "~/forms/triage";
import { useT } from "~/i18n";
import { readForm } from "~/lib/request-body.server";
import { intent, orRefuse, seeOther, submitIntent } from "~/lib/route-edge.server";
import { requireCapability, verifyStaffCsrf } from "~/lib/staff-session.server";
import { mergeCase, mergeView } from "~/services/triage-merge.server";
import { unmergeCase } from "~/services/triage-unmerge.server";

export const meta: MetaFunction = ({ params }) => [{ title: `Canary — ${params.reference}` }];

/**
 * The confirmation step of "merge into": both tips side by side, the facts on which they differ;
 * nothing changes until confirmed with a reason (and, when they differ, the desk's statement that
 * they are the same matter). For a tip already merged, the same page undoes the merge.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireCapability(request, "triage.decide");
  const reference = params.reference ?? "";
  const into = new URL(request.url).searchParams.get("into") ?? "";
  const parsed = mergeTargetSchema.safeParse({ into });
  // Without a target yet (e.g. the undo link of a tip whose merge was undone meanwhile) there is only the field to name one.
  const target = parsed.success ? parsed.data.into.toUpperCase() : null;
  const page = await orRefuse(mergeView(staff, reference, target));
  return { csrf: staff.csrf, reference, into: target ?? into, ...page, problem: page.problem ?? (!target && into.trim() ? "errors.merge.targetNotFound" : null) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireCapability(request, "triage.decide");
  const form = await readForm(request, "form");
  verifyStaffCsrf(staff, form);
  const reference = params.reference ?? "";
  const tipPage = `/staff/triage/${encodeURIComponent(reference)}`;
  return submitIntent(form, {
    merge: intent(mergeConfirmSchema, async (v) => {
      await mergeCase(staff, reference, v);
      return seeOther(`${tipPage}?done=merged&ref=${encodeURIComponent(reference)}#notice`);
    }),
    unmerge: intent(unmergeSchema, async ({ reason, back }) => {
      await unmergeCase(staff, reference, { reason });
      // Undone from the joined case's page: back there; else to the tip, waiting at the desk again.
      const to = sameSitePath(back, tipPage);
      return seeOther(to.startsWith("/staff/triage/") && !to.includes("?") ? `${to}?done=unmerged&ref=${encodeURIComponent(reference)}#notice` : to);
    }),
  });
}

export default function MergeConfirmation() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <p>
        <Link to={`/staff/triage/${data.reference}`}>← {t("merge.back")}</Link>
      </p>
      {/* The answer to the other form (the tip was merged or unmerged meanwhile) is said too. */}
      <StrayErrors actionData={actionData} shown={[data.undo ? "unmerge" : "merge"]} />
      {data.undo ? <UndoMerge reference={data.reference} csrf={data.csrf} undo={data.undo} /> : <ConfirmMerge />}
    </>
  );
}

function ConfirmMerge() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useFormFor<MergeConfirmInput>("merge", actionData);
  const t = useT();
  const problems = [...(data.problem ? [data.problem] : []), ...(form.errors ?? []), ...(fields.into.errors ?? [])];
  const preview = data.preview;
  return (
    <>
      <h1>{t("merge.title", { reference: data.reference })}</h1>
      {problems.length ? (
        <p className="error" role="alert">
          {problems.map((e) => translateError(t, e)).join(" ")}
        </p>
      ) : null}
      {preview ? (
        <>
          <p>{t("merge.lead")}</p>
          <MergeSummaryTable tip={preview.tip} target={preview.target} />
          <Form method="post" action={`?into=${encodeURIComponent(data.into)}`} {...formProps(form)} className="card">
            <CsrfInput value={data.csrf} />
            <input type="hidden" name="intent" value="merge" />
            <input type="hidden" name="into" value={data.into} />
            {/* Where the eye is before confirming: what differs, in words. */}
            <MergeWarnings warnings={preview.warnings} tip={preview.tip} target={preview.target} />
            <TextareaField meta={fields.reason} label={t("merge.reason")} hint={t("merge.reason.hint")} maxLength={1000} />
            {preview.warnings.length ? <CheckboxField meta={fields.sameMatter} label={t("merge.sameMatter")} /> : null}
            <button type="submit" className="button primary">
              {t("merge.confirm")}
            </button>
          </Form>
        </>
      ) : null}
      {/* Another target (or a corrected reference) without going back. */}
      <Form method="get" className="card">
        <MergeTargetInput label={t(preview ? "merge.other" : "staff.case.merge.into")} defaultValue={preview ? "" : data.into} />
        <button type="submit" className="button">
          {t("merge.preview")}
        </button>
      </Form>
    </>
  );
}

function UndoMerge({ reference, csrf, undo }: { reference: string; csrf: string; undo: { joined: string; mayUndo: boolean } }) {
  const actionData = useActionData<typeof action>();
  const [form, fields] = useFormFor<UnmergeInput>("unmerge", actionData);
  const t = useT();
  const problems = form.errors ?? [];
  return (
    <>
      <h1>{t("unmerge.title", { reference })}</h1>
      {problems.length ? (
        <p className="error" role="alert" data-testid="unmerge-error">
          {problems.map((e) => translateError(t, e)).join(" ")}
        </p>
      ) : null}
      {undo.mayUndo ? (
        <Form method="post" {...formProps(form)} className="card">
          <p>{t("unmerge.lead", { reference: undo.joined })}</p>
          <CsrfInput value={csrf} />
          <input type="hidden" name="intent" value="unmerge" />
          {/* Posted from the joined case's page, the answer keeps where to go back to. */}
          {fields.back.initialValue ? <input type="hidden" name="back" value={String(fields.back.initialValue)} /> : null}
          <TextareaField meta={fields.reason} label={t("unmerge.reason")} hint={t("unmerge.reason.hint")} maxLength={1000} />
          <button type="submit" className="button primary">
            {t("unmerge.submit")}
          </button>
        </Form>
      ) : (
        <p className="notice" data-testid="unmerge-closed">
          {t("unmerge.closed", { reference: undo.joined })}
        </p>
      )}
    </>
  );
}
