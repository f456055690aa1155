import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type TypedResponse } from "@remix-run/node";
import type { SubmissionResult } from "@conform-to/react";
import { z } from "zod";
import { AppError, errorMessageOf, isAppError } from "./app-error";

/**
 * The route edge (ADR 022): where a thrown AppError becomes an HTTP answer, the same for the same
 * fault on every page.
 *
 * - In a loader, or in an action before there is a form to answer on, `orRefuse(promise)` (or
 *   `refusal(error)`) turns it into a thrown `data({ refusal }, status)`: the route's
 *   ErrorBoundary (app/components/route-error-boundary.tsx) shows the message.
 * - In a form's action, `submitForm` / `submitIntent` parse the fields with conform + zod, run the
 *   service, and answer with conform's reply — field errors, or the refusal on the field it names
 *   (else on the form), with what was typed kept (passwords and the CSRF token never echoed).
 */

/** What a page's error boundary receives: the fault and its message (a catalogue key). */
export type Refusal = { code: AppError["code"]; message: string; retryAfterSeconds?: number };

/** The answer for an AppError, to throw: an error response with its status. */
export function refusal(e: AppError) {
  const headers: HeadersInit = e.retryAfterSeconds ? { "Retry-After": String(e.retryAfterSeconds) } : {};
  const body: Refusal = { code: e.code, message: errorMessageOf(e), ...(e.retryAfterSeconds ? { retryAfterSeconds: e.retryAfterSeconds } : {}) };
  return data({ refusal: body }, { status: e.status, headers });
}

/** Awaits a service call; its AppError is thrown on as the HTTP answer. */
export async function orRefuse<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (isAppError(e)) throw refusal(e);
    throw e;
  }
}

// For answering an unknown intent with the submitted values kept.
const ANYTHING = z.looseObject({});

/** Fields never sent back to the page with a refusal. */
const NEVER_ECHOED = ["csrf", "password", "currentPassword", "newPassword", "confirm", "code"];

/** What a form's action answers: which form (its intent) and conform's reply for it. */
export type FormReply = { intent: string; result: SubmissionResult<string[]>; done: boolean };

type Answer = ReturnType<typeof data<FormReply>>;

function dedupe(issues: readonly { message: string }[]): string[] {
  return [...new Set(issues.map((i) => i.message))];
}

function replyTo(intent: string, result: SubmissionResult<string[]>, status: number, done = false, headers?: HeadersInit): Answer {
  return data({ intent, result, done }, { status, headers });
}

/** The reply for an AppError on a parsed (or unparsed) submission. */
function refusalReply(intent: string, submission: { reply: (o?: object) => SubmissionResult<string[]> }, e: AppError, headers?: HeadersInit, secret: readonly string[] = []): Answer {
  const message = errorMessageOf(e);
  // A secret field comes back only when it is the input itself that is wrong (invalid_input).
  const hideFields = e.code === "invalid_input" ? NEVER_ECHOED : [...NEVER_ECHOED, ...secret];
  const result = e.field ? submission.reply({ fieldErrors: { [e.field]: [message] }, hideFields }) : submission.reply({ formErrors: [message], hideFields });
  const answerHeaders = new Headers(headers);
  if (e.retryAfterSeconds) answerHeaders.set("Retry-After", String(e.retryAfterSeconds));
  return replyTo(intent, result, e.status, false, answerHeaders);
}

export type SubmitOptions = {
  /** The form's id when the page has one form without an intent button. */
  intent?: string;
  /** Headers of every answer (e.g. Cache-Control: no-store on pages with secrets). */
  headers?: HeadersInit;
  /**
   * Fields given back with invalid input only, never with another refusal: a receipt the service
   * refused although well-formed may be someone's real one.
   */
  secret?: readonly string[];
};

/**
 * One form: parse with its schema, run the service with the parsed value, answer.
 * `run` may return a redirect (then that is the answer); otherwise the form is answered as done
 * (`done: true`, the fields reset).
 */
