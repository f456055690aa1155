import { z } from "zod";

/**
 * The tipster's forms on /status. Their rules are the services' (the receipt's check digit, a
 * message's length, a dispute's reason): the schemas only take the text as typed, "" when empty.
 */
const typed = z
  .string()
  .optional()
  .transform((v) => v ?? "");

export const signInSchema = z.object({ receipt: typed });
export type SignInInput = z.input<typeof signInSchema>;

export const replySchema = z.object({ body: typed });
/** The files travel beside conform's state (the multipart reader); their refusals come back on `attachments`. */
export type ReplyInput = z.input<typeof replySchema> & { attachments?: string };

export const disputeSchema = z.object({ reason: typed });
export type DisputeInput = z.input<typeof disputeSchema>;

/** A form that is only its button (claim the reward, replace the receipt, sign out); `reward` carries the claim's refusals. */
export const buttonSchema = z.object({});
export type ClaimInput = { reward?: string };
