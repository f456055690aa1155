import type { staffZhCN } from "./staff.zh-CN";

/** staff pages, English. */
export const staffEn: Record<keyof typeof staffZhCN, string> = {
};
