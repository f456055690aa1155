import type { FieldErrors } from "../forms/report";
import type { ParsedForm } from "../lib/multipart.server";
import { hitRateLimit, RATE_LIMITS } from "../lib/rate-limit.server";
import { UserFacingError } from "./errors";
import { postTipMessage, storedAttachmentTotals } from "./post-tip-message.server";
import { prepareAttachments } from "./prepare-attachments.server";
import { replaceReceipt } from "./replace-receipt.server";
import { currentSessionKey, findTipByReceipt } from "./sign-in-with-receipt.server";
import { readTipsterSession, type TipsterSession } from "../lib/tipster-session.server";
import { problemCode } from "./submit-report.server";
import { claimReward } from "./claim-reward.server";
import { disputeConclusion } from "./dispute-conclusion.server";
import { checkReceipt } from "../domain/receipt";

export type StatusActionResult =
  | { kind: "signed-in"; tipId: string; receiptTag: string; epoch: number }
  | { kind: "sign-in-failed"; error: string; retryAfterMinutes?: number; status: number }
  | { kind: "replied" }
  | { kind: "reply-failed"; errors: FieldErrors; body: string; status: number }
  | { kind: "receipt-replaced"; receipt: string; receiptTag: string; epoch: number }
  | { kind: "disputed" }
  | { kind: "dispute-failed"; errors: FieldErrors; reason: string; status: number }
  | { kind: "claimed"; suggestedCny: number }
  | { kind: "claim-failed"; errors: FieldErrors; status: number };

/** Receipt sign-in, rate-limited per (hashed, daily-rotating) client address. */
export async function signInWithReceipt(receiptInput: string, clientAddress: string): Promise<StatusActionResult> {
  const limit = await hitRateLimit(RATE_LIMITS.receiptSignIn, clientAddress);
  if (!limit.allowed) return { kind: "sign-in-failed", error: "errors.rateLimited", retryAfterMinutes: Math.max(1, Math.ceil(limit.retryAfterSeconds / 60)), status: 429 };
  const checked = checkReceipt(receiptInput);
  if (!checked.ok) return { kind: "sign-in-failed", error: checked.problem === "check_digit" ? "status.signin.checkDigit" : "status.signin.typo", status: 400 };
  const found = await findTipByReceipt(receiptInput);
  if (!found) return { kind: "sign-in-failed", error: "status.signin.failed", status: 401 };
  return { kind: "signed-in", tipId: found.tipId, receiptTag: found.receiptTag, epoch: found.epoch };
}

/** The tipster answers or adds evidence. */
export async function replyAsTipster(tipId: string, form: ParsedForm, clientAddress: string): Promise<StatusActionResult> {
  const body = String(form.fields.get("body") ?? "");
  if (form.problem) return { kind: "reply-failed", errors: { attachments: [problemCode(form.problem)] }, body, status: 400 };
  const limit = await hitRateLimit(RATE_LIMITS.tipsterMessage, clientAddress);
  if (!limit.allowed) return { kind: "reply-failed", errors: { body: ["errors.rateLimited"] }, body, status: 429 };
  const prepared = await prepareAttachments(form.files, await storedAttachmentTotals(tipId));
  if (!prepared.ok) return { kind: "reply-failed", errors: { attachments: [problemCode(prepared.problem)] }, body, status: 400 };
  try {
    await postTipMessage({ tipId, author: { type: "tipster" }, body, files: prepared.files });
    return { kind: "replied" };
  } catch (e) {
    if (e instanceof UserFacingError) return { kind: "reply-failed", errors: { [e.field ?? "body"]: [e.code] }, body, status: e.status };
    throw e;
  }
}

/** The tipster disputes the conclusion of their closed case (rate-limited like messages). */
export async function disputeAsTipster(tipId: string, reason: string, clientAddress: string): Promise<StatusActionResult> {
  const limit = await hitRateLimit(RATE_LIMITS.tipsterMessage, clientAddress);
  if (!limit.allowed) return { kind: "dispute-failed", errors: { reason: ["errors.tipster.rateLimited"] }, reason, status: 429 };
  try {
    await disputeConclusion(tipId, reason);
    return { kind: "disputed" };
  } catch (e) {
    if (e instanceof UserFacingError) return { kind: "dispute-failed", errors: { [e.field ?? "reason"]: [e.code] }, reason, status: e.status };
    throw e;
  }
}

/** The tipster claims the reward (rate-limited like messages). */
export async function claimRewardAsTipster(tipId: string, clientAddress: string): Promise<StatusActionResult> {
  const limit = await hitRateLimit(RATE_LIMITS.tipsterMessage, clientAddress);
  if (!limit.allowed) return { kind: "claim-failed", errors: { reward: ["errors.tipster.rateLimited"] }, status: 429 };
  try {
    const r = await claimReward(tipId);
    return { kind: "claimed", suggestedCny: r.suggestedCny };
  } catch (e) {
    if (e instanceof UserFacingError) return { kind: "claim-failed", errors: { [e.field ?? "reward"]: [e.code] }, status: e.status };
    throw e;
  }
}

export async function replaceTipsterReceipt(tipId: string): Promise<StatusActionResult> {
  const { receipt, epoch } = await replaceReceipt(tipId);
  return { kind: "receipt-replaced", receipt, receiptTag: (await currentSessionKey(tipId))?.receiptTag ?? "", epoch };
}

/**
 * The signed-in tipster, checked against the database: a session opened with a receipt that has
 * since been replaced, or before a sign-out (another epoch), or for a tip that no longer exists,
 * is over; so is one idle for more than 20 minutes by the time signed inside its cookie.
 */
export async function currentTipster(request: Request, now = Date.now()): Promise<{ session: TipsterSession; expired: boolean }> {
  const read = await readTipsterSession(request, now);
  if (!read.session) return read;
  const key = await currentSessionKey(read.session.tipId);
  if (!key || key.receiptTag !== read.session.receiptTag || key.epoch !== read.session.epoch) return { session: null, expired: true };
  return read;
}
