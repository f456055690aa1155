import { z } from "zod";
import { checkbox } from "./fields";
import { mergeSchema } from "./triage";

/**
 * The merge's confirmation: the target, the reason, and — when the two tips differ in sector,
 * county or company — the desk's statement that it compared them (the service checks it).
 */
export const mergeConfirmSchema = mergeSchema.extend({ sameMatter: checkbox });
export type MergeConfirmInput = z.infer<typeof mergeConfirmSchema>;

/** Undoing a merge: a reason, and the page to go back to (the joined case's page, when undone from there). */
export const unmergeSchema = z.object({
  reason: z.string({ error: "errors.unmerge.reasonRequired" }).trim().min(5, "errors.unmerge.reasonRequired").max(1000, "errors.text.tooLong.1000"),
  back: z.string().max(2000).optional(),
});
export type UnmergeInput = z.infer<typeof unmergeSchema>;
