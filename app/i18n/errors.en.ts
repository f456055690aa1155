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
  // The sector classifier's keyword table.
  "errors.keyword.sectorRequired": "Choose a sector.",
  "errors.keyword.phraseRequired": "Enter a keyword.",
  "errors.keyword.phraseTooLong": "A keyword has at most 40 characters.",
  "errors.keyword.weight": "The weight must be a whole number from -9 to 9, not 0.",
  "errors.keyword.duplicate": "This sector already has this keyword.",
  "errors.keyword.unknown": "This keyword no longer exists.",
  // Merging and its undo (issue #13).
  "errors.merge.sameMatterRequired": "The two tips differ in sector, county (district) or company: compare them, then tick “I have compared the two tips and they are the same matter” to merge.",
  "errors.unmerge.reasonRequired": "Please give a reason for undoing (at least 5 characters).",
  "errors.unmerge.notMerged": "This tip is not merged into another case: there is nothing to undo.",
  "errors.unmerge.concluded": "The case it joined has been concluded: this merge can no longer be undone.",
  // Joint handling (联办): asking, withdrawing and completing contributions; the lead's conclusion.
  "errors.joint.leadOnly": "Only the lead agency may do this. A contributing agency may see the case, add notes and evidence, and mark its part done.",
  "errors.joint.askerRole": "Only an agency officer or supervisor of the lead agency may ask another agency to contribute, or withdraw an ask.",
  "errors.joint.not_open_with_agency": "Another agency may be asked to contribute only while the lead agency has the case accepted, under investigation or in rectification.",
  "errors.joint.lead_itself": "The lead agency cannot ask itself to contribute. Please choose another agency.",
  "errors.joint.inactive": "This agency is deactivated and cannot be asked to contribute.",
  "errors.joint.outside_case_region": "Only agencies of the case's county, city or province, or of the national level, may be asked to contribute.",
  "errors.joint.implicated": "This agency lies in the region whose officials the tip implicates: it must stand aside and cannot be asked to contribute.",
  "errors.joint.already_asked": "This agency has already been asked to contribute.",
  "errors.joint.agencyRequired": "Please choose the agency to ask.",
  "errors.joint.requestLength": "Please say what is asked of the agency (5 to 2,000 characters).",
  "errors.joint.reasonLength": "Please give the reason for withdrawing the ask (5 to 1,000 characters).",
  "errors.joint.noteLength": "Please say what your agency did (5 to 2,000 characters).",
  "errors.joint.notAsked": "This contribution has already been marked done or withdrawn.",
  "errors.joint.notContributor": "Only an agency officer of the agency asked may mark its part done.",
  "errors.joint.contributionsOpen": "A contribution is still outstanding: {agencies}. Wait until it is done, or withdraw it, before concluding.",
  // Replies waiting (issue 13, part 2)
  "errors.newsByEmail.withoutEmail": "To be emailed when there is news, give an e-mail address — or untick the box.",
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
