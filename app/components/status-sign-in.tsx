import { Form, useActionData } from "@remix-run/react";
import type { SignInInput } from "~/forms/status";
import { useT } from "~/i18n";
import { formProps, FormErrors, TextField, useFormFor } from "./form-kit";

/** /status before sign-in: the receipt form. A mistyped receipt comes back in the field to correct. */
export function StatusSignIn({ expired }: { expired: boolean }) {
  const t = useT();
  const [form, fields] = useFormFor<SignInInput>("sign-in", useActionData());
  return (
    <>
      {expired ? <p className="notice">{t("status.expired")}</p> : null}
      <p>{t("status.signin.lead")}</p>
      <Form method="post" className="signin-form" {...formProps(form)}>
        <input type="hidden" name="intent" value="sign-in" />
        <TextField
          meta={fields.receipt}
          label={t("status.receipt")}
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          className="receipt-input"
          placeholder="0000 0000 0000 0000 0000 0000 0000"
        />
        {/* Too many attempts: the form's own refusal, below the field as before. */}
        <FormErrors form={form} />
        <button type="submit" className="button primary">
          {t("status.signin")}
        </button>
      </Form>
    </>
  );
}
