import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { describedBy, Field } from "~/components/field";
import { localName, tKnown, useLocale, useT } from "~/i18n";
import { runStaffAction, type StaffActionResult } from "~/lib/staff-action.server";
import { requireCapability, verifyStaffCsrf } from "~/lib/staff-session.server";
import { decideReview } from "~/services/decide-review.server";
import { listDisputedCases } from "~/services/list-disputed-cases.server";
import { readForm } from "~/lib/request-body.server";

export const meta: MetaFunction = () => [{ title: "Canary — 复查 / Reviews" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireCapability(request, "supervision.view_subtree");
  return { csrf: staff.csrf, cases: await listDisputedCases(staff) };
}

const reviewSchema = z.object({
  reference: z.string().trim().min(1),
  reason: z.string().trim().min(1, "errors.review.reasonRequired").max(2000, "errors.text.tooLong.2000"),
});

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireCapability(request, "supervision.view_subtree");
  const form = await readForm(request, "form");
  verifyStaffCsrf(staff, form);
  const intent = String(form.get("intent") ?? "");
  if (intent === "uphold" || intent === "reopen") {
    return runStaffAction(intent, form, reviewSchema, (v) => decideReview(staff, v.reference, { decision: intent, reason: v.reason }));
  }
  return Response.json({ ok: false, intent, errors: { form: ["errors.forbidden"] }, values: {} } satisfies StaffActionResult, { status: 400 });
}

export default function Reviews() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<StaffActionResult>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <h1>{t("reviews.title")}</h1>
      <p>{t("reviews.lead")}</p>
      {result?.ok ? (
        <p className="notice" role="status">
          {tKnown(t, `reviews.done.${result.intent}`)}
        </p>
      ) : null}
      {data.cases.length === 0 ? <p>{t("reviews.none")}</p> : null}
      {data.cases.map((c) => {
        const mine = result && !result.ok && result.values.reference === c.reference;
        const errors = mine ? result.errors : {};
        const id = `reason-${c.reference}`;
        return (
          <section key={c.reference} className="card" aria-labelledby={`case-${c.reference}`}>
            <h2 id={`case-${c.reference}`}>
              <a href={`/staff/cases/${c.reference}`}>{c.reference}</a>
            </h2>
            <dl className="facts">
              <dt>{t("status.agency")}</dt>
              <dd>{c.agency ? localName(locale, c.agency) : "—"}</dd>
              <dt>{t("reviews.closedOn")}</dt>
              <dd>{c.closedOn ?? "—"}</dd>
              <dt>{t("reviews.disputedOn")}</dt>
              <dd>{c.disputedOn}</dd>
              <dt>{t("reviews.finding")}</dt>
              <dd>{c.finding ? t(`rewards.finding.${c.finding}`) : "—"}</dd>
              {c.publicSummaryZh ? (
                <>
                  <dt>{t("reviews.summary")}</dt>
                  <dd className="tip-text">{c.publicSummaryZh}</dd>
                </>
              ) : null}
            </dl>
            <h3>{t("reviews.reason")}</h3>
            <p className="tip-text">{c.reason}</p>
            {errors.form ? (
              <p className="error" role="alert">
                {errors.form.map((e) => tKnown(t, e)).join(" ")}
              </p>
            ) : null}
            <Form method="post" noValidate>
              <input type="hidden" name="csrf" value={data.csrf} />
              <input type="hidden" name="reference" value={c.reference} />
              <Field id={id} label={t("reviews.decision.reason")} errors={errors.reason}>
                <textarea id={id} name="reason" rows={3} maxLength={2000} defaultValue={mine ? (result.values.reason ?? "") : ""} {...describedBy(id, { errors: errors.reason })} />
              </Field>
              <button type="submit" name="intent" value="uphold" className="button primary">
                {t("reviews.uphold")}
              </button>{" "}
              <button type="submit" name="intent" value="reopen" className="button secondary">
                {t("reviews.reopen")}
              </button>
            </Form>
          </section>
        );
      })}
    </>
  );
}
