import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { CaseActionForm } from "~/components/case-action-form";
import { TextareaField } from "~/components/form-kit";
import { reviewSchema, type ReviewInput } from "~/forms/case";
import { localName, tKnown, useLocale, useT } from "~/i18n";
import { readForm } from "~/lib/request-body.server";
import { intent, submitIntent } from "~/lib/route-edge.server";
import { requireCapability, verifyStaffCsrf } from "~/lib/staff-session.server";
import { decideReview } from "~/services/decide-review.server";
import { listDisputedCases } from "~/services/list-disputed-cases.server";

export const meta: MetaFunction = () => [{ title: "Canary — 复查 / Reviews" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireCapability(request, "supervision.view_subtree");
  return { csrf: staff.csrf, cases: await listDisputedCases(staff) };
}

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireCapability(request, "supervision.view_subtree");
  const form = await readForm(request, "form");
  verifyStaffCsrf(staff, form);
  return submitIntent(form, {
    uphold: intent(reviewSchema, (v) => decideReview(staff, v.reference, { decision: "uphold", reason: v.reason })),
    reopen: intent(reviewSchema, (v) => decideReview(staff, v.reference, { decision: "reopen", reason: v.reason })),
  });
}

export default function Reviews() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <h1>{t("reviews.title")}</h1>
      <p>{t("reviews.lead")}</p>
      {actionData?.done ? (
        <p className="notice" role="status">
          {tKnown(t, `reviews.done.${actionData.intent}`)}
        </p>
      ) : null}
      {data.cases.length === 0 ? <p>{t("reviews.none")}</p> : null}
      {data.cases.map((c) => {
        // Each case has its own form (id "review-<reference>"): the answer goes to the one that was sent.
        const mine = actionData && !actionData.done && actionData.result.initialValue?.reference === c.reference ? actionData : undefined;
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
            <CaseActionForm<ReviewInput> intent={`review-${c.reference}`} csrf={data.csrf} actionData={mine ? { ...mine, intent: `review-${c.reference}` } : undefined}>
              {(f) => (
                <>
                  <input type="hidden" name="reference" value={c.reference} />
                  <TextareaField meta={f.reason} label={t("reviews.decision.reason")} maxLength={2000} />
                  <button type="submit" name="intent" value="uphold" className="button primary">
                    {t("reviews.uphold")}
                  </button>{" "}
                  <button type="submit" name="intent" value="reopen" className="button secondary">
                    {t("reviews.reopen")}
                  </button>
                </>
              )}
            </CaseActionForm>
          </section>
        );
      })}
    </>
  );
}