export async function submitForm<S extends z.ZodType>(
  form: FormData,
  schema: S,
  run: (value: z.output<S>) => Promise<TypedResponse<never> | Response | void | unknown>,
  options: SubmitOptions = {},
): Promise<Answer | Response> {
  const intent = options.intent ?? String(form.get("intent") ?? "");
  const submission = parseWithZod(form, { schema, formatError: dedupe });
  // Conform's own intents file nothing. A list button ("add another row") gets the form back with its new row (200);
  // revalidating a field as it is corrected is answered as a refusal while something is wrong (400).
  if (submission.status === undefined) {
    const refused = conformIntentType(form) === "validate" && hasFieldErrors(submission.error);
    return replyTo(intent, submission.reply({ hideFields: NEVER_ECHOED }), refused ? 400 : 200, false, options.headers);
  }
  if (submission.status !== "success") return replyTo(intent, submission.reply({ hideFields: NEVER_ECHOED }), 400, false, options.headers);
  try {
    const outcome = await run(submission.value);
    if (outcome instanceof Response) return outcome;
    return replyTo(intent, submission.reply({ resetForm: true }), 200, true, options.headers);
  } catch (e) {
    if (isAppError(e)) return refusalReply(intent, submission, e, options.headers, options.secret);
    throw e;
  }
}

function conformIntentType(form: FormData): string | null {
  const raw = form.get("__intent__");
  if (typeof raw !== "string") return null;
  try {
    const control: unknown = JSON.parse(raw);
    return typeof control === "object" && control !== null && "type" in control && typeof control.type === "string" ? control.type : null;
  } catch {
    return null;
  }
}

function hasFieldErrors(error: Record<string, string[] | null> | null | undefined): boolean {
  return Object.values(error ?? {}).some((messages) => (messages?.length ?? 0) > 0);
}

export type IntentHandler<S extends z.ZodType = z.ZodType> = {
  schema: S;
  run: (value: z.output<S>) => Promise<unknown>;
};

/** Declares one intent of a page with several forms (keeps the schema and run's types tied). */
export function intent<S extends z.ZodType>(schema: S, run: (value: z.output<S>) => Promise<unknown>): IntentHandler<S> {
  return { schema, run };
}

/**
 * A page with several forms, each with its `intent` button: the intent picks the schema and the
 * service; an intent the page does not offer (or that this viewer may not use: leave it out of
 * the table) gets the same 400 everywhere.
 */
export async function submitIntent(form: FormData, handlers: Record<string, IntentHandler | undefined | false>, options: Omit<SubmitOptions, "intent"> = {}): Promise<Answer | Response> {
  const name = String(form.get("intent") ?? "");
  const handler = Object.hasOwn(handlers, name) ? handlers[name] : undefined;
  if (!handler) {
    const submission = parseWithZod(form, { schema: ANYTHING, formatError: dedupe });
    return refusalReply(name, submission, new AppError("unknown_intent"), options.headers);
  }
  return submitForm(form, handler.schema, handler.run, { ...options, intent: name });
}

/** After a change, the page to show (303: the browser fetches it with GET, so a reload does not post again). */
export function seeOther(location: string) {
  return redirect(location, 303);
}

/**
 * One form whose success answers with a value for the page instead of a redirect (the recovery
 * codes shown once at enrolment): `run` returns it, answered as `data(value)` with the options'
 * headers; invalid input and refusals are answered as by `submitForm`.
 */
export async function submitFormWith<S extends z.ZodType, T>(
  form: FormData,
  schema: S,
  run: (value: z.output<S>) => Promise<T>,
  options: SubmitOptions = {},
): Promise<Answer | Response | ReturnType<typeof data<T>>> {
  // A box, not a `let`: TypeScript does not see assignments made inside the callback.
  const outcome: { value?: T; ran: boolean } = { ran: false };
  const answer = await submitForm(
    form,
    schema,
    async (input) => {
      outcome.value = await run(input);
      outcome.ran = true;
    },
    options,
  );
  if (!outcome.ran || outcome.value === undefined) return answer;
  return data(outcome.value, { headers: options.headers });
}
