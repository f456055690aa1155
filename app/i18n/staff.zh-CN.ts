/** staff pages, Simplified Chinese. Every key here must exist in staff.en.ts. */
export const staffZhCN = {
} as const;
