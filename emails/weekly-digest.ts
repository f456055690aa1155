import { checkData, defaultRenderContext, defineSpec, formatCount, formatDate, type DataOf, type Locale, type RenderContext } from "./fields";
import { frame, type RenderedEmail } from "./layout";

/** To an agency's inbox once a week: counts only. */
export const spec = defineSpec("weekly_digest", {
  agencyName: "name",
  weekStart: "date",
  weekEnd: "date",
  /** Cases assigned during the week. */
  newCases: "count",
  /** Cases open at the end of the week. */
  openCases: "count",
  /** Open cases with a deadline in the next seven days. */
  dueSoon: "count",
  /** Open cases past a deadline. */
  overdue: "count",
  /** Cases closed during the week. */
  closed: "count",
});
export type WeeklyDigestData = DataOf<typeof spec>;

export function render(locale: Locale, data: WeeklyDigestData, ctx: RenderContext = defaultRenderContext()): RenderedEmail {
  const d = checkData("weekly_digest", spec, data);
  const start = formatDate(locale, d.weekStart);
  const end = formatDate(locale, d.weekEnd);
  const n = (v: number) => formatCount(locale, v);
  const href = `${ctx.publicUrl}/staff/cases`;
  if (locale === "zh-CN") {
    return frame(locale, `【周报】${d.agencyName} ${start}至${end}案件情况`, {
      heading: `${d.agencyName}本周案件情况`,
      lead:
        d.overdue > 0
          ? `${start}至${end}，贵单位有 ${n(d.overdue)} 件案件已逾期，请优先办理。`
          : `${start}至${end}，贵单位没有逾期案件。`,
      facts: [
        ["本周新交办", n(d.newCases)],
        ["本周办结", n(d.closed)],
        ["在办", n(d.openCases)],
        ["7 天内到期", n(d.dueSoon)],
        ["已逾期", n(d.overdue)],
      ],
      action: { label: "查看案件列表", href },
    });
  }
  return frame(locale, `Weekly digest for ${d.agencyName}: ${start} – ${end}`, {
    heading: `${d.agencyName}: this week's cases`,
    lead:
      d.overdue > 0
        ? `From ${start} to ${end}: ${n(d.overdue)} of your cases ${d.overdue === 1 ? "is" : "are"} overdue; please handle ${d.overdue === 1 ? "it" : "them"} first.`
        : `From ${start} to ${end}: none of your cases is overdue.`,
    facts: [
      ["Newly assigned", n(d.newCases)],
      ["Closed this week", n(d.closed)],
      ["Open", n(d.openCases)],
      ["Due within 7 days", n(d.dueSoon)],
      ["Overdue", n(d.overdue)],
    ],
    action: { label: "Open the case list", href },
  });
}
