import { checkData, defaultRenderContext, defineSpec, type DataOf, type Locale, type RenderContext } from "./fields";
import { frame, type RenderedEmail } from "./layout";

/**
 * To a tipster who left an e-mail address and asked to be told (app/services/tell-tipster.server.ts):
 * only that there is news. No reference, agency, sector, date or content — the message may be
 * read by someone else with access to the mailbox, and says nothing they could act on without
 * the receipt. It carries no data at all; the address is read from the encrypted contact when
 * the job runs (never stored in the job). In Chinese with one English line (the site's default language; the tipster's own is not kept).
 */
export const spec = defineSpec("tipster_news", {});
export type TipsterNewsData = DataOf<typeof spec>;

export function render(locale: Locale, data: TipsterNewsData, ctx: RenderContext = defaultRenderContext()): RenderedEmail {
  checkData("tipster_news", spec, data);
  const href = `${ctx.publicUrl}/status`;
  if (locale === "zh-CN") {
    return frame(locale, "您的举报有新消息", {
      heading: "您的举报有新消息",
      lead: "您的举报有新消息。请使用回执码登录查看。",
      facts: [],
      action: { label: "用回执码登录", href },
      after: ["There is news on your tip. Sign in with your receipt to read it."],
    });
  }
  return frame(locale, "There is news on your tip", {
    heading: "There is news on your tip",
    lead: "There is news on your tip. Sign in with your receipt to read it.",
    facts: [],
    action: { label: "Sign in with your receipt", href },
  });
}
