import { z } from "zod";
import { checkbox } from "./fields";
import { ACCIDENT_LEVELS, FINDINGS } from "../domain/outcomes";
import { encodeMessage } from "../lib/app-error";
import { findPersonalData, PUBLIC_SUMMARY_MAX, PUBLIC_SUMMARY_ZH_MIN } from "../domain/public-summary";
import { itemRows } from "./rectification";

/**
 * The agency's case-handling forms. One schema per form; messages are i18n keys. The forms are
 * parsed by conform, which turns an empty field into a missing one: a required text says its
 * message for "missing" too.
 */
const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const count = (code: string) => z.preprocess(emptyToUndefined, z.coerce.number(code).int(code).min(0, code).max(1_000_000, code).optional());

export { ACCIDENT_LEVELS, FINDINGS };

export const NOTE_MAX = 5000;
export const noteSchema = z.object({ body: z.string({ error: "errors.note.empty" }).trim().min(1, "errors.note.empty").max(NOTE_MAX, "errors.message.tooLong") });

/** Adds one issue per phone number, ID number or email address found in a public summary field (the same message as the service's refusal). */
function checkPersonalData(text: string | undefined, path: string, ctx: z.RefinementCtx) {
  if (!text) return;
  for (const f of findPersonalData(text)) ctx.addIssue({ code: "custom", path: [path], message: encodeMessage(`errors.publicSummary.${f.kind}`, { n: f.match }) });
}

export const concludeSchema = z
  .object({
    finding: z.enum(FINDINGS, { error: "errors.conclude.findingRequired" }),
    rectificationOrdered: checkbox,
    /** The rectification items (整改清单, docs/decisions/037): 1..N when rectification is ordered. */
    items: itemRows,
    fineCny: count("errors.conclude.fineInvalid"),
    suspension: checkbox,
    closure: checkbox,
    criminalReferral: checkbox,
    officialsHeldAccountable: count("errors.conclude.countInvalid"),
    admonitoryTalk: checkbox,
    accidentLevel: z.preprocess(emptyToUndefined, z.enum(ACCIDENT_LEVELS, { error: "errors.conclude.accidentLevelRequired" }).optional()),
    concealedDeathsVerified: count("errors.conclude.countInvalid"),
    publicSummaryZh: z
      .string({ error: "errors.publicSummary.zhRequired" })
      .trim()
      .min(PUBLIC_SUMMARY_ZH_MIN, "errors.publicSummary.zhLength")
      .max(PUBLIC_SUMMARY_MAX, "errors.publicSummary.zhLength"),
    publicSummaryEn: z.preprocess(emptyToUndefined, z.string().trim().max(2 * PUBLIC_SUMMARY_MAX, "errors.text.tooLong.4000").optional()),
  })
  .superRefine((v, ctx) => {
    checkPersonalData(v.publicSummaryZh, "publicSummaryZh", ctx);
    checkPersonalData(v.publicSummaryEn, "publicSummaryEn", ctx);
  });
export type ConcludeInput = z.infer<typeof concludeSchema>;

export const verifySchema = z.object({ note: z.string({ error: "errors.verify.noteRequired" }).trim().min(5, "errors.verify.noteRequired").max(2000, "errors.text.tooLong.2000") });

export const extensionRequestSchema = z.object({
  days: z.preprocess(emptyToUndefined, z.coerce.number("errors.extension.days").int("errors.extension.days").min(1, "errors.extension.days").max(30, "errors.extension.days")),
  reason: z.string({ error: "errors.extension.reasonRequired" }).trim().min(5, "errors.extension.reasonRequired").max(1000, "errors.text.tooLong.1000"),
});

export const extensionDecisionSchema = z.object({
  decision: z.enum(["approve", "refuse"], { error: "errors.extension.decisionRequired" }),
  reason: z.preprocess(emptyToUndefined, z.string().trim().max(1000, "errors.text.tooLong.1000").optional()),
});

export const reopenSchema = z.object({ reason: z.string({ error: "errors.reopen.reasonRequired" }).trim().min(5, "errors.reopen.reasonRequired").max(2000, "errors.text.tooLong.2000") });

/** A supervisor's decision on a tipster's dispute (/staff/reviews): the button says which. */
export const reviewSchema = z.object({
  reference: z.string({ error: "errors.notFound" }).trim().min(1, "errors.notFound"),
  reason: z.string({ error: "errors.review.reasonRequired" }).trim().min(1, "errors.review.reasonRequired").max(2000, "errors.text.tooLong.2000"),
});
export type ReviewInput = z.infer<typeof reviewSchema>;

export type NoteInput = z.infer<typeof noteSchema>;
export type VerifyInput = z.infer<typeof verifySchema>;
export type ExtensionRequestInput = z.infer<typeof extensionRequestSchema>;
export type ExtensionDecisionInput = z.infer<typeof extensionDecisionSchema>;
export type ReopenInput = z.infer<typeof reopenSchema>;

/** The name of the evidence file input (shared by the page and the server). */
export const EVIDENCE_FIELD = "evidence";
