import { eq } from "drizzle-orm";
import { tips } from "../../db/schema/index";
import { checkReceipt } from "../domain/receipt";
import { AppError } from "../lib/app-error";
import type { AttachmentProblem } from "../lib/attachments.server";
import { db } from "../lib/db.server";
import { hitRateLimit, RATE_LIMITS, type RateLimitResult } from "../lib/rate-limit.server";
import { readTipsterSession, type TipsterSession } from "../lib/tipster-session.server";
import { attachmentRefusal } from "./case-evidence.server";
import { claimReward } from "./claim-reward.server";
import { disputeConclusion } from "./dispute-conclusion.server";
import { postTipMessage, storedAttachmentTotals } from "./post-tip-message.server";
import { prepareAttachments } from "./prepare-attachments.server";
import { replaceReceipt } from "./replace-receipt.server";
import { currentSessionKey, findTipByReceipt } from "./sign-in-with-receipt.server";

/** What a receipt opens: the tip, and the key its session cookie is bound to. */
export type TipsterSignIn = { tipId: string; receiptTag: string; epoch: number };

/** Too many attempts from this address: the message says in how many minutes to try again. */
function tooMany(limit: RateLimitResult, message: "errors.rateLimited" | "errors.tipster.rateLimited", field?: string): AppError {
  const minutes = Math.max(1, Math.ceil(limit.retryAfterSeconds / 60));
  return new AppError("rate_limited", { field, message, params: message === "errors.rateLimited" ? { minutes } : undefined, retryAfterSeconds: limit.retryAfterSeconds });
}

/**
 * Receipt sign-in, rate-limited per (hashed, daily-rotating) client address. A mistyped receipt
 * is refused as invalid input (it opens nothing, so the page gives it back to correct); a
 * well-formed one that opens nothing as unauthenticated.
 */
export async function signInWithReceipt(receiptInput: string, clientAddress: string): Promise<TipsterSignIn> {
  const limit = await hitRateLimit(RATE_LIMITS.receiptSignIn, clientAddress);
  if (!limit.allowed) throw tooMany(limit, "errors.rateLimited");
  const checked = checkReceipt(receiptInput);
  if (!checked.ok) throw new AppError("invalid_input", { field: "receipt", message: checked.problem === "check_digit" ? "status.signin.checkDigit" : "status.signin.typo" });
  const found = await findTipByReceipt(receiptInput);
  if (!found) throw new AppError("unauthenticated", { field: "receipt", message: "status.signin.failed" });
  return { tipId: found.tipId, receiptTag: found.receiptTag, epoch: found.epoch };
}

/** The reply form as the multipart reader gave it: the text, the files and the limits' verdict. */
export type TipsterReply = { body: string; files: Buffer[]; problem: AttachmentProblem | null };

/** The tipster answers or adds evidence. */
export async function replyAsTipster(tipId: string, reply: TipsterReply, clientAddress: string): Promise<void> {
  if (reply.problem) throw attachmentRefusal(reply.problem, "attachments");
  const limit = await hitRateLimit(RATE_LIMITS.tipsterMessage, clientAddress);
  if (!limit.allowed) throw tooMany(limit, "errors.rateLimited", "body");
  const prepared = await prepareAttachments(reply.files, await storedAttachmentTotals(tipId));
  if (!prepared.ok) throw attachmentRefusal(prepared.problem, "attachments");
  await postTipMessage({ tipId, author: { type: "tipster" }, body: reply.body, files: prepared.files });
}

/** The tipster disputes the conclusion of their closed case (rate-limited like messages). */
export async function disputeAsTipster(tipId: string, reason: string, clientAddress: string): Promise<void> {
  const limit = await hitRateLimit(RATE_LIMITS.tipsterMessage, clientAddress);
  if (!limit.allowed) throw tooMany(limit, "errors.tipster.rateLimited", "reason");
  await disputeConclusion(tipId, reason);
}

/** The tipster claims the reward (rate-limited like messages). */
export async function claimRewardAsTipster(tipId: string, clientAddress: string): Promise<{ suggestedCny: number }> {
  const limit = await hitRateLimit(RATE_LIMITS.tipsterMessage, clientAddress);
  if (!limit.allowed) throw tooMany(limit, "errors.tipster.rateLimited", "reward");
  return claimReward(tipId);
}

/** A new receipt for the tip (shown once, with the tip's reference), and the session key that goes with it. */
export async function replaceTipsterReceipt(tipId: string): Promise<{ receipt: string; reference: string } & Omit<TipsterSignIn, "tipId">> {
  const { receipt, epoch } = await replaceReceipt(tipId);
  const [tip] = await db().select({ reference: tips.reference }).from(tips).where(eq(tips.id, tipId));
  return { receipt, reference: tip?.reference ?? "", receiptTag: (await currentSessionKey(tipId))?.receiptTag ?? "", epoch };
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
