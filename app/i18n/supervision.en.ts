import type { supervisionZhCN } from "./supervision.zh-CN";

/** supervision pages, English. */
export const supervisionEn: Record<keyof typeof supervisionZhCN, string> = {
};
