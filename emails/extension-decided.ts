import { caseLink, checkData, defaultRenderContext, defineSpec, formatDate, type DataOf, type Locale, type RenderContext } from "./fields";
import { frame, type RenderedEmail } from "./layout";

/** To the agency that asked: the supervisor approved or refused an extension. */
export const spec = defineSpec("extension_decided", {
  reference: "reference",
  decision: ["approved", "rejected"],
  /** The conclusion deadline that now applies (the new one, or the unchanged one). */
  deadline: "date",
  decidedOn: "date",
});
export type ExtensionDecidedData = DataOf<typeof spec>;

export function render(locale: Locale, data: ExtensionDecidedData, ctx: RenderContext = defaultRenderContext()): RenderedEmail {
  const d = checkData("extension_decided", spec, data);
  const deadline = formatDate(locale, d.deadline);
  const decidedOn = formatDate(locale, d.decidedOn);
  const href = caseLink(ctx, d.reference);
  const approved = d.decision === "approved";
  if (locale === "zh-CN") {
    return frame(locale, approved ? `【延期已批准】案件 ${d.reference} 新办结期限 ${deadline}` : `【延期未批准】案件 ${d.reference} 办结期限仍为 ${deadline}`, {
      heading: approved ? "延期申请已批准" : "延期申请未获批准",
      lead: approved
        ? `上级督办单位已批准案件 ${d.reference} 的延期申请，新的办结期限为 ${deadline}。`
        : `上级督办单位未批准案件 ${d.reference} 的延期申请，办结期限仍为 ${deadline}。`,
      facts: [
        ["案件编号", d.reference],
        ["审批结果", approved ? "批准" : "不批准"],
        ["办结期限", deadline],
        ["审批日期", decidedOn],
      ],
      action: { label: "查看案件", href },
    });
  }
  return frame(locale, approved ? `Extension approved: case ${d.reference} is now due ${deadline}` : `Extension refused: case ${d.reference} is still due ${deadline}`, {
    heading: approved ? "Extension approved" : "Extension refused",
    lead: approved
      ? `The supervising agency approved the extension of case ${d.reference}. The new conclusion deadline is ${deadline}.`
      : `The supervising agency refused the extension of case ${d.reference}. The conclusion deadline remains ${deadline}.`,
    facts: [
      ["Reference", d.reference],
      ["Decision", approved ? "approved" : "refused"],
      ["Conclusion deadline", deadline],
      ["Decided on", decidedOn],
    ],
    action: { label: "Open the case", href },
  });
}
