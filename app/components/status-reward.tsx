import { Form, useActionData } from "@remix-run/react";
import type { ClaimInput } from "~/forms/status";
import { useT } from "~/i18n";
import type { TipsterView } from "~/services/get-tip-for-tipster.server";
import { translateError } from "./field";
import { CsrfInput, formProps, isDone, useFormFor } from "./form-kit";
import { formatYuan } from "~/domain/outcome-actions";

/** The reward of a closed case: the claim button, or the claim and its decision. */
export function StatusReward({ tip, csrf }: { tip: TipsterView; csrf: string }) {
  const t = useT();
  const actionData = useActionData();
  const [form, fields] = useFormFor<ClaimInput>("claim-reward", actionData);
  const r = tip.reward;
  // The claim's refusals arrive on `reward` (the section, there is no field), a stale page's on the form.
  const errors = [...(form.errors ?? []), ...(fields.reward.errors ?? [])];
  if (!r.merged && !r.claim && !r.canClaim && errors.length === 0) return null;
  return (
    <section aria-labelledby="reward-title" className="card" data-testid="reward">
      <h2 id="reward-title">{t("status.reward.title")}</h2>
      {r.merged ? <p data-testid="reward-merged">{t("status.reward.merged")}</p> : null}
      {isDone(actionData, "claim-reward") ? (
        <p className="notice" role="status">
          {t("status.reward.claimed")}
        </p>
      ) : null}
      {errors.length ? (
        <p className="error" role="alert">
          {errors.map((e) => translateError(t, e)).join(" ")}
        </p>
      ) : null}
      {r.claim ? (
        <p data-testid="reward-claim" data-state={r.claim.state}>
          {r.claim.state === "requested"
            ? t("status.reward.requested", { on: r.claim.claimedOn, amount: formatYuan(r.claim.suggestedCny) })
            : r.claim.state === "approved"
              ? t("status.reward.approved", { amount: formatYuan(r.claim.approvedCny ?? 0) })
              : t("status.reward.refused")}
          {r.claim.state === "refused" && r.claim.refusalReason ? (
            <>
              {" "}
              {t("status.reward.refusalReason")} <span className="tip-text">{r.claim.refusalReason}</span>
            </>
          ) : null}
        </p>
      ) : null}
      {r.canClaim ? (
        <Form method="post" {...formProps(form)}>
          <p>{t("status.reward.lead", { amount: formatYuan(r.suggestion.amountCny) })}</p>
          <input type="hidden" name="intent" value="claim-reward" />
          <CsrfInput value={csrf} />
          <button type="submit" className="button primary">
            {t("status.reward.claim")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
