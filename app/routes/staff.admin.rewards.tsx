import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { rowFormId } from "~/components/decision-table";
import { CsrfInput, FormErrors, formProps, StrayErrors, TextareaField, TextField, useFormFor } from "~/components/form-kit";
import { localName, tKnown, useLocale, useT } from "~/i18n";
import { intent } from "~/lib/route-edge.server";
import { submitRowIntent } from "~/lib/row-forms.server";
import { requireCapability, verifyStaffCsrf } from "~/lib/staff-session.server";
import { decideRewardClaim } from "~/services/decide-reward-claim.server";
import { listRequestedRewardClaims } from "~/services/list-reward-claims.server";
import { readForm } from "~/lib/request-body.server";

export const meta: MetaFunction = () => [{ title: "Canary — 举报奖励申请 / Reward claims" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireCapability(request, "admin.manage_staff");
  return { csrf: staff.csrf, claims: await listRequestedRewardClaims() };
}

const claimId = z.uuid("errors.reward.alreadyDecided");
const approveSchema = z.object({ claimId, amountCny: z.string({ error: "errors.reward.amount" }).trim().regex(/^\d{1,12}$/, "errors.reward.amount").transform(Number) });
const refuseSchema = z.object({ claimId, reason: z.string({ error: "errors.reward.reasonRequired" }).trim().min(1, "errors.reward.reasonRequired").max(2000, "errors.text.tooLong.2000") });

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireCapability(request, "admin.manage_staff");
  const form = await readForm(request, "form");
  verifyStaffCsrf(staff, form);
  return submitRowIntent(form, "claimId", {
    approve: intent(approveSchema, (v) => decideRewardClaim(staff, v.claimId, { decision: "approve", amountCny: v.amountCny })),
    refuse: intent(refuseSchema, (v) => decideRewardClaim(staff, v.claimId, { decision: "refuse", reason: v.reason })),
  });
}

type Claim = Awaited<ReturnType<typeof loader>>["claims"][number];

export default function RewardClaims() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const money = (n: number) => t("rewards.amount", { amount: new Intl.NumberFormat(locale === "en" ? "en" : "zh-CN").format(n) });
  return (
    <>
      <p>
        <Link to="/staff/admin">{t("admin.title")}</Link>
      </p>
      <h1>{t("rewards.title")}</h1>
      <p>{t("rewards.lead")}</p>
      {actionData?.done ? (
        <p className="notice" role="status">
          {tKnown(t, `rewards.done.${actionData.intent.split("-")[0]}`)}
        </p>
      ) : null}
      <StrayErrors actionData={actionData} shown={data.claims.flatMap((c) => [rowFormId("approve", c.claimId), rowFormId("refuse", c.claimId)])} />
      {data.claims.length === 0 ? <p>{t("rewards.none")}</p> : null}
      {data.claims.map((c) => {
        const o = c.outcome;
        return (
          <section key={c.claimId} className="card" aria-labelledby={`claim-${c.claimId}`} data-claim={c.claimId}>
            <h2 id={`claim-${c.claimId}`}>{c.reference}</h2>
            <dl className="facts">
              <dt>{t("rewards.col.claimedOn")}</dt>
              <dd>{c.claimedOn}</dd>
              <dt>{t("rewards.col.suggested")}</dt>
              <dd>{money(c.suggestedCny)}</dd>
              <dt>{t("rewards.col.agency")}</dt>
              <dd>{c.agency ? localName(locale, c.agency) : "—"}</dd>
              <dt>{t("rewards.col.outcome")}</dt>
              <dd>
                {o ? (
                  <>
                    {t(`rewards.finding.${o.finding}`)}
                    {o.fineCny ? <> · {t("rewards.fine", { amount: new Intl.NumberFormat(locale === "en" ? "en" : "zh-CN").format(o.fineCny) })}</> : null}
                    {o.concealedDeathsVerified && o.accidentLevel ? <> · {t("rewards.deaths", { n: o.concealedDeathsVerified, level: t(`rewards.level.${o.accidentLevel}`) })}</> : null}
                    <p className="tip-text">{locale === "en" && o.publicSummaryEn ? o.publicSummaryEn : o.publicSummaryZh}</p>
                  </>
                ) : (
                  "—"
                )}
              </dd>
            </dl>
            <ClaimForms csrf={data.csrf} claim={c} actionData={actionData} />
          </section>
        );
      })}
    </>
  );
}

/** Approve with an amount, or refuse with a reason the tipster sees: two forms, each answered on its own. */
function ClaimForms({ csrf, claim, actionData }: { csrf: string; claim: Claim; actionData: unknown }) {
  const t = useT();
  const [approve, approveFields] = useFormFor<{ claimId: string; amountCny: string }>(rowFormId("approve", claim.claimId), actionData, {
    defaultValue: { amountCny: String(claim.suggestedCny) },
  });
  const [refuse, refuseFields] = useFormFor<{ claimId: string; reason: string }>(rowFormId("refuse", claim.claimId), actionData);
  return (
    <>
      <FormErrors form={approve} />
      <FormErrors form={refuse} />
      <Form method="post" className="inline-form" {...formProps(approve)}>
        <CsrfInput value={csrf} />
        <input type="hidden" name="claimId" value={claim.claimId} />
        <TextField meta={approveFields.amountCny} label={t("rewards.approve.amount")} type="number" min={0} step={1} inputMode="numeric" />
        <button type="submit" name="intent" value="approve" className="button primary">
          {t("rewards.approve.submit")}
        </button>
      </Form>
      <Form method="post" className="inline-form" {...formProps(refuse)}>
        <CsrfInput value={csrf} />
        <input type="hidden" name="claimId" value={claim.claimId} />
        <TextareaField meta={refuseFields.reason} label={t("rewards.refuse.reason")} rows={2} maxLength={2000} />
        <button type="submit" name="intent" value="refuse" className="button secondary">
          {t("rewards.refuse.submit")}
        </button>
      </Form>
    </>
  );
}
