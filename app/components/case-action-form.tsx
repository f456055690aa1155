import type { DefaultValue } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { CsrfInput, FormErrors, formProps, useFormFor } from "./form-kit";

export type CaseFields<S extends Record<string, unknown>> = ReturnType<typeof useFormFor<S>>[1];

/**
 * One decision form of the case and triage pages: its own conform form (id = its intent), the
 * CSRF token, its own refusal at its top, its fields and its submit button (name="intent"). With
 * a title it is a card of its own.
 */
export function CaseActionForm<S extends Record<string, unknown> = Record<string, never>>({
  intent,
  csrf,
  actionData,
  title,
  hint,
  submit,
  primary = false,
  multipart = false,
  defaultValue,
  children,
}: {
  intent: string;
  csrf: string;
  actionData: unknown;
  title?: string;
  hint?: string;
  /** The submit button's label; leave out when the fields bring their own buttons. */
  submit?: string;
  primary?: boolean;
  multipart?: boolean;
  defaultValue?: DefaultValue<S>;
  children?: (fields: CaseFields<S>) => ReactNode;
}) {
  const [form, fields] = useFormFor<S>(intent, actionData, { defaultValue });
  const body = (
    <Form method="post" encType={multipart ? "multipart/form-data" : undefined} {...formProps(form)}>
      <CsrfInput value={csrf} />
      <FormErrors form={form} />
      {children?.(fields)}
      {submit ? (
        <button type="submit" name="intent" value={intent} className={primary ? "button primary" : "button"}>
          {submit}
        </button>
      ) : null}
    </Form>
  );
  if (!title) return body;
  return (
    <section className="card">
      <h2>{title}</h2>
      {hint ? <p className="hint">{hint}</p> : null}
      {body}
    </section>
  );
}
