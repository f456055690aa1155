import { caseLink, checkData, defaultRenderContext, defineSpec, formatCount, formatDate, type DataOf, type Locale, type RenderContext } from "./fields";
import { frame, type RenderedEmail } from "./layout";

/**
 * To the staff who handle rewards for a case (the agency's inbox): a reward claim on the case
 * was decided. Claims are made with the receipt, anonymously; nothing about the claimant is
 * known to the portal or sent here. Payment is arranged outside the portal.
 */
export const spec = defineSpec("reward_claim_decided", {
  reference: "reference",
  decision: ["approved", "rejected"],
  /** The reward in CNY (0 when rejected). */
  amountCny: "count",
  decidedOn: "date",
});
export type RewardClaimDecidedData = DataOf<typeof spec>;

export function render(locale: Locale, data: RewardClaimDecidedData, ctx: RenderContext = defaultRenderContext()): RenderedEmail {
  const d = checkData("reward_claim_decided", spec, data);
  const decidedOn = formatDate(locale, d.decidedOn);
  const href = caseLink(ctx, d.reference);
  const approved = d.decision === "approved";
  if (locale === "zh-CN") {
    return frame(locale, `【举报奖励】案件 ${d.reference} 的奖励申请${approved ? "已批准" : "未获批准"}`, {
      heading: approved ? "举报奖励申请已批准" : "举报奖励申请未获批准",
      lead: approved
        ? `案件 ${d.reference} 的举报奖励申请已批准，金额 ${formatCount(locale, d.amountCny)} 元。兑付按规定在系统外办理。`
        : `案件 ${d.reference} 的举报奖励申请未获批准。理由已在系统中记录。`,
      facts: [
        ["案件编号", d.reference],
        ["决定", approved ? "批准" : "不批准"],
        ...(approved ? ([["奖励金额", `${formatCount(locale, d.amountCny)} 元`]] as const) : []),
        ["决定日期", decidedOn],
      ],
      action: { label: "查看案件", href },
    });
  }
  return frame(locale, `Reward claim on case ${d.reference} ${approved ? "approved" : "refused"}`, {
    heading: approved ? "Reward claim approved" : "Reward claim refused",
    lead: approved
      ? `The reward claim on case ${d.reference} was approved: CNY ${formatCount(locale, d.amountCny)}. Payment is arranged outside the portal.`
      : `The reward claim on case ${d.reference} was refused. The grounds are recorded in the system.`,
    facts: [
      ["Reference", d.reference],
      ["Decision", approved ? "approved" : "refused"],
      ...(approved ? ([["Amount", `CNY ${formatCount(locale, d.amountCny)}`]] as const) : []),
      ["Decided on", decidedOn],
    ],
    action: { label: "Open the case", href },
  });
}
