import { z } from "zod";

/** The joint-handling (联办) forms of the case page. Messages are i18n keys. */
export const CONTRIBUTION_REQUEST_MAX = 2000;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const text = (min: number, max: number, message: string) => z.string({ error: message }).trim().min(min, message).max(max, message);

export const askContributionSchema = z.object({
  agencyId: z.string({ error: "errors.joint.agencyRequired" }).regex(uuid, "errors.joint.agencyRequired"),
  request: text(5, CONTRIBUTION_REQUEST_MAX, "errors.joint.requestLength"),
});
export const withdrawContributionSchema = z.object({
  contributionId: z.coerce.number({ error: "errors.joint.notAsked" }).int("errors.joint.notAsked").positive("errors.joint.notAsked"),
  reason: text(5, 1000, "errors.joint.reasonLength"),
});
export const completeContributionSchema = z.object({ note: text(5, 2000, "errors.joint.noteLength") });

export type AskContributionInput = z.infer<typeof askContributionSchema>;
export type WithdrawContributionInput = z.infer<typeof withdrawContributionSchema>;
export type CompleteContributionInput = z.infer<typeof completeContributionSchema>;
