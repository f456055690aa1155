import { decodeMessage } from "~/lib/app-error";
import { tKnown, useT, type Translate } from "~/i18n";

/** Error codes may carry parameters: "errors.attachments.unreadable|n=2" (app/lib/app-error.ts encodeMessage). */
export function translateError(t: Translate, code: string): string {
  const { key, params } = decodeMessage(code);
  return tKnown(t, key, params);
}

/** A labelled form control with its hint and its errors, wired for screen readers. */
export function Field({
  id,
  label,
  hint,
  errors,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  errors?: string[];
  children: React.ReactNode;
}) {
  const t = useT();
  return (
    <div className={errors?.length ? "field has-error" : "field"}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {children}
      {errors?.length ? (
        <p className="error" id={`${id}-error`} role="alert">
          {errors.map((e) => translateError(t, e)).join(" ")}
        </p>
      ) : null}
    </div>
  );
}

/** aria attributes for a control inside <Field>. */
export function describedBy(id: string, opts: { hint?: boolean; errors?: string[] }) {
  const ids = [opts.hint ? `${id}-hint` : "", opts.errors?.length ? `${id}-error` : ""].filter(Boolean).join(" ");
  return { "aria-describedby": ids || undefined, "aria-invalid": opts.errors?.length ? true : undefined };
}
