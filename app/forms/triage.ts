import { z } from "zod";
import { checkbox } from "./fields";
import { REJECTION_REASONS } from "../domain/case-state";
import { SECTOR_CODES } from "../../db/seed/reference-data";
import { QUEUE_SORTS } from "../domain/triage-urgency";

/** Triage and agency decisions. One schema per form; messages are i18n keys (a required text says its message when left empty: conform sends it as missing). */
const code6 = z.string({ error: "errors.place.invalid" }).regex(/^\d{6}$/, "errors.place.invalid");
const emptyToUndefined = (v: unknown) => (v === "" ? undefined : v);

export const queueFiltersSchema = z.object({
  sector: z.preprocess(emptyToUndefined, z.enum(SECTOR_CODES).optional()),
  place: z.preprocess(emptyToUndefined, code6.optional()),
  flag: z.array(z.enum(["major_hazard", "concealed_accident", "officials_implicated", "captcha_unverified"])).default([]),
  minAge: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(3650).optional()),
  q: z.preprocess(emptyToUndefined, z.string().trim().max(100).optional()),
  after: z.preprocess(emptyToUndefined, z.string().max(40).optional()),
  state: z.preprocess(emptyToUndefined, z.string().max(20).optional()),
  sort: z.preprocess(emptyToUndefined, z.enum(QUEUE_SORTS).optional()),
});

/** A decision's checkbox "decide anyway" (a tip someone else is handling, checked by the service) and its "… and open the next" button. */
const decisionExtras = {
  decideAnyway: checkbox,
  then: z.preprocess(emptyToUndefined, z.enum(["next"]).optional()),
};

export const rejectSchema = z.object({
  reason: z.enum(REJECTION_REASONS, { error: "errors.reject.reasonRequired" }),
  noteToTipster: z.string().trim().max(2000, "errors.text.tooLong.2000").optional(),
  ...decisionExtras,
});

/** The first step of a merge (which case to join), then the confirmation with its reason. */
export const mergeTargetSchema = z.object({ into: z.string({ error: "errors.merge.targetNotFound" }).trim().regex(/^JB\d{4}-\d{7,}$/i, "errors.merge.targetNotFound") });
export const mergeSchema = mergeTargetSchema.extend({
  reason: z.string({ error: "errors.merge.reasonRequired" }).trim().min(5, "errors.merge.reasonRequired").max(1000, "errors.text.tooLong.1000"),
});

export const routeSchema = z.object({
  agencyId: z.preprocess(emptyToUndefined, z.uuid("errors.route.noAgency").optional()),
  reason: z.string().trim().max(1000, "errors.text.tooLong.1000").optional(),
  ...decisionExtras,
});

export const correctSchema = z
  .object({
    sectorCode: z.enum(SECTOR_CODES, { error: "errors.sector.required" }),
    placeCode: code6,
    majorHazard: checkbox,
    concealedAccident: checkbox,
    deaths: z.preprocess(emptyToUndefined, z.coerce.number("errors.deaths.invalid").int("errors.deaths.invalid").min(0, "errors.deaths.invalid").max(10_000).optional()),
    officialsImplicated: checkbox,
    implicatedPlaceCode: z.preprocess(emptyToUndefined, code6.optional()),
    /** Needed (and checked by the service) only when the implication is cleared or narrowed. */
    implicationReason: z.string().trim().max(1000, "errors.text.tooLong.1000").optional(),
  })
  .superRefine((v, ctx) => {
    if (v.officialsImplicated && !v.implicatedPlaceCode) ctx.addIssue({ code: "custom", path: ["implicatedPlaceCode"], message: "errors.implicatedLevel.required" });
  });

export const askSchema = z.object({ question: z.string({ error: "errors.ask.tooShort" }).trim().min(5, "errors.ask.tooShort").max(5000, "errors.message.tooLong") });

export const returnSchema = z.object({ reason: z.string({ error: "errors.return.reasonRequired" }).trim().min(5, "errors.return.reasonRequired").max(2000, "errors.text.tooLong.2000") });

/** "I am handling this" and its release: no fields. */
export const claimSchema = z.object({});

/** What a decision's 303 tells the next page it did (?done=…&ref=…#notice). */
export const TRIAGE_NOTICES = ["routed", "rejected", "claimed", "released", "merged", "unmerged"] as const;
export type TriageNotice = (typeof TRIAGE_NOTICES)[number];
export const noticeSchema = z.object({
  done: z.enum(TRIAGE_NOTICES),
  ref: z.string().regex(/^JB\d{4}-\d{7,}$/),
  none: z.literal("1").optional(),
});

export type RejectInput = z.infer<typeof rejectSchema>;
export type RouteInput = z.infer<typeof routeSchema>;
export type CorrectInput = z.infer<typeof correctSchema>;
export type AskInput = z.infer<typeof askSchema>;
export type ReturnInput = z.infer<typeof returnSchema>;
