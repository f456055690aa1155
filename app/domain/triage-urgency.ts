/**
 * The triage queue's order (issue 13): the tips that report a major hazard, a concealed accident
 * or deaths come first, then the nearest deadline (none last), then the date filed, then the
 * reference number (random within a day, docs/decisions/015) as the unique tie-breaker.
 *
 * `urgencyOf` and `compareByUrgency` are the rule; `URGENCY_SQL` and `DUE_SQL` are its SQL twin,
 * used by the queue's ORDER BY, its keyset cursor and the partial index that serves them
 * (tips_triage_urgency_idx in db/schema/index.ts) — change them together, the table-driven test
 * (triage-urgency.test.ts) and the queue's integration test hold them to the same order.
 */

/** 0: urgent (major hazard, concealed accident, deaths); 1: the rest. Lower comes first. */
export type Urgency = 0 | 1;

export type UrgencyFlags = { majorHazard: boolean; concealedAccident: boolean; deaths: number | null };

export function urgencyOf(f: UrgencyFlags): Urgency {
  return f.majorHazard || f.concealedAccident || (f.deaths ?? 0) > 0 ? 0 : 1;
}

/** The full sort key of a queue row (also what the keyset cursor carries). */
export type QueueKey = { urgency: Urgency; dueOn: string | null; submittedOn: string; referenceSeq: number };

export function queueKeyOf(t: UrgencyFlags & { dueOn: string | null; submittedOn: string; referenceSeq: number }): QueueKey {
  return { urgency: urgencyOf(t), dueOn: t.dueOn, submittedOn: t.submittedOn, referenceSeq: t.referenceSeq };
}

/** Urgency order: negative when `a` comes before `b`. */
export function compareByUrgency(a: QueueKey, b: QueueKey): number {
  if (a.urgency !== b.urgency) return a.urgency - b.urgency;
  // No deadline sorts last (as 'infinity' in SQL).
  if (a.dueOn !== b.dueOn) return a.dueOn === null ? 1 : b.dueOn === null ? -1 : a.dueOn < b.dueOn ? -1 : 1;
  if (a.submittedOn !== b.submittedOn) return a.submittedOn < b.submittedOn ? -1 : 1;
  return a.referenceSeq - b.referenceSeq;
}

/** SQL twin of `urgencyOf` over the columns of `tips` (unqualified, as in the index). */
export const URGENCY_SQL = "(case when major_hazard or concealed_accident or coalesce(deaths, 0) > 0 then 0 else 1 end)";
/** SQL twin of "no deadline last": a date, never null, so a row comparison can page on it. */
export const DUE_SQL = "(coalesce(due_on, 'infinity'::date))";

/** "<urgency>_<due_on|none>_<submitted_on>_<reference_seq>": the last row's key, for the next page. */
export function encodeQueueCursor(k: QueueKey): string {
  return `${k.urgency}_${k.dueOn ?? "none"}_${k.submittedOn}_${k.referenceSeq}`;
}

export function decodeQueueCursor(s: string | undefined): QueueKey | null {
  const m = /^([01])_(\d{4}-\d{2}-\d{2}|none)_(\d{4}-\d{2}-\d{2})_(\d{1,18})$/.exec(s ?? "");
  if (!m) return null;
  return { urgency: Number(m[1]) as Urgency, dueOn: m[2] === "none" ? null : m[2]!, submittedOn: m[3]!, referenceSeq: Number(m[4]) };
}

/** The queue's two orders: urgency (the default) and oldest first. */
export const QUEUE_SORTS = ["urgency", "oldest"] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];
