import { Form, useActionData } from "@remix-run/react";
import type { DisputeInput } from "~/forms/status";
import { useT } from "~/i18n";
import type { TipsterView } from "~/services/get-tip-for-tipster.server";
import { CsrfInput, formProps, FormErrors, isDone, TextareaField, useFormFor } from "./form-kit";

/** Disputing the conclusion of a closed case (复查), and the disputes so far with their decisions. */
export function StatusDispute({ tip, csrf }: { tip: TipsterView; csrf: string }) {
  const t = useT();
  const actionData = useActionData();
  const [form, fields] = useFormFor<DisputeInput>("dispute", actionData);
  const sent = isDone(actionData, "dispute");
  if (!tip.canDispute && tip.disputes.length === 0 && !sent) return null;
  return (
    <section aria-labelledby="dispute-title" className="card">
      <h2 id="dispute-title">{tip.canDispute ? t("status.dispute.title") : t("status.dispute.history")}</h2>
      {sent ? (
        <p className="notice" role="status">
          {t("status.dispute.sent")}
        </p>
      ) : null}
      {tip.disputes.length ? (
        <ul data-testid="disputes">
          {tip.disputes.map((d, i) => (
            <li key={i}>
              {t(d.decision === null ? "status.dispute.pending" : `status.dispute.${d.decision}`, { on: d.disputedOn })}
              {d.decisionReason ? (
                <>
                  {" "}
                  {t("status.dispute.decisionReason")} <span className="tip-text">{d.decisionReason}</span>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {tip.canDispute ? (
        <Form method="post" className="dispute-form" {...formProps(form)}>
          <p>{t("status.dispute.lead")}</p>
          <input type="hidden" name="intent" value="dispute" />
          <CsrfInput value={csrf} />
          <FormErrors form={form} />
          <TextareaField meta={fields.reason} label={t("status.dispute.reason")} rows={5} minLength={20} maxLength={2000} required />
          <button type="submit" className="button primary">
            {t("status.dispute.submit")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
