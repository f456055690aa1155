import { caseLink, checkData, days, defaultRenderContext, defineSpec, formatDate, type DataOf, type Locale, type RenderContext } from "./fields";
import { frame, type RenderedEmail } from "./layout";

export const DEADLINE_STAGES = ["accept", "conclude", "rectify"] as const;

/** To the agency handling a case: a deadline is near. */
export const spec = defineSpec("deadline_reminder", {
  reference: "reference",
  /** Which clock: accept or return; conclusion; rectification check. */
  stage: DEADLINE_STAGES,
  deadline: "date",
  /** Whole days left (0: due today). */
  daysLeft: "count",
});
export type DeadlineReminderData = DataOf<typeof spec>;

/** How each clock is named in a sentence. */
export const STAGE_LABELS: Record<Locale, Record<(typeof DEADLINE_STAGES)[number], string>> = {
  "zh-CN": { accept: "接收或退回", conclude: "办结", rectify: "整改复核" },
  en: { accept: "accept-or-return", conclude: "conclusion", rectify: "rectification check" },
};

export function render(locale: Locale, data: DeadlineReminderData, ctx: RenderContext = defaultRenderContext()): RenderedEmail {
  const d = checkData("deadline_reminder", spec, data);
  const deadline = formatDate(locale, d.deadline);
  const stage = STAGE_LABELS[locale][d.stage];
  const href = caseLink(ctx, d.reference);
  if (locale === "zh-CN") {
    return frame(locale, `【提醒】案件 ${d.reference} 的${stage}期限为 ${deadline}`, {
      heading: "案件期限临近",
      lead:
        d.daysLeft === 0
          ? `案件 ${d.reference} 的${stage}期限是今天（${deadline}）。逾期后将通报上级督办单位。`
          : `距案件 ${d.reference} 的${stage}期限还有 ${days(locale, d.daysLeft)}（${deadline}）。逾期后将通报上级督办单位。`,
      facts: [
        ["案件编号", d.reference],
        ["期限类型", stage],
        ["期限", deadline],
        ["剩余", days(locale, d.daysLeft)],
      ],
      action: { label: "查看案件", href },
    });
  }
  return frame(locale, `Reminder: the ${stage} deadline of case ${d.reference} is ${deadline}`, {
    heading: "A deadline is near",
    lead:
      d.daysLeft === 0
        ? `The ${stage} deadline of case ${d.reference} is today (${deadline}). Once it passes, the supervising agency is alerted.`
        : `${days(locale, d.daysLeft)} left until the ${stage} deadline of case ${d.reference} (${deadline}). Once it passes, the supervising agency is alerted.`,
    facts: [
      ["Reference", d.reference],
      ["Deadline", `${deadline} (${stage})`],
      ["Time left", days(locale, d.daysLeft)],
    ],
    action: { label: "Open the case", href },
  });
}
