import type { FormMetadata } from "@conform-to/react";
import { Fragment, type ReactNode } from "react";
import { useT } from "~/i18n";
import { decodeMessage } from "~/lib/app-error";
import { translateError } from "./field";

/**
 * The refusals of a sign-in form that belong to no field (wrong credentials, a lock, a rate
 * limit), at its top, each followed by what the page adds for it (`more`, by message key).
 */
export function AuthFormErrors<S extends Record<string, unknown>>({ form, more = {} }: { form: FormMetadata<S, string[]>; more?: Partial<Record<string, ReactNode>> }) {
  const t = useT();
  const errors = form.errors ?? [];
  if (errors.length === 0) return null;
  return (
    <div className="error-summary" id={form.errorId} role="alert">
      {errors.map((e) => (
        <p key={e}>{translateError(t, e)}</p>
      ))}
      {errors.map((e) => {
        const extra = more[decodeMessage(e).key];
        return extra ? <Fragment key={`more-${e}`}>{extra}</Fragment> : null;
      })}
    </div>
  );
}

/** The first refusal of the form that belongs to no field, as its message key (e.g. an expired link). */
export function formErrorKey<S extends Record<string, unknown>>(form: FormMetadata<S, string[]>): string | null {
  const first = form.errors?.[0];
  return first ? decodeMessage(first).key : null;
}
