/**
 * The published resolution statistics (DOMAIN.md "Published statistics") as pure functions of
 * case records. Nothing here suppresses counts: a publication puts the counts of a breakdown
 * through `suppressTable`/`suppressList` (./suppression); rates, medians and percentiles are
 * already null over fewer than 5 cases here.
 *
 * Definitions (over the records given, e.g. the cases received in a month — a cohort):
 * - received: every record.
 * - rejected (by reason), merged: records in those states.
 * - accepted: taken up — neither rejected nor merged nor still awaiting the first triage
 *   decision (state "submitted").
 * - concluded: records with a conclusion date and a finding.
 * - substantiated rate: (substantiated + partly substantiated) / concluded.
 * - days to conclusion: calendar days from submission to conclusion; median and 90th
 *   percentile (nearest rank).
 * - on-time rate: concluded no later than the due date, over concluded records that have one.
 * - open now: not rejected, merged or closed; overdue now: open with a due date before `today`.
 * - returns: one per return by an agency (a return counts against the returning agency).
 * - actions: rectifications, suspensions, closures and criminal referrals are counted (cases),
 *   fines (CNY) and officials held accountable are summed, over concluded records.
 */
import type { CaseState } from "./case-state";
import { placeAt, type Level } from "./routing";
import { medianOf, percentile, rate } from "./suppression";

export type Finding = "substantiated" | "partly_substantiated" | "unsubstantiated";
export const REJECTION_REASONS = ["out_of_scope", "no_facts", "duplicate", "abusive"] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export type CaseActions = {
  rectification: boolean;
  fineCny: number;
  suspension: boolean;
  closure: boolean;
  criminalReferral: boolean;
  officialsHeldAccountable: number;
};

/** ISO dates (YYYY-MM-DD) throughout: public figures never use times. */
export type CaseRecord = {
  id: string;
  state: CaseState;
  sectorCode: string;
  placeCode: string;
  agencyId: string | null;
  submittedOn: string;
  /** The date of the (latest) conclusion; null while there is none. */
  concludedOn: string | null;
  closedOn: string | null;
  finding: Finding | null;
  /** The current deadline (for conclusion, with an approved extension; for rectification). */
  dueOn: string | null;
  /** The agencies that returned the case, one entry per return. */
  returns: readonly string[];
  actions: CaseActions | null;
  rejectionReason: RejectionReason | null;
  mergedIntoId: string | null;
  escalated?: boolean;
};

export type ActionTotals = {
  rectifications: number;
  finesCny: number;
  suspensions: number;
  closures: number;
  criminalReferrals: number;
  officialsHeldAccountable: number;
};

export type Figures = {
  received: number;
  accepted: number;
  rejected: Record<RejectionReason, number>;
  rejectedTotal: number;
  merged: number;
  concluded: number;
  /** substantiated + partly substantiated. */
  substantiated: number;
  substantiatedRate: number | null;
  medianDaysToConclusion: number | null;
  p90DaysToConclusion: number | null;
  onTimeRate: number | null;
  openNow: number;
  overdueNow: number;
  escalated: number;
  returns: number;
  actions: ActionTotals;
};

const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function dayNumber(iso: string): number {
  if (!ISO_DATE.test(iso)) throw new RangeError(`not an ISO date: ${iso}`);
  const t = Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
  return Math.round(t / DAY_MS);
}

/** Calendar days from `from` to `to` (ISO dates). */
export const daysBetween = (from: string, to: string) => dayNumber(to) - dayNumber(from);

const CLOSED_STATES: ReadonlySet<CaseState> = new Set(["rejected", "merged", "closed"]);
export const isOpen = (c: CaseRecord) => !CLOSED_STATES.has(c.state);
export const isConcluded = (c: CaseRecord): c is CaseRecord & { concludedOn: string; finding: Finding } => c.concludedOn !== null && c.finding !== null;

