import { caseLink, checkData, defaultRenderContext, defineSpec, formatDate, type DataOf, type Locale, type RenderContext } from "./fields";
import { frame, type RenderedEmail } from "./layout";

/** To the agency's inbox: the triage desk has assigned a case to it. */
export const spec = defineSpec("case_assigned", {
  reference: "reference",
  sectorName: "name",
  countyName: "name",
  /** The accept-or-return deadline. */
  deadline: "date",
});
export type CaseAssignedData = DataOf<typeof spec>;

export function render(locale: Locale, data: CaseAssignedData, ctx: RenderContext = defaultRenderContext()): RenderedEmail {
  const d = checkData("case_assigned", spec, data);
  const deadline = formatDate(locale, d.deadline);
  const href = caseLink(ctx, d.reference);
  if (locale === "zh-CN") {
    return frame(locale, `【交办】案件 ${d.reference} 已交由贵单位办理`, {
      heading: "有一件案件交由贵单位办理",
      lead: `热线受理台已将案件 ${d.reference} 交由贵单位办理。请在 ${deadline} 前登录系统接收或退回（退回须说明理由）。`,
      facts: [
        ["案件编号", d.reference],
        ["行业领域", d.sectorName],
        ["所在地", d.countyName],
        ["接收或退回期限", deadline],
      ],
      action: { label: "查看案件", href },
    });
  }
  return frame(locale, `Case ${d.reference} has been assigned to you`, {
    heading: "A case has been assigned to you",
    lead: `The hotline desk has assigned case ${d.reference} to your agency. Please sign in and accept or return it (with a reason) by ${deadline}.`,
    facts: [
      ["Reference", d.reference],
      ["Sector", d.sectorName],
      ["Place", d.countyName],
      ["Accept or return by", deadline],
    ],
    action: { label: "Open the case", href },
  });
}
