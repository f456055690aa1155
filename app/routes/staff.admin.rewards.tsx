import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { describedBy, Field } from "~/components/field";
import { localName, tKnown, useLocale, useT } from "~/i18n";
import { runStaffAction, type StaffActionResult } from "~/lib/staff-action.server";
import { requireCapability, verifyStaffCsrf } from "~/lib/staff-session.server";
import { decideRewardClaim } from "~/services/decide-reward-claim.server";
import { listRequestedRewardClaims } from "~/services/list-reward-claims.server";
import { readForm } from "~/lib/request-body.server";

export const meta: MetaFunction = () => [{ title: "Canary — 举报奖励申请 / Reward claims" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireCapability(request, "admin.manage_staff");
  return { csrf: staff.csrf, claims: await listRequestedRewardClaims() };
}

const claimId = z.string().uuid("errors.reward.alreadyDecided");
const approveSchema = z.object({ claimId, amountCny: z.string().trim().regex(/^\d{1,12}$/, "errors.reward.amount").transform(Number) });
const refuseSchema = z.object({ claimId, reason: z.string().trim().min(1, "errors.reward.reasonRequired").max(2000, "errors.text.tooLong.2000") });

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireCapability(request, "admin.manage_staff");
  const form = await readForm(request, "form");
  verifyStaffCsrf(staff, form);
  const intent = String(form.get("intent") ?? "");
  if (intent === "approve") {
    return runStaffAction(intent, form, approveSchema, (v) => decideRewardClaim(staff, v.claimId, { decision: "approve", amountCny: v.amountCny }));
  }
  if (intent === "refuse") {
    return runStaffAction(intent, form, refuseSchema, (v) => decideRewardClaim(staff, v.claimId, { decision: "refuse", reason: v.reason }));
  }
  return Response.json({ ok: false, intent, errors: { form: ["errors.forbidden"] }, values: {} } satisfies StaffActionResult, { status: 400 });
}

export default function RewardClaims() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<StaffActionResult>();
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
      {result?.ok ? (
        <p className="notice" role="status">
          {tKnown(t, `rewards.done.${result.intent}`)}
        </p>
      ) : null}
      {data.claims.length === 0 ? <p>{t("rewards.none")}</p> : null}
      {data.claims.map((c) => {
        const errors = result && !result.ok && result.values.claimId === c.claimId ? result.errors : {};
        const typed = result && !result.ok && result.values.claimId === c.claimId ? result.values : {};
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
            {errors.form ? (
              <p className="error" role="alert">
                {errors.form.map((e) => tKnown(t, e)).join(" ")}
              </p>
            ) : null}
            <Form method="post" noValidate className="inline-form">
              <input type="hidden" name="csrf" value={data.csrf} />
              <input type="hidden" name="claimId" value={c.claimId} />
              <Field id={`amount-${c.claimId}`} label={t("rewards.approve.amount")} errors={errors.amountCny}>
                <input
                  id={`amount-${c.claimId}`}
                  name="amountCny"
                  type="number"
                  min={0}
                  step={1}
                  inputMode="numeric"
                  defaultValue={typed.amountCny ?? String(c.suggestedCny)}
                  {...describedBy(`amount-${c.claimId}`, { errors: errors.amountCny })}
                />
              </Field>
              <button type="submit" name="intent" value="approve" className="button primary">
                {t("rewards.approve.submit")}
              </button>
            </Form>
            <Form method="post" noValidate className="inline-form">
              <input type="hidden" name="csrf" value={data.csrf} />
              <input type="hidden" name="claimId" value={c.claimId} />
              <Field id={`reason-${c.claimId}`} label={t("rewards.refuse.reason")} errors={errors.reason}>
                <textarea id={`reason-${c.claimId}`} name="reason" rows={2} maxLength={2000} defaultValue={typed.reason ?? ""} {...describedBy(`reason-${c.claimId}`, { errors: errors.reason })} />
              </Field>
              <button type="submit" name="intent" value="refuse" className="button secondary">
                {t("rewards.refuse.submit")}
              </button>
            </Form>
          </section>
        );
      })}
    </>
  );
}
