import { describe, expect, it } from "vitest";
import { APPROVAL_KINDS, APPROVAL_STATES, APPROVAL_SUBJECT_TYPES } from "./approvals";
import { CASE_STATES, CLOSED_STATES, EXTENDABLE_STATES, EXTENSION_STATES, INBOX_STATES, REJECTION_REASONS, REVIEW_DECISIONS, TRIAGE_STATES } from "./case-state";
import { HOTLINE_CHANNELS, TIP_CHANNELS } from "./channels";
import { ACCIDENT_LEVELS, FINDINGS } from "./outcomes";
import { LEVELS } from "./places";
import { REWARD_CLAIM_STATES } from "./rewards";
import { STAFF_ROLES } from "./staff-roles";
import { CAPTCHA_STATUSES, LEDGER_ACTOR_TYPES, PARTIES, STATISTICS_CASE_STATUSES, STATISTICS_DIMS } from "./vocabulary";
import { CALENDAR_DAY_KINDS } from "./working-days";

// The closed sets are written into SQL CHECK constraints and catalogue keys as they are: each
// value must be a plain snake_case word, and no set may name a value twice.
const SETS: [string, readonly string[]][] = [
  ["CASE_STATES", CASE_STATES],
  ["REJECTION_REASONS", REJECTION_REASONS],
  ["EXTENSION_STATES", EXTENSION_STATES],
  ["REVIEW_DECISIONS", REVIEW_DECISIONS],
  ["TIP_CHANNELS", TIP_CHANNELS],
  ["FINDINGS", FINDINGS],
  ["ACCIDENT_LEVELS", ACCIDENT_LEVELS],
  ["LEVELS", LEVELS],
  ["REWARD_CLAIM_STATES", REWARD_CLAIM_STATES],
  ["STAFF_ROLES", STAFF_ROLES],
  ["APPROVAL_KINDS", APPROVAL_KINDS],
  ["APPROVAL_SUBJECT_TYPES", APPROVAL_SUBJECT_TYPES],
  ["APPROVAL_STATES", APPROVAL_STATES],
  ["CAPTCHA_STATUSES", CAPTCHA_STATUSES],
  ["LEDGER_ACTOR_TYPES", LEDGER_ACTOR_TYPES],
  ["PARTIES", PARTIES],
  ["STATISTICS_DIMS", STATISTICS_DIMS],
  ["STATISTICS_CASE_STATUSES", STATISTICS_CASE_STATUSES],
  ["CALENDAR_DAY_KINDS", CALENDAR_DAY_KINDS],
];

describe("closed sets", () => {
  it.each(SETS)("%s: distinct snake_case words", (_, values) => {
    expect(values.length).toBeGreaterThan(0);
    expect(new Set(values).size).toBe(values.length);
    for (const v of values) expect(v).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  // The subsets are drawn from their sets (the types say so too; this keeps the claim visible).
  it.each([
    ["CLOSED_STATES", CLOSED_STATES, CASE_STATES],
    ["TRIAGE_STATES", TRIAGE_STATES, CASE_STATES],
    ["INBOX_STATES", INBOX_STATES, CASE_STATES],
    ["EXTENDABLE_STATES", EXTENDABLE_STATES, CASE_STATES],
    ["HOTLINE_CHANNELS", HOTLINE_CHANNELS, TIP_CHANNELS],
  ] as [string, readonly string[], readonly string[]][])("%s is a subset of its set", (_, subset, set) => {
    for (const v of subset) expect(set).toContain(v);
  });

  it.each(REJECTION_REASONS.map((r) => [r]))("the statistics count rejections for %s apart", (reason) => {
    expect(STATISTICS_CASE_STATUSES).toContain(`rejected_${reason}`);
  });
});
