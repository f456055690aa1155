import { z } from "zod";
import { publishableLiftNote, publishableNotice, type NoticeIssue } from "../domain/public-notice";
import { encodeMessage } from "../lib/app-error";
import { checkbox } from "./fields";

/**
 * The case page's forms of a public notice (docs/decisions/038): publishing one and lifting it.
 * The publishable-notice check (app/domain/public-notice.ts) is the rule; the schema reports each
 * of its issues on its field, as the service would refuse it. The deadline's "not before today"
 * is the service's to check (it knows today in the deployment's time zone).
 */
const text = (required: string) => z.string({ error: required }).trim();
const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const report = (issues: NoticeIssue[], ctx: z.RefinementCtx) => {
  for (const i of issues) ctx.addIssue({ code: "custom", path: [i.field], message: encodeMessage(i.message, i.params) });
};

export const publishNoticeSchema = z
  .object({
    subject: text("errors.notice.subjectLength"),
    confirmSubject: checkbox,
    textZh: text("errors.notice.textLength"),
    textEn: z.preprocess(emptyToUndefined, z.string().trim().optional()),
    rectificationDueOn: text("errors.date.invalid"),
  })
  .superRefine((v, ctx) => report(publishableNotice(v, "0000-01-01"), ctx));
export type PublishNoticeInput = z.infer<typeof publishNoticeSchema>;

export const liftNoticeSchema = z.object({ note: text("errors.notice.liftNoteLength") }).superRefine((v, ctx) => report(publishableLiftNote(v.note), ctx));
export type LiftNoticeInput = z.infer<typeof liftNoticeSchema>;

/**
 * A supervisor's decision to list the case for supervision (挂牌督办) from the notice section, when
 * that is all a notice waits for: the supervision note of app/services/set-supervision.server.ts.
 */
export const listForSupervisionSchema = z.object({
  note: z.string({ error: "supervision.errors.noteRequired" }).trim().min(1, "supervision.errors.noteRequired").max(1000, "supervision.errors.noteTooLong"),
});
export type ListForSupervisionInput = z.infer<typeof listForSupervisionSchema>;
