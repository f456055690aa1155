import type { adminZhCN } from "./admin.zh-CN";
import type { authZhCN } from "./auth.zh-CN";
import type { caseZhCN } from "./case.zh-CN";
import type { classifierZhCN } from "./classifier.zh-CN";
import type { coiZhCN } from "./coi.zh-CN";
import type { errorsZhCN } from "./errors.zh-CN";
import type { hotlineZhCN } from "./hotline.zh-CN";
import type { jointZhCN } from "./joint.zh-CN";
import type { assignZhCN } from "./assign.zh-CN";
import type { mergeZhCN } from "./merge.zh-CN";
import type { newsZhCN } from "./news.zh-CN";
import type { noticesZhCN } from "./notices.zh-CN";
import type { outcomesZhCN } from "./outcomes.zh-CN";
import type { queueZhCN } from "./queue.zh-CN";
import type { rectificationZhCN } from "./rectification.zh-CN";
import type { rewardsZhCN } from "./rewards.zh-CN";
import type { staffZhCN } from "./staff.zh-CN";
import type { statsZhCN } from "./stats.zh-CN";
import type { supervisionZhCN } from "./supervision.zh-CN";
import type { timesZhCN } from "./times.zh-CN";
import type { zhCN } from "./zh-CN";

/**
 * Every catalogue key, as a type only: type imports are erased, so a module of the browser's
 * can name keys without carrying the catalogues (ADR 029). catalogues.server.ts merges the same
 * catalogues and checks that its keys are exactly these.
 */
type AllZhCN = typeof zhCN &
  typeof authZhCN &
  typeof staffZhCN &
  typeof adminZhCN &
  typeof caseZhCN &
  typeof supervisionZhCN &
  typeof rewardsZhCN &
  typeof outcomesZhCN &
  typeof statsZhCN &
  typeof coiZhCN &
  typeof hotlineZhCN &
  typeof classifierZhCN &
  typeof mergeZhCN &
  typeof jointZhCN &
  typeof assignZhCN &
  typeof newsZhCN &
  typeof queueZhCN &
  typeof timesZhCN &
  typeof errorsZhCN &
  typeof rectificationZhCN &
  typeof noticesZhCN;

export type MessageKey = keyof AllZhCN & string;
