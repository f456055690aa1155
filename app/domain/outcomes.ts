/**
 * The closed sets of the outcome record (docs/domain.md "Outcome record", "Rewards"): the finding and
 * the verified level of a concealed accident. Used by `case_outcomes`' columns and CHECK
 * constraints, the conclusion form, the reward calculator and the pages.
 */
export const FINDINGS = ["substantiated", "partly_substantiated", "unsubstantiated"] as const;
export type Finding = (typeof FINDINGS)[number];

/** 一般 / 较大 / 重大 / 特别重大, from the least to the most serious. */
export const ACCIDENT_LEVELS = ["ordinary", "larger", "major", "especially_major"] as const;
export type AccidentLevel = (typeof ACCIDENT_LEVELS)[number];
