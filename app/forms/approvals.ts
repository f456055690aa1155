import { z } from "zod";

/** A supervisor's decision on a request to clear or narrow a tip's implication. Messages are i18n keys. */
export const implicationDecisionSchema = z.object({
  requestId: z.uuid("errors.implication.notFound"),
  decision: z.enum(["approve", "refuse"], { error: "errors.generic" }),
  note: z.string({ error: "errors.implication.noteRequired" }).trim().min(5, "errors.implication.noteRequired").max(1000, "errors.text.tooLong.1000"),
});
export type ImplicationDecisionInput = z.infer<typeof implicationDecisionSchema>;
