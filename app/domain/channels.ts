/**
 * The channels a tip arrives by (docs/domain.md "Intake"): the web form, Open311 (the machine
 * channel), and the hotline's own — a call, a letter, a visit to the desk, an email — which a
 * hotline operator records on the person's behalf (docs/decisions/020-hotline-channels.md).
 * Defined once here; the schema's `tips.channel` and the statistics use this list.
 */
export const TIP_CHANNELS = ["web", "open311", "phone", "letter", "visit", "email"] as const;
export type TipChannel = (typeof TIP_CHANNELS)[number];

/** The channels staff record at /staff/hotline/new, in the order the form offers them. */
export const HOTLINE_CHANNELS = ["phone", "letter", "visit", "email"] as const satisfies readonly TipChannel[];
export type HotlineChannel = (typeof HOTLINE_CHANNELS)[number];

/** Channels whose receipt the person takes away on paper (a letter is answered by post, a visitor leaves with it). */
export const SLIP_CHANNELS: readonly HotlineChannel[] = ["letter", "visit"];
