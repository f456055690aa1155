import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type FieldMetadata, type FormMetadata } from "@conform-to/react";
import type { DefaultValue, SubmissionResult } from "@conform-to/react";
import { useEffect, useMemo, useRef, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";
import { ATTACHMENT_ACCEPT } from "~/forms/attachments";
import { useT } from "~/i18n";
import { translateError } from "./field";

/**
 * The form kit (ADR 022): every form of the portal is a conform form answered by the route edge
 * (app/lib/route-edge.server.ts). A control's id is "<form id>-<field name>", its hint
 * "<id>-description" and its error "<id>-error", wired with aria-describedby; errors are catalogue
 * keys translated here; what was typed comes back as the control's default value, so a refusal
 * loses nothing, with JavaScript or without. Validation is the server's (no zod in the browser):
 * the browser's own checks (required, maxLength) are switched off so every message is ours, in
 * the reader's language.
 */

/** What a form's action answered (app/lib/route-edge.server.ts FormReply), as the page receives it. */
export type FormReplyData = { intent: string; result: SubmissionResult<string[]>; done: boolean };

function isFormReply(v: unknown): v is FormReplyData {
  return typeof v === "object" && v !== null && "intent" in v && "result" in v && "done" in v;
}

/**
 * The conform form for one intent of a page. `id` is the form's intent (the value of its submit
 * button); the action's answer is applied only to the form it belongs to.
 */
export function useFormFor<Schema extends Record<string, unknown>>(id: string, actionData: unknown, options: { defaultValue?: DefaultValue<Schema> } = {}) {
  const reply = isFormReply(actionData) && actionData.intent === id ? actionData : undefined;
  // Another form of the page was answered: this one's earlier refusal is over (its typed values stay).
  const cleared = useMemo(() => (isFormReply(actionData) && actionData.intent !== id ? { error: {} } : undefined), [actionData, id]);
  return useForm<Schema>({
    id,
    lastResult: reply?.result ?? cleared,
    defaultValue: options.defaultValue,
    // Validation is the server's (ADR 022): conform must not post the form to check a field as it
    // is typed (that would send a page's files again on every keystroke, and run no service).
    shouldValidate: "onSubmit",
    shouldRevalidate: "onSubmit",
  });
}

/** True when the last answer says this form's change was made. */
export function isDone(actionData: unknown, id: string): boolean {
  return isFormReply(actionData) && actionData.intent === id && actionData.done;
}

/** <form> attributes for a conform form (id, noValidate, and conform's submit handler). */
export function formProps<S extends Record<string, unknown>>(form: FormMetadata<S, string[]>) {
  return getFormProps(form);
}

type Meta = FieldMetadata<unknown, Record<string, unknown>, string[]>;

function errorText(t: ReturnType<typeof useT>, errors: string[] | undefined) {
  return errors?.length ? errors.map((e) => translateError(t, e)).join(" ") : null;
}

/** Label, hint, control and error of one field. */
export function Field({ meta, label, hint, children, className }: { meta: Meta; label: ReactNode; hint?: ReactNode; children: ReactNode; className?: string }) {
  const t = useT();
  const error = errorText(t, meta.errors);
  return (
    <div className={[className ?? "field", error ? "has-error" : ""].filter(Boolean).join(" ")}>
      <label htmlFor={meta.id}>{label}</label>
      {hint ? (
        <p className="hint" id={meta.descriptionId}>
          {hint}
        </p>
      ) : null}
      {children}
      {error ? (
        <p className="error" id={meta.errorId} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** aria-describedby: the hint when there is one, the error when there is one. */
function describedBy(meta: Meta, hint: boolean) {
  const ids = [hint ? meta.descriptionId : "", meta.errors?.length ? meta.errorId : ""].filter(Boolean).join(" ");
  return { "aria-describedby": ids || undefined, "aria-invalid": meta.errors?.length ? true : undefined };
}

type Common = { meta: Meta; label: ReactNode; hint?: ReactNode };

export function TextField({ meta, label, hint, type = "text", ...attrs }: Common & Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "id" | "defaultValue" | "form"> & { type?: "text" | "email" | "password" | "tel" | "search" | "date" | "number" }) {
  const { key, ...props } = getInputProps(meta, { type, ariaAttributes: false });
  return (
    <Field meta={meta} label={label} hint={hint}>
      <input key={key} {...props} {...describedBy(meta, Boolean(hint))} {...attrs} />
    </Field>
  );
}

export function TextareaField({ meta, label, hint, ...attrs }: Common & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "name" | "id" | "defaultValue" | "form">) {
  const { key, ...props } = getTextareaProps(meta, { ariaAttributes: false });
  return (
    <Field meta={meta} label={label} hint={hint}>
      <textarea key={key} rows={3} {...props} {...describedBy(meta, Boolean(hint))} {...attrs} />
    </Field>
  );
}

export type Choice = { value: string; label: string };

/** A select; `choose` is the label of the empty first option (none chosen yet), if any. */
export function SelectField({ meta, label, hint, choices, choose, ...attrs }: Common & { choices: readonly Choice[]; choose?: string } & Omit<SelectHTMLAttributes<HTMLSelectElement>, "name" | "id" | "defaultValue" | "form">) {
  const { key, ...props } = getSelectProps(meta, { ariaAttributes: false });
  return (
    <Field meta={meta} label={label} hint={hint}>
      <select key={key} {...props} {...describedBy(meta, Boolean(hint))} {...attrs}>
        {choose !== undefined ? <option value="">{choose}</option> : null}
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** A checkbox with its label after it; `defaultChecked` applies until the form is answered. */
export function CheckboxField({ meta, label, hint, defaultChecked }: Common & { defaultChecked?: boolean }) {
  const t = useT();
  const { key, ...props } = getInputProps(meta, { type: "checkbox", ariaAttributes: false });
  const error = errorText(t, meta.errors);
  // Before any answer conform knows no value: the page's default applies.
  const checked = meta.initialValue === undefined && defaultChecked !== undefined ? { defaultChecked } : {};
  return (
    <div className={error ? "check has-error" : "check"}>
      <input key={key} {...props} {...checked} {...describedBy(meta, Boolean(hint))} />
      <label htmlFor={meta.id}>{label}</label>
      {hint ? (
        <p className="hint" id={meta.descriptionId}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="error" id={meta.errorId} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * A file input. Files are not part of conform's state (the multipart reader takes them,
 * app/lib/multipart.server.ts); their refusals arrive as errors of the field `name`.
 */
export function FileField({ meta, label, hint, multiple = true, accept = ATTACHMENT_ACCEPT, required }: Common & { multiple?: boolean; accept?: string; required?: boolean }) {
  return (
    <Field meta={meta} label={label} hint={hint}>
      <input id={meta.id} name={meta.name} form={meta.formId} type="file" multiple={multiple} accept={accept} required={required} {...describedBy(meta, Boolean(hint))} />
    </Field>
  );
}

/** The staff session's CSRF token, sent with every form that changes something. */
export function CsrfInput({ value }: { value: string }) {
  return <input type="hidden" name="csrf" value={value} />;
}

/** The form's own errors (those that belong to no field), at its top. */
export function FormErrors<S extends Record<string, unknown>>({ form }: { form: FormMetadata<S, string[]> }) {
  const t = useT();
  const error = errorText(t, form.errors);
  // With JavaScript the page stays where it was after the answer: bring the refusal into view.
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (error) ref.current?.focus();
  }, [error]);
  if (!error) return null;
  return (
    <p className="error" id={form.errorId} role="alert" tabIndex={-1} ref={ref}>
      {error}
    </p>
  );
}

/** Every refusal of a form in one list at its top (each field also shows its own). */
export function ErrorSummary<S extends Record<string, unknown>>({ form, title, atTop = false }: { form: FormMetadata<S, string[]>; title?: string; atTop?: boolean }) {
  const t = useT();
  // atTop: the summary opens a long page whose form is far below (without JavaScript the page
  // reloads at its top), so it links to the form.
  return <ErrorList entries={Object.entries(form.allErrors)} title={title ?? t("admin.errors.summary")} link={atTop ? { href: `#${form.id}`, text: t("errors.app.toForm") } : undefined} />;
}

/** Refusals by field, as one list under a title (nothing when there are none). */
function ErrorList({ entries, title, link }: { entries: [string, string[] | null | undefined][]; title: string; link?: { href: string; text: string } }) {
  const t = useT();
  const shown = entries.filter((e): e is [string, string[]] => Boolean(e[1]?.length));
  if (shown.length === 0) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1}>
      <p>{title}</p>
      <ul>
        {shown.map(([field, msgs]) => (
          <li key={field || "form"}>{msgs.map((m) => translateError(t, m)).join(" ")}</li>
        ))}
      </ul>
      {link ? (
        <p>
          <a href={link.href}>{link.text}</a>
        </p>
      ) : null}
    </div>
  );
}

/**
 * One choice of several as radio buttons in a fieldset, its legend the label. Each radio's id is
 * "<field id>-<value>"; the group's hint and error hang on the fieldset.
 */
export function RadioGroupField({ meta, legend, hint, choices }: { meta: Meta; legend: ReactNode; hint?: ReactNode; choices: readonly Choice[] }) {
  const t = useT();
  const error = errorText(t, meta.errors);
  return (
    <fieldset className={error ? "field choices has-error" : "field choices"} {...describedBy(meta, Boolean(hint))}>
      <legend>{legend}</legend>
      {hint ? (
        <p className="hint" id={meta.descriptionId}>
          {hint}
        </p>
      ) : null}
      {choices.map((c) => {
        const { key, ...props } = getInputProps(meta, { type: "radio", value: c.value, ariaAttributes: false });
        return (
          // conform's key remounts the control when the form is reset.
          <label key={`${key ?? ""}-${c.value}`}>
            <input {...props} id={`${meta.id}-${c.value}`} /> {c.label}
          </label>
        );
      })}
      {error ? (
        <p className="error" id={meta.errorId} role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

/**
 * The refusal of a form that is not on the page (any more): a stale page, a decided request, a
 * row gone since. `shown` lists the ids of the forms the page renders; an answer for any other
 * is shown here, so no refusal goes unsaid.
 */
export function StrayErrors({ actionData, shown, title }: { actionData: unknown; shown: readonly string[]; title?: string }) {
  const t = useT();
  if (!isFormReply(actionData) || shown.includes(actionData.intent)) return null;
  return <ErrorList entries={Object.entries(actionData.result.error ?? {})} title={title ?? t("admin.errors.summary")} />;
}
