import type { errorsZhCN } from "./errors.zh-CN";

/** The refusals of the one error type (app/lib/app-error.ts), when a service gives no more precise message. English. */
export const errorsEn: Record<keyof typeof errorsZhCN, string> = {
  "errors.app.invalid_input": "Something in the form is not right. Please correct it as shown and submit again.",
  "errors.app.unknown_intent": "Unknown action: reload the page and try again.",
  "errors.app.conflict": "This has changed in the meantime (someone may just have acted on it). Please reload the page to see where it stands.",
  "errors.app.rate_limited": "Too many attempts. Please try again later. Everything you typed has been kept.",
  "errors.app.unauthenticated": "The sign-in details are not correct. Please enter them again.",
  "errors.app.gone": "This link has expired.",
  "errors.app.toForm": "Go to the form to correct it",
  // Replies waiting (issue 13, part 2)
  "errors.newsByEmail.withoutEmail": "To be emailed when there is news, give an e-mail address — or untick the box.",
};
