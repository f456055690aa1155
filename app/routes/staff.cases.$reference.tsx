import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CaseView } from "~/components/case-view";
import { Field, translateError } from "~/components/field";
import { availableActions } from "~/domain/case-state";
import { can } from "~/domain/permissions";
import { askSchema, returnSchema } from "~/forms/triage";
import { useT } from "~/i18n";
import { runStaffAction, type StaffActionResult } from "~/lib/staff-action.server";
import { requireCapability, verifyStaffCsrf } from "~/lib/staff-session.server";
import { acceptCase } from "~/services/agency-accept.server";
import { returnCase } from "~/services/agency-return.server";
import { caseDetailsForStaff } from "~/services/case-details-for-staff.server";
import { findVisibleCase } from "~/services/case-record.server";
import { postTipMessage } from "~/services/post-tip-message.server";
import { z } from "zod";

export const meta: MetaFunction = ({ params }) => [{ title: `Canary — ${params.reference}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireCapability(request, "case.view_assigned");
  const { row: _row, ...details } = await caseDetailsForStaff(staff, params.reference ?? "");
  return { ...details, csrf: staff.csrf, actions: availableActions(details.case.state, staff.role), canAsk: can(staff.role, "case.ask_tipster") };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireCapability(request, "case.view_assigned");
  const form = await request.formData();
  verifyStaffCsrf(staff, form);
  const reference = params.reference ?? "";
  const intent = String(form.get("intent") ?? "");
  if (intent === "accept") return runStaffAction(intent, form, z.object({}), () => acceptCase(staff, reference));
  if (intent === "return") return runStaffAction(intent, form, returnSchema, (v) => returnCase(staff, reference, v));
  if (intent === "ask" && can(staff.role, "case.ask_tipster")) {
    return runStaffAction(intent, form, askSchema, async (v) => {
      const c = await findVisibleCase(staff, reference);
      await postTipMessage({ tipId: c.id, author: { type: "staff", staffId: staff.staffId }, body: v.question });
    });
  }
  return Response.json({ ok: false, intent, errors: { form: ["errors.forbidden"] }, values: {} }, { status: 403 });
}

export default function StaffCase() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<StaffActionResult>();
  const t = useT();
  const errorsFor = (intent: string) => (result && !result.ok && result.intent === intent ? result.errors : {});
  const csrf = <input type="hidden" name="csrf" value={data.csrf} />;
  return (
    <>
      <p>
        <Link to="/staff/cases">← {t("staff.inbox.title")}</Link>
      </p>
      <h1>{t("staff.case.title", { reference: data.case.reference })}</h1>
      {result?.ok ? (
        <p className="notice" role="status">
          {t("staff.case.done")}
        </p>
      ) : null}
      {result && !result.ok && result.errors.form ? (
        <p className="error" role="alert">
          {result.errors.form.map((e) => translateError(t, e)).join(" ")}
        </p>
      ) : null}
      {data.actions.includes("accept") ? (
        <section className="card">
          <Form method="post">
            {csrf}
            <button type="submit" name="intent" value="accept" className="button primary">
              {t("staff.case.accept")}
            </button>
          </Form>
          <h2>{t("staff.case.return")}</h2>
          <Form method="post">
            {csrf}
            <Field id="return-reason" label={t("staff.case.return.reason")} errors={errorsFor("return").reason}>
              <textarea id="return-reason" name="reason" rows={3} defaultValue={result && !result.ok && result.intent === "return" ? result.values.reason : ""} />
            </Field>
            <button type="submit" name="intent" value="return" className="button">
              {t("staff.case.return.submit")}
            </button>
          </Form>
        </section>
      ) : null}
      <CaseView data={data} csrf={data.csrf} canSeeContact={false} />
      {data.canAsk ? (
        <section className="card">
          <h2>{t("staff.case.ask")}</h2>
          <Form method="post">
            {csrf}
            <Field id="question" label={t("staff.case.ask")} errors={errorsFor("ask").question}>
              <textarea id="question" name="question" rows={3} />
            </Field>
            <button type="submit" name="intent" value="ask" className="button">
              {t("staff.case.ask.send")}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
