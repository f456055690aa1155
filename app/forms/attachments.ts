/**
 * The files a tipster or an officer may attach, as the browser's file picker offers them. The
 * server does not trust this list: app/lib/attachments.server.ts reads each file's bytes and
 * re-renders it (ADR 012); this only keeps the picker honest.
 */
export const ACCEPTED_ATTACHMENT_TYPES = ["image/jpeg", "image/png", "image/webp", "application/pdf"] as const;
export type AcceptedAttachmentType = (typeof ACCEPTED_ATTACHMENT_TYPES)[number];

/** The `accept` attribute of a file input for attachments. */
export const ATTACHMENT_ACCEPT = ACCEPTED_ATTACHMENT_TYPES.join(",");

/** The directory import takes one CSV file. */
export const CSV_ACCEPT = ".csv,text/csv";
