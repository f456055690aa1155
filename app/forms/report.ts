import { z } from "zod";
import { checkbox } from "./fields";
import { SECTOR_CODES } from "../../db/seed/reference-data";

/**
 * The tip form (/report; the hotline operator's form adds its channel, app/forms/hotline.ts).
 * Checked on the server only (ADR 022); messages are i18n keys, the page translates them.
 */
const placeCode = z.string().regex(/^\d{6}$/, "errors.place.invalid");
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `errors.text.tooLong.${max}`)
    .optional()
    .transform((v) => (v ? v : undefined));

export const DESCRIPTION_MIN = 20;
export const DESCRIPTION_MAX = 10_000;

/** The tip's own fields, without the rules between them (`tipRules`). */
export const tipFields = z.object({
  submissionId: z.string().regex(/^[A-Za-z0-9_-]{22,64}$/, "errors.form.expired"),
  sector: z.enum(SECTOR_CODES, { error: "errors.sector.required" }),
  province: placeCode.optional().or(z.literal("").transform(() => undefined)),
  city: placeCode.optional().or(z.literal("").transform(() => undefined)),
  county: placeCode.optional().or(z.literal("").transform(() => undefined)),
  address: optionalText(500),
  company: optionalText(200),
  description: z
    .string({ error: "errors.description.required" })
    .trim()
    .min(1, "errors.description.required")
    .min(DESCRIPTION_MIN, "errors.description.tooShort")
    .max(DESCRIPTION_MAX, "errors.description.tooLong"),
  observedOn: z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(z.iso.date("errors.observedOn.invalid").optional()),
  majorHazard: checkbox,
  concealedAccident: checkbox,
  deaths: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() !== "" ? v.trim() : undefined))
    .pipe(z.string().regex(/^\d+$/, "errors.deaths.invalid").transform(Number).pipe(z.number().int("errors.deaths.invalid").min(0, "errors.deaths.invalid").max(10_000, "errors.deaths.invalid")).optional()),
  officialsImplicated: checkbox,
  implicatedLevel: z
    .enum(["county", "city", "province"])
    .optional()
    .or(z.literal("").transform(() => undefined)),
  tipsterWorksThere: checkbox,
  contactName: optionalText(100),
  contactPhone: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(z.string().regex(/^[+\d][\d\s-]{5,24}$/, "errors.contactPhone.invalid").optional()),
  contactEmail: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(z.email("errors.contactEmail.invalid").max(254, "errors.contactEmail.invalid").optional()),
  /** Email me when there is news (only that): needs the e-mail address. */
  newsByEmail: checkbox,
  /** Honeypot: hidden from people, filled by naive bots. */
  website: z.string().max(0, "errors.form.honeypot").optional(),
});

type TipFields = z.output<typeof tipFields>;

/**
 * The rules between fields. They run even when a field is wrong (`when`), so one answer lists
 * every error; a field that already has its own error gets no second one.
 */
export function tipRules(v: TipFields, ctx: z.RefinementCtx<TipFields>) {
  const fine = (field: string) => !ctx.issues.some((i) => i.path?.[0] === field);
  if (!v.province && fine("province")) ctx.addIssue({ code: "custom", path: ["province"], message: "errors.place.required" });
  if (v.officialsImplicated && !v.implicatedLevel && fine("implicatedLevel"))
    ctx.addIssue({ code: "custom", path: ["implicatedLevel"], message: "errors.implicatedLevel.required" });
  if (v.newsByEmail && !v.contactEmail && fine("contactEmail") && fine("newsByEmail"))
    ctx.addIssue({ code: "custom", path: ["newsByEmail"], message: "errors.newsByEmail.withoutEmail" });
  if (v.deaths !== undefined && !v.concealedAccident && fine("deaths"))
    ctx.addIssue({ code: "custom", path: ["deaths"], message: "errors.deaths.withoutAccident" });
}

/** Run the cross-field rules whatever else is wrong. */
export const ALWAYS = { when: () => true };

export const reportSchema = tipFields.superRefine(tipRules, ALWAYS);

export type ReportForm = z.infer<typeof reportSchema>;

/** The most precise place given: county, else city, else province. */
export function chosenPlace(v: Pick<ReportForm, "province" | "city" | "county">): string | undefined {
  return v.county ?? v.city ?? v.province;
}

