import type { AttachmentProblem } from "../lib/attachments.server";
import { chosenPlace, type ReportForm } from "../forms/report";
import { AppError } from "../lib/app-error";
import { verifyCaptcha } from "../lib/captcha.server";
import { env } from "../lib/env.server";
import type { Upload } from "../lib/multipart.server";
import { hitRateLimit, RATE_LIMITS, type RateLimitResult } from "../lib/rate-limit.server";
import { fileTip, type FiledTip, type NewTip } from "./file-tip.server";
import { acceptUpload, attachmentRefusal } from "./prepare-attachments.server";

/** The form field the tip's files come in (the web form and the hotline operator's). */
export const TIP_FILES_FIELD = "attachments";

/**
 * The /report form, end to end once its fields are valid: apply the address's tip limit, verify
 * the captcha (a failure only marks the tip unverified and applies the stricter limit too),
 * re-encode the files, file the tip. Refusals are AppErrors: `rate_limited` (with the minutes to
 * wait), a file on `attachments`, an unknown sector or place.
 */
export async function submitReport(input: ReportForm, upload: Upload, opts: { clientAddress: string; captchaToken?: string }): Promise<FiledTip> {
  // Files the reader already refused (too many, too large): before anything is counted.
  if (upload.problem) throw attachmentRefusal(upload.problem, TIP_FILES_FIELD);

  // Cheapest refusal first: the address's limit (one query) before the captcha call (a network
  // round trip) and both before any file is decoded (the CPU an abuser would spend).
  const limit = await hitRateLimit(RATE_LIMITS.tip, opts.clientAddress);
  if (!limit.allowed) throw rateLimited(limit);
  const captcha = await verifyCaptcha(opts.captchaToken);
  if (captcha === "unverified") {
    const stricter = await hitRateLimit(RATE_LIMITS.unverifiedTip, opts.clientAddress);
    if (!stricter.allowed) throw rateLimited(stricter);
  }

  const files = await acceptUpload(upload, TIP_FILES_FIELD);
  return fileTip({ submissionId: input.submissionId, channel: "web", captcha, files, tip: tipFromForm(input) });
}

/** The refusal of a tip over the address's limit: 429, and the minutes to wait in the message. */
function rateLimited(limit: RateLimitResult): AppError {
  return new AppError("rate_limited", {
    message: "errors.rateLimited",
    params: { minutes: Math.max(1, Math.ceil(limit.retryAfterSeconds / 60)) },
    retryAfterSeconds: limit.retryAfterSeconds,
  });
}

/** The tip as the form gave it (the web form and the hotline operator's form alike). */
export function tipFromForm(input: ReportForm): NewTip {
  return {
    sectorCode: input.sector,
    placeCode: chosenPlace(input)!,
    companyName: input.company,
    content: { description: input.description, address: input.address, observedOn: input.observedOn },
    // The wish to be told is kept only with the address it needs (the form refuses it without one).
    contact: { name: input.contactName, phone: input.contactPhone, email: input.contactEmail, newsByEmail: input.contactEmail && input.newsByEmail ? true : undefined },
    majorHazard: input.majorHazard,
    concealedAccident: input.concealedAccident,
    deaths: input.deaths,
    officialsImplicated: input.officialsImplicated,
    implicatedLevel: input.implicatedLevel,
    tipsterWorksThere: input.tipsterWorksThere,
  };
}

/** The older encoding of a file's refusal ("key|n"), for the forms not yet on AppError (case evidence, the tipster's reply). */
export function problemCode(p: AttachmentProblem): string {
  return `errors.attachments.${p.code}` + (p.index !== undefined ? `|${p.index + 1}` : "");
}

export const captchaPublicConfig = () => {
  const h = env().hcaptcha;
  return h ? { siteKey: h.siteKey, scriptUrl: h.scriptUrl } : null;
};
