import { caseLink, checkData, defaultRenderContext, defineSpec, formatDate, type DataOf, type Locale, type RenderContext } from "./fields";
import { frame, type RenderedEmail } from "./layout";

/** To the triage desk: an agency has returned a case as misrouted. */
export const spec = defineSpec("case_returned", {
  reference: "reference",
  /** The agency that returned the case. */
  agencyName: "name",
  returnedOn: "date",
});
export type CaseReturnedData = DataOf<typeof spec>;

export function render(locale: Locale, data: CaseReturnedData, ctx: RenderContext = defaultRenderContext()): RenderedEmail {
  const d = checkData("case_returned", spec, data);
  const returnedOn = formatDate(locale, d.returnedOn);
  const href = caseLink(ctx, d.reference);
  if (locale === "zh-CN") {
    return frame(locale, `【退回】案件 ${d.reference} 已被${d.agencyName}退回`, {
      heading: "一件案件被退回受理台",
      lead: `${d.agencyName}认为案件 ${d.reference} 不属其职责，已退回受理台。请登录系统查看退回理由并重新交办。`,
      facts: [
        ["案件编号", d.reference],
        ["退回单位", d.agencyName],
        ["退回日期", returnedOn],
      ],
      action: { label: "查看案件", href },
    });
  }
  return frame(locale, `Case ${d.reference} was returned by ${d.agencyName}`, {
    heading: "A case was returned to the desk",
    lead: `${d.agencyName} returned case ${d.reference} as not theirs to handle. Please sign in to read the reason and route the case again.`,
    facts: [
      ["Reference", d.reference],
      ["Returned by", d.agencyName],
      ["Returned on", returnedOn],
    ],
    action: { label: "Open the case", href },
  });
}
