import { caseLink, checkData, days, defaultRenderContext, defineSpec, formatDate, type DataOf, type Locale, type RenderContext } from "./fields";
import { frame, type RenderedEmail } from "./layout";
import { DEADLINE_STAGES, STAGE_LABELS } from "./deadline-reminder";

/** To the supervising agency: a case of an agency below it is past its deadline (挂牌督办). */
export const spec = defineSpec("case_overdue_escalation", {
  reference: "reference",
  /** The agency that holds the overdue case. */
  agencyName: "name",
  sectorName: "name",
  countyName: "name",
  stage: DEADLINE_STAGES,
  deadline: "date",
  daysOverdue: "count",
});
export type CaseOverdueEscalationData = DataOf<typeof spec>;

export function render(locale: Locale, data: CaseOverdueEscalationData, ctx: RenderContext = defaultRenderContext()): RenderedEmail {
  const d = checkData("case_overdue_escalation", spec, data);
  const deadline = formatDate(locale, d.deadline);
  const stage = STAGE_LABELS[locale][d.stage];
  const href = caseLink(ctx, d.reference);
  if (locale === "zh-CN") {
    return frame(locale, `【督办】${d.agencyName}办理的案件 ${d.reference} 已逾期 ${days(locale, d.daysOverdue)}`, {
      heading: "下级单位的案件已逾期",
      lead: `${d.agencyName}办理的案件 ${d.reference} 已超过${stage}期限 ${days(locale, d.daysOverdue)}，已列入挂牌督办。作为上级督办单位，请登录系统督促办理。`,
      facts: [
        ["案件编号", d.reference],
        ["承办单位", d.agencyName],
        ["行业领域", d.sectorName],
        ["所在地", d.countyName],
        ["逾期事项", stage],
        ["原定期限", deadline],
        ["已逾期", days(locale, d.daysOverdue)],
      ],
      action: { label: "查看案件", href },
    });
  }
  return frame(locale, `Overdue: case ${d.reference} at ${d.agencyName} is ${days(locale, d.daysOverdue)} past its deadline`, {
    heading: "A case below you is overdue",
    lead: `Case ${d.reference}, held by ${d.agencyName}, is ${days(locale, d.daysOverdue)} past its ${stage} deadline and is now listed for supervision. As the supervising agency, please sign in and follow it up.`,
    facts: [
      ["Reference", d.reference],
      ["Agency", d.agencyName],
      ["Sector", d.sectorName],
      ["Place", d.countyName],
      ["Overdue step", stage],
      ["Deadline was", deadline],
      ["Overdue by", days(locale, d.daysOverdue)],
    ],
    action: { label: "Open the case", href },
  });
}
