import type { MessageKey } from "../i18n/index";

/**
 * The one error type of a refusal (ADR 022). A service throws it; the route edge
 * (app/lib/route-edge.server.ts) turns it into the HTTP status below and a message in the
 * reader's language — on the form that caused it when there is one, else on the page.
 *
 * The code says what kind of fault it is (so the same fault gets the same answer on every page);
 * `message` says what exactly, as a catalogue key; `field` names the form field it belongs to.
 */
export const APP_ERROR_STATUS = {
  /** The input breaks a rule the user can fix. */
  invalid_input: 400,
  /** A form asked for something this page does not do. */
  unknown_intent: 400,
  /** The credentials or the code presented were not accepted (sign-in). */
  unauthenticated: 401,
  /** The CSRF token is missing or stale: the page has expired. */
  stale_form: 403,
  /** The signed-in person may not do this. */
  forbidden: 403,
  /** There is no such thing, or the viewer may not know it exists. */
  not_found: 404,
  /** The thing is no longer in a state that allows this (someone else acted first). */
  conflict: 409,
  /** It existed but has run out (an expired link). */
  gone: 410,
  /** The request body is over its limit. */
  too_large: 413,
  /** Too many attempts; `retryAfterSeconds` says when to try again. */
  rate_limited: 429,
} as const;

export type AppErrorCode = keyof typeof APP_ERROR_STATUS;

/** What a page says for a code when the service gives no more precise message. */
export const APP_ERROR_MESSAGE = {
  invalid_input: "errors.app.invalid_input",
  unknown_intent: "errors.app.unknown_intent",
  unauthenticated: "errors.app.unauthenticated",
  stale_form: "errors.csrf",
  forbidden: "errors.forbidden",
  not_found: "errors.notFound",
  conflict: "errors.app.conflict",
  gone: "errors.app.gone",
  too_large: "errors.tooLarge",
  rate_limited: "errors.app.rate_limited",
} as const satisfies Record<AppErrorCode, MessageKey>;

export type AppErrorOptions = {
  message?: MessageKey;
  field?: string;
  /** Parameters of the message, e.g. a file's number ({n}). */
  params?: Record<string, string | number>;
  retryAfterSeconds?: number;
};

export class AppError extends Error {
  readonly status: number;
  readonly messageKey: MessageKey;
  readonly field: string | undefined;
  readonly params: Record<string, string | number> | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly code: AppErrorCode,
    options: AppErrorOptions = {},
  ) {
    super(`${code}: ${options.message ?? APP_ERROR_MESSAGE[code]}${options.field ? ` (${options.field})` : ""}`);
    this.name = "AppError";
    this.status = APP_ERROR_STATUS[code];
    this.messageKey = options.message ?? APP_ERROR_MESSAGE[code];
    this.field = options.field;
    this.params = options.params;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** A refusal as it travels to the page: the message key with its parameters ("key|n=2"). */
export function errorMessageOf(e: AppError): string {
  return encodeMessage(e.messageKey, e.params);
}

/**
 * Form errors are strings (conform carries string[] per field), so a message with parameters
 * is encoded as "key|name=value|…" and decoded by the field kit.
 */
export function encodeMessage(key: string, params?: Record<string, string | number>): string {
  if (!params) return key;
  return [key, ...Object.entries(params).map(([k, v]) => `${k}=${String(v).replaceAll("|", "")}`)].join("|");
}

export function decodeMessage(encoded: string): { key: string; params: Record<string, string> | undefined } {
  const [key, ...rest] = encoded.split("|");
  if (rest.length === 0) return { key: key!, params: undefined };
  const params: Record<string, string> = {};
  for (const part of rest) {
    const eq = part.indexOf("=");
    // The older form "key|2" carried only a file number.
    if (eq < 0) params.n = part;
    else params[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return { key: key!, params };
}
