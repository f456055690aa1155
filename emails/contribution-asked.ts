import { caseLink, checkData, defaultRenderContext, defineSpec, type DataOf, type Locale, type RenderContext } from "./fields";
import { frame, type RenderedEmail } from "./layout";

/**
 * To the inbox of an agency asked to contribute to a case (joint handling, 协办). Names the lead
 * agency; what is asked is read on the case page after signing in, never sent by email.
 */
export const spec = defineSpec("contribution_asked", {
  reference: "reference",
  sectorName: "name",
  countyName: "name",
  leadAgencyName: "name",
});
export type ContributionAskedData = DataOf<typeof spec>;

export function render(locale: Locale, data: ContributionAskedData, ctx: RenderContext = defaultRenderContext()): RenderedEmail {
  const d = checkData("contribution_asked", spec, data);
  const href = caseLink(ctx, d.reference);
  if (locale === "zh-CN") {
    return frame(locale, `【协办】${d.leadAgencyName}请贵单位协办案件 ${d.reference}`, {
      heading: "有一件案件请贵单位协办",
      lead: `${d.leadAgencyName}牵头办理案件 ${d.reference}，请贵单位协办。请登录系统查看需要协办的事项，完成后在案件页面标记协办完成。`,
      facts: [
        ["案件编号", d.reference],
        ["行业领域", d.sectorName],
        ["所在地", d.countyName],
        ["牵头部门", d.leadAgencyName],
      ],
      action: { label: "查看案件", href },
    });
  }
  return frame(locale, `${d.leadAgencyName} asks your agency to contribute to case ${d.reference}`, {
    heading: "Your agency is asked to contribute to a case",
    lead: `${d.leadAgencyName} leads case ${d.reference} and asks your agency to contribute. Please sign in to read what is asked, and mark your part done on the case page when it is.`,
    facts: [
      ["Reference", d.reference],
      ["Sector", d.sectorName],
      ["Place", d.countyName],
      ["Lead agency", d.leadAgencyName],
    ],
    action: { label: "Open the case", href },
  });
}
