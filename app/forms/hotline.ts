import { z } from "zod";
import { HOTLINE_CHANNELS } from "../domain/channels";
import { ALWAYS, tipFields, tipRules } from "./report";

/**
 * The hotline operator's form (/staff/hotline/new): the tip's own fields and rules are the web
 * form's (app/forms/report.ts); this adds how the tip arrived.
 */
export const hotlineSchema = tipFields
  .extend({
    channel: z.enum(HOTLINE_CHANNELS, { error: "errors.channel.required" }),
  })
  .superRefine(tipRules, ALWAYS);

export type HotlineForm = z.infer<typeof hotlineSchema>;
