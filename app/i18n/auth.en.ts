import type { authZhCN } from "./auth.zh-CN";

/** auth pages, English. */
export const authEn: Record<keyof typeof authZhCN, string> = {
};
