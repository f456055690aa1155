import { z } from "zod";
import { HOTLINE_CHANNELS } from "../domain/channels";

/**
 * The hotline operator's form (/staff/hotline/new): the tip's own fields are the web form's
 * (`reportSchema`, app/forms/report.ts); this adds how the tip arrived.
 */
export const hotlineChannelSchema = z.object({
  channel: z.enum(HOTLINE_CHANNELS, { error: "errors.channel.required" }),
});
