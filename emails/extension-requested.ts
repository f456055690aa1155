import { caseLink, checkData, days, defaultRenderContext, defineSpec, formatDate, type DataOf, type Locale, type RenderContext } from "./fields";
import { frame, type RenderedEmail } from "./layout";

/**
 * To the supervising agency: an agency asks for more time to conclude a case. The reason is
 * free text and stays in the system; the email only says that there is a request.
 */
export const spec = defineSpec("extension_requested", {
  reference: "reference",
  /** The agency asking. */
  agencyName: "name",
  currentDeadline: "date",
  requestedDeadline: "date",
  extraDays: "count",
});
export type ExtensionRequestedData = DataOf<typeof spec>;

export function render(locale: Locale, data: ExtensionRequestedData, ctx: RenderContext = defaultRenderContext()): RenderedEmail {
  const d = checkData("extension_requested", spec, data);
  const current = formatDate(locale, d.currentDeadline);
  const requested = formatDate(locale, d.requestedDeadline);
  const href = caseLink(ctx, d.reference);
  if (locale === "zh-CN") {
    return frame(locale, `【延期申请】${d.agencyName}申请延长案件 ${d.reference} 的办结期限`, {
      heading: "有一项延期申请待您审批",
      lead: `${d.agencyName}申请将案件 ${d.reference} 的办结期限延长 ${days(locale, d.extraDays)}。请登录系统查看理由并审批；审批结果和理由将告知举报人。`,
      facts: [
        ["案件编号", d.reference],
        ["申请单位", d.agencyName],
        ["现办结期限", current],
        ["申请延至", requested],
        ["延长", days(locale, d.extraDays)],
      ],
      action: { label: "审批申请", href },
    });
  }
  return frame(locale, `Extension requested for case ${d.reference} by ${d.agencyName}`, {
    heading: "An extension request awaits your decision",
    lead: `${d.agencyName} asks to extend the conclusion deadline of case ${d.reference} by ${days(locale, d.extraDays)}. Please sign in to read the reason and decide; the decision and the reason are shown to the person who reported.`,
    facts: [
      ["Reference", d.reference],
      ["Requested by", d.agencyName],
      ["Current deadline", current],
      ["Requested deadline", requested],
      ["Extension", days(locale, d.extraDays)],
    ],
    action: { label: "Review the request", href },
  });
}
