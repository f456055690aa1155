import { z } from "zod";
import { RESPONSIBLE_ROLES } from "../domain/rectification-item-state";

/**
 * The rectification items (整改清单) of a conclusion and the per-item forms of the case page
 * (docs/decisions/037). Messages are i18n keys.
 */
export const ITEM_ACTION_MAX = 500;
export const ITEM_ACTION_MIN = 4;
/** Blank rows the conclusion form starts with (without JavaScript, "add another row" posts the form for one more). */
export const BLANK_ITEM_ROWS = 3;
export const MAX_ITEMS = 30;

const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optionalText = z.preprocess(emptyToUndefined, z.string().trim().optional());
const isoDate = z.string({ error: "errors.date.invalid" }).regex(/^\d{4}-\d{2}-\d{2}$/, "errors.date.invalid");

/** One row of the conclusion's item list as posted: every field may be empty (an unused row). */
const itemRow = z.object({
  action: optionalText,
  responsibleRole: z.preprocess(emptyToUndefined, z.enum(RESPONSIBLE_ROLES, { error: "errors.rectification.roleRequired" }).optional()),
  checkingOfficerId: z.preprocess(emptyToUndefined, z.uuid({ error: "errors.rectification.officerRequired" }).optional()),
  dueOn: z.preprocess(emptyToUndefined, isoDate.optional()),
});

export type RectificationItemInput = { action: string; responsibleRole: (typeof RESPONSIBLE_ROLES)[number]; checkingOfficerId?: string; dueOn: string };

const blank = (r: z.infer<typeof itemRow>) => !r.action && !r.dueOn;

/**
 * The rows of the conclusion's list: unused rows (neither what nor deadline) are left out; a row
 * begun must say what, who (a role) and by when. Errors stay on the row's own fields.
 */
export const itemRows = z
  .preprocess((v) => (v === undefined ? [] : v), z.array(itemRow).max(MAX_ITEMS, "errors.rectification.tooMany"))
  .superRefine((rows, ctx) => {
    rows.forEach((r, i) => {
      if (blank(r)) return;
      if (!r.action || r.action.length < ITEM_ACTION_MIN) ctx.addIssue({ code: "custom", path: [i, "action"], message: "errors.rectification.actionRequired" });
      else if (r.action.length > ITEM_ACTION_MAX) ctx.addIssue({ code: "custom", path: [i, "action"], message: "errors.text.tooLong.500" });
      if (!r.responsibleRole) ctx.addIssue({ code: "custom", path: [i, "responsibleRole"], message: "errors.rectification.roleRequired" });
      if (!r.dueOn) ctx.addIssue({ code: "custom", path: [i, "dueOn"], message: "errors.rectification.dueRequired" });
    });
  })
  .transform((rows) => rows.filter((r) => !blank(r)) as RectificationItemInput[]);

/** The per-item forms of the case page: the item is named by the form's intent (`item_verify_<position>`), not by a field. */
export const itemVerifySchema = z.object({
  note: z.string({ error: "errors.verify.noteRequired" }).trim().min(5, "errors.verify.noteRequired").max(2000, "errors.text.tooLong.2000"),
});
export type ItemVerifyInput = z.infer<typeof itemVerifySchema>;

export const itemExtendSchema = z.object({
  dueOn: z.preprocess(emptyToUndefined, isoDate),
  reason: z.string({ error: "errors.rectification.reasonRequired" }).trim().min(5, "errors.rectification.reasonRequired").max(1000, "errors.text.tooLong.1000"),
});
export type ItemExtendInput = z.infer<typeof itemExtendSchema>;
