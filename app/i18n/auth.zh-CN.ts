/** auth pages, Simplified Chinese. Every key here must exist in auth.en.ts. */
export const authZhCN = {
} as const;