export function figures(cases: readonly CaseRecord[], today: string): Figures {
  const rejected = Object.fromEntries(REJECTION_REASONS.map((r) => [r, 0])) as Record<RejectionReason, number>;
  const actions: ActionTotals = { rectifications: 0, finesCny: 0, suspensions: 0, closures: 0, criminalReferrals: 0, officialsHeldAccountable: 0 };
  let accepted = 0;
  let merged = 0;
  let substantiated = 0;
  let withDue = 0;
  let onTime = 0;
  let openNow = 0;
  let overdueNow = 0;
  let escalated = 0;
  let returns = 0;
  const days: number[] = [];
  const concluded = cases.filter(isConcluded);
  const todayN = dayNumber(today);

  for (const c of cases) {
    if (c.state === "rejected") rejected[c.rejectionReason ?? "out_of_scope"]++;
    else if (c.state === "merged") merged++;
    else if (c.state !== "submitted") accepted++;
    if (isOpen(c)) {
      openNow++;
      if (c.dueOn !== null && dayNumber(c.dueOn) < todayN) overdueNow++;
    }
    if (c.escalated) escalated++;
    returns += c.returns.length;
  }
  for (const c of concluded) {
    if (c.finding !== "unsubstantiated") substantiated++;
    days.push(daysBetween(c.submittedOn, c.concludedOn));
    if (c.dueOn !== null) {
      withDue++;
      if (dayNumber(c.concludedOn) <= dayNumber(c.dueOn)) onTime++;
    }
    const a = c.actions;
    if (!a) continue;
    if (a.rectification) actions.rectifications++;
    actions.finesCny += a.fineCny;
    if (a.suspension) actions.suspensions++;
    if (a.closure) actions.closures++;
    if (a.criminalReferral) actions.criminalReferrals++;
    actions.officialsHeldAccountable += a.officialsHeldAccountable;
  }
  return {
    received: cases.length,
    accepted,
    rejected,
    rejectedTotal: REJECTION_REASONS.reduce((s, r) => s + rejected[r], 0),
    merged,
    concluded: concluded.length,
    substantiated,
    substantiatedRate: rate(substantiated, concluded.length),
    medianDaysToConclusion: medianOf(days),
    p90DaysToConclusion: percentile(days, 90),
    onTimeRate: rate(onTime, withDue),
    openNow,
    overdueNow,
    escalated,
    returns,
    actions,
  };
}

// ---------------------------------------------------------------------------------------------
// Breakdowns

/** Records grouped by key, keys in ascending order. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const g = groups.get(k);
    if (g) g.push(item);
    else groups.set(k, [item]);
  }
  return new Map([...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export const bySector = (c: CaseRecord) => c.sectorCode;
/** The place at `level` (GB/T 2260 prefixes); a case placed less precisely keeps its own code. */
export const byPlace = (level: Level) => (c: CaseRecord) => placeAt(c.placeCode, level);
export const byAgency = (c: CaseRecord) => c.agencyId ?? "unassigned";
/** YYYY-MM of submission. */
export const byMonth = (c: CaseRecord) => c.submittedOn.slice(0, 7);

export function figuresBy(cases: readonly CaseRecord[], key: (c: CaseRecord) => string, today: string): { key: string; figures: Figures }[] {
  return [...groupBy(cases, key)].map(([k, g]) => ({ key: k, figures: figures(g, today) }));
}

/** Returns per agency: counted against the agency that returned the case. */
export function returnsByAgency(cases: readonly CaseRecord[]): Map<string, number> {
  return new Map([...groupBy(cases.flatMap((c) => c.returns), (a) => a)].map(([k, v]) => [k, v.length]));
}

// ---------------------------------------------------------------------------------------------
// Year-on-year (同比)

export type Period = { from: string; to: string };

/** The same period one year earlier (29 February → 28 February). */
export function previousYear(p: Period): Period {
  const back = (iso: string) => {
    const y = Number(iso.slice(0, 4)) - 1;
    const md = iso.slice(5);
    const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    return `${String(y).padStart(4, "0")}-${md === "02-29" && !leap ? "02-28" : md}`;
  };
  return { from: back(p.from), to: back(p.to) };
}

export const submittedIn = (p: Period) => (c: CaseRecord) => c.submittedOn >= p.from && c.submittedOn <= p.to;

/** Relative change (current − previous) / previous, or null when the previous figure is under 5. */
export function change(current: number, previous: number): number | null {
  return previous >= 5 ? (current - previous) / previous : null;
}

const COUNTS = ["received", "accepted", "rejectedTotal", "merged", "concluded", "substantiated", "escalated", "returns"] as const;
export type YearOnYear = {
  current: Figures;
  previous: Figures;
  /** Relative change of the counts (null when last year's count is under 5). */
  change: Record<(typeof COUNTS)[number], number | null>;
  /** Change of the rates in percentage points (null when either rate is). */
  points: { substantiatedRate: number | null; onTimeRate: number | null };
};

/** Figures for the cases received in `period` against those received a year earlier. */
export function yearOnYear(cases: readonly CaseRecord[], period: Period, today: string): YearOnYear {
  const current = figures(cases.filter(submittedIn(period)), today);
  const previous = figures(cases.filter(submittedIn(previousYear(period))), today);
  const pts = (a: number | null, b: number | null) => (a === null || b === null ? null : Math.round((a - b) * 10_000) / 100);
  return {
    current,
    previous,
    change: Object.fromEntries(COUNTS.map((k) => [k, change(current[k], previous[k])])) as YearOnYear["change"],
    points: { substantiatedRate: pts(current.substantiatedRate, previous.substantiatedRate), onTimeRate: pts(current.onTimeRate, previous.onTimeRate) },
  };
}
