/** supervision pages, Simplified Chinese. Every key here must exist in supervision.en.ts. */
export const supervisionZhCN = {
} as const;
