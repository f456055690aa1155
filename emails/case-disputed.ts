import { caseLink, checkData, defaultRenderContext, defineSpec, formatDate, type DataOf, type Locale, type RenderContext } from "./fields";
import { frame, type RenderedEmail } from "./layout";

/**
 * To the supervising agency (the one that reviews disputes, 复查): the person who reported
 * disputes the conclusion of a closed case. Names the case and the agency that closed it; the
 * reason stays in the system, and nothing about the person who reported is sent.
 */
export const spec = defineSpec("case_disputed", {
  reference: "reference",
  /** The agency that concluded and closed the case. */
  agencyName: "name",
  disputedOn: "date",
});
export type CaseDisputedData = DataOf<typeof spec>;

export function render(locale: Locale, data: CaseDisputedData, ctx: RenderContext = defaultRenderContext()): RenderedEmail {
  const d = checkData("case_disputed", spec, data);
  const on = formatDate(locale, d.disputedOn);
  const href = caseLink(ctx, d.reference);
  if (locale === "zh-CN") {
    return frame(locale, `【复查申请】举报人对案件 ${d.reference} 的办理结论提出异议`, {
      heading: "有一件案件待您复查",
      lead: `举报人对${d.agencyName}办结的案件 ${d.reference} 的办理结论提出异议，案件已转为复查中。请登录系统查看异议理由，并作出维持结论或重新办理的决定。`,
      facts: [
        ["案件编号", d.reference],
        ["办结单位", d.agencyName],
        ["提出异议日期", on],
      ],
      action: { label: "查看案件", href },
    });
  }
  return frame(locale, `The person who reported disputes the conclusion of case ${d.reference}`, {
    heading: "A case awaits your review",
    lead: `The person who reported disputes the conclusion of case ${d.reference}, closed by ${d.agencyName}; the case is now under review. Please sign in to read the grounds and decide whether to uphold the conclusion or reopen the case.`,
    facts: [
      ["Reference", d.reference],
      ["Closed by", d.agencyName],
      ["Disputed on", on],
    ],
    action: { label: "Open the case", href },
  });
}
