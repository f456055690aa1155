import { checkData, defaultRenderContext, defineSpec, formatDate, type DataOf, type Locale, type RenderContext } from "./fields";
import { frame, type RenderedEmail } from "./layout";

export const INVITATION_ROLES = ["triage_officer", "agency_officer", "supervisor", "administrator", "auditor", "hotline_operator"] as const;

/**
 * To a new member of staff: a one-time link to choose a password and enrol a second factor.
 * The link is the page of app/routes/staff.invitation.$token.tsx (`invitationPath` of
 * admin-invite-staff.server.ts); only the token's keyed hash is in the database.
 */
export const spec = defineSpec("staff_invitation", {
  agencyName: "name",
  role: INVITATION_ROLES,
  token: "token",
  expiresOn: "date",
});
export type StaffInvitationData = DataOf<typeof spec>;

const ROLE: Record<Locale, Record<(typeof INVITATION_ROLES)[number], string>> = {
  "zh-CN": { triage_officer: "受理员", agency_officer: "承办人", supervisor: "督办人", administrator: "管理员", auditor: "审计员", hotline_operator: "热线接线员" },
  en: { triage_officer: "triage officer", agency_officer: "agency officer", supervisor: "supervisor", administrator: "administrator", auditor: "auditor", hotline_operator: "hotline operator" },
};

export function invitationLink(ctx: RenderContext, token: string): string {
  return `${ctx.publicUrl}/staff/invitation/${encodeURIComponent(token)}`;
}

export function render(locale: Locale, data: StaffInvitationData, ctx: RenderContext = defaultRenderContext()): RenderedEmail {
  const d = checkData("staff_invitation", spec, data);
  const expires = formatDate(locale, d.expiresOn);
  const role = ROLE[locale][d.role];
  const href = invitationLink(ctx, d.token);
  if (locale === "zh-CN") {
    return frame(locale, "邀请您加入 Canary 举报处理系统", {
      heading: "您受邀成为 Canary 系统的工作人员",
      lead: `您受邀以“${role}”身份加入${d.agencyName}的 Canary 账户。请在 ${expires} 前打开下面的链接，设置密码并绑定动态验证码。`,
      facts: [
        ["单位", d.agencyName],
        ["角色", role],
        ["链接有效期至", expires],
      ],
      action: { label: "接受邀请", href },
      after: ["该链接只能使用一次。如果您没有预期收到此邀请，请忽略此邮件并告知系统管理员。"],
    });
  }
  return frame(locale, "You are invited to Canary", {
    heading: "You are invited to join Canary as staff",
    lead: `You are invited to join ${d.agencyName} on Canary as ${role}. Open the link below by ${expires} to choose a password and set up your authenticator app.`,
    facts: [
      ["Agency", d.agencyName],
      ["Role", role],
      ["Link valid until", expires],
    ],
    action: { label: "Accept the invitation", href },
    after: ["The link works once. If you did not expect this invitation, ignore this message and tell your administrator."],
  });
}
