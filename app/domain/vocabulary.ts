/**
 * The small closed sets that have no domain module of their own, defined once for the schema's
 * columns and CHECK constraints, the services and the pages.
 */
import { REJECTION_REASONS } from "./case-state";

/** Who wrote a message in a tip's thread, or added an attachment. */
export const PARTIES = ["tipster", "staff"] as const;
export type Party = (typeof PARTIES)[number];

/** Who took a step recorded in the ledger (system: the jobs). */
export const LEDGER_ACTOR_TYPES = ["tipster", "staff", "system"] as const;
export type LedgerActorType = (typeof LEDGER_ACTOR_TYPES)[number];

/** verified | unverified (failed or missing: triage sees a flag) | not_required (captcha off, or recorded by staff). */
export const CAPTCHA_STATUSES = ["verified", "unverified", "not_required"] as const;
export type CaptchaStatus = (typeof CAPTCHA_STATUSES)[number];

/**
 * The dimensions of the statistics rollups (migrations 0007 and 0017): the whole scope, and by
 * sector, place, agency and channel.
 */
export const STATISTICS_DIMS = ["all", "sector", "place", "agency", "channel"] as const;
export type StatisticsDim = (typeof STATISTICS_DIMS)[number];

/**
 * What each case counts as in the statistics (stats_case.status, written by the view
 * stats_case_facts of migration 0017): awaiting triage, not taken up for a reason, merged, in
 * progress, or concluded one way or the other (partly substantiated counts as substantiated).
 */
export const STATISTICS_CASE_STATUSES = [
  "awaiting",
  ...REJECTION_REASONS.map((r) => `rejected_${r}` as const),
  "merged",
  "in_progress",
  "substantiated",
  "unsubstantiated",
] as const;
export type StatisticsCaseStatus = (typeof STATISTICS_CASE_STATUSES)[number];
