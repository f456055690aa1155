import type { caseZhCN } from "./case.zh-CN";

/** case pages, English. */
export const caseEn: Record<keyof typeof caseZhCN, string> = {
};
