import { z } from "zod";
import { REASON_MAX, REASON_MIN } from "../domain/case-assignment";

/** The reassign form of the case page (承办人, issue 15). Messages are i18n keys. */
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const reassignSchema = z.object({
  officerId: z.string({ error: "errors.assign.other_agency" }).regex(uuid, "errors.assign.other_agency"),
  reason: z.string({ error: "errors.assign.reason_required" }).trim().min(REASON_MIN, "errors.assign.reason_required").max(REASON_MAX, "errors.assign.reason_required"),
});

export type ReassignInput = z.infer<typeof reassignSchema>;
