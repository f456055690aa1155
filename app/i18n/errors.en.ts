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
  // Issue 13 (queue): claims and stale decisions.
  "errors.claim.heldByOther": "{name} has been handling this tip since {since}. If you must decide it yourself, tick “decide anyway” and submit again.",
  "errors.claim.alreadyClaimed": "{name} has been handling this tip since {since}.",
  "errors.claim.raced": "Someone has just claimed this tip. Please reload the page.",
  "errors.claim.notYours": "You did not claim this tip, so you cannot release it.",
  "errors.stale.route": "{reference} was routed to {agency} by {name} at {time} — your decision was not applied.",
  "errors.stale.reject": "{reference} was rejected by {name} at {time} — your decision was not applied.",
  "errors.stale.merge": "{reference} was merged into {into} by {name} at {time} — your decision was not applied.",
  "errors.stale.changed": "{reference} was changed by {name} at {time} — your decision was not applied. Please look at where it stands now.",
};
