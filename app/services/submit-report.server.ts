import type { AttachmentProblem } from "../lib/attachments.server";
import { chosenPlace, fieldErrors, reportSchema, type FieldErrors, type ReportForm } from "../forms/report";
import { verifyCaptcha } from "../lib/captcha.server";
import { env } from "../lib/env.server";
import type { ParsedForm } from "../lib/multipart.server";
import { formValues } from "../lib/multipart.server";
import { hitRateLimit, RATE_LIMITS, type RateLimitResult } from "../lib/rate-limit.server";
import { UserFacingError } from "./errors";
import { fileTip, type FiledTip, type NewTip } from "./file-tip.server";
import { prepareAttachments } from "./prepare-attachments.server";

export type SubmitReportResult =
  | { ok: true; filed: FiledTip }
  | { ok: false; errors: FieldErrors; values: Record<string, string>; status: number; retryAfterMinutes?: number };

/**
 * The /report form, end to end: validate, apply the address's tip limit, verify the captcha (a
 * failure only marks the tip unverified and applies the stricter limit too), re-encode the files,
 * file the tip.
 */
export async function submitReport(form: ParsedForm, clientAddress: string): Promise<SubmitReportResult> {
  const values = formValues(form.fields);
  delete values.captchaToken;
  const parsed = reportSchema.safeParse(formValues(form.fields));
  const errors: FieldErrors = parsed.success ? {} : fieldErrors(parsed.error);
  if (form.problem) errors.attachments = [problemCode(form.problem)];
  if (!parsed.success || form.problem) return { ok: false, errors, values, status: 400 };
  const input = parsed.data;

  // Cheapest refusal first: the address's limit (one query) before the captcha call (a network
  // round trip) and both before any file is decoded (the CPU an abuser would spend).
  const rateLimited = (limit: RateLimitResult): SubmitReportResult => ({
    ok: false,
    errors: { form: ["errors.rateLimited"] },
    values,
    status: 429,
    retryAfterMinutes: Math.max(1, Math.ceil(limit.retryAfterSeconds / 60)),
  });
  const limit = await hitRateLimit(RATE_LIMITS.tip, clientAddress);
  if (!limit.allowed) return rateLimited(limit);
  const captcha = await verifyCaptcha(input.captchaToken);
  if (captcha === "unverified") {
    const stricter = await hitRateLimit(RATE_LIMITS.unverifiedTip, clientAddress);
    if (!stricter.allowed) return rateLimited(stricter);
  }

  const prepared = await prepareAttachments(form.files);
  if (!prepared.ok) return { ok: false, errors: { attachments: [problemCode(prepared.problem)] }, values, status: 400 };

  try {
    const filed = await fileTip({
      submissionId: input.submissionId,
      channel: "web",
      captcha,
      files: prepared.files,
      tip: tipFromForm(input),
    });
    return { ok: true, filed };
  } catch (e) {
    if (e instanceof UserFacingError) return { ok: false, errors: { [e.field ?? "form"]: [e.code] }, values, status: e.status };
    throw e;
  }
}

/** The tip as the form gave it (the web form and the hotline operator's form alike). */
export function tipFromForm(input: ReportForm): NewTip {
  return {
    sectorCode: input.sector,
    placeCode: chosenPlace(input)!,
    companyName: input.company,
    content: { description: input.description, address: input.address, observedOn: input.observedOn },
    contact: { name: input.contactName, phone: input.contactPhone, email: input.contactEmail },
    majorHazard: input.majorHazard,
    concealedAccident: input.concealedAccident,
    deaths: input.deaths,
    officialsImplicated: input.officialsImplicated,
    implicatedLevel: input.implicatedLevel,
    tipsterWorksThere: input.tipsterWorksThere,
  };
}

export function problemCode(p: AttachmentProblem): string {
  return `errors.attachments.${p.code}` + (p.index !== undefined ? `|${p.index + 1}` : "");
}

export const captchaPublicConfig = () => {
  const h = env().hcaptcha;
  return h ? { siteKey: h.siteKey, scriptUrl: h.scriptUrl } : null;
};
