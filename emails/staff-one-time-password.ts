import { checkData, defaultRenderContext, defineSpec, formatDate, type DataOf, type Locale, type RenderContext } from "./fields";
import { frame, type RenderedEmail } from "./layout";

/**
 * To a member of staff, at the address of their own account: the one-time password an
 * administrator set (app/services/admin-set-one-time-password.server.ts). It goes only by email,
 * never onto the administrator's screen, so that no administrator can sign in as someone who
 * reads case content (docs/decisions/014-two-person-rule.md). A new password must be chosen at
 * the next sign-in; an enrolled authenticator is still asked for.
 */
export const spec = defineSpec("staff_one_time_password", {
  oneTimeCode: "token",
  setOn: "date",
});
export type StaffOneTimePasswordData = DataOf<typeof spec>;

export function render(locale: Locale, data: StaffOneTimePasswordData, ctx: RenderContext = defaultRenderContext()): RenderedEmail {
  const d = checkData("staff_one_time_password", spec, data);
  const href = `${ctx.publicUrl}/staff/login`;
  const setOn = formatDate(locale, d.setOn);
  if (locale === "zh-CN") {
    return frame(locale, "您的 Canary 一次性密码", {
      heading: "管理员为您设置了一次性密码",
      lead: `管理员于 ${setOn} 为您的账户设置了一次性密码：${d.oneTimeCode}。请用它登录，登录时须设置新密码；已绑定的动态验证码仍然需要。`,
      facts: [
        ["一次性密码", d.oneTimeCode],
        ["设置日期", setOn],
      ],
      action: { label: "登录", href },
      after: ["如果您没有请求重置密码，请立即告知系统管理员。"],
    });
  }
  return frame(locale, "Your one-time password for Canary", {
    heading: "An administrator set a one-time password for you",
    lead: `On ${setOn} an administrator set a one-time password for your account: ${d.oneTimeCode}. Sign in with it; you will choose a new password, and your authenticator app is still asked for.`,
    facts: [
      ["One-time password", d.oneTimeCode],
      ["Set on", setOn],
    ],
    action: { label: "Sign in", href },
    after: ["If you did not ask for a new password, tell your administrator at once."],
  });
}
