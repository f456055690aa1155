import { z } from "zod";

/** "Publish now" on /staff/admin/statistics: a button, nothing to fill in (the CSRF token is checked before). */
export const publishNowSchema = z.object({});
export type PublishNowInput = z.infer<typeof publishNowSchema>;
