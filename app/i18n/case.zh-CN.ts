/** case pages, Simplified Chinese. Every key here must exist in case.en.ts. */
export const caseZhCN = {
} as const;
