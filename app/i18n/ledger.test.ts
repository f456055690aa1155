import { describe, expect, it } from "vitest";
import { LEDGER_ACTIONS } from "../domain/ledger-actions";
import { translator } from "./catalogues.server";
import type { Locale } from "./index";
import { describeLedgerEntry } from "./ledger";

const names = {
  agencies: [
    { id: "a-yj", nameZh: "西湖区应急管理局", nameEn: "Xihu District Emergency Management Bureau" },
    { id: "a-sup", nameZh: "杭州市应急管理局", nameEn: "Hangzhou Emergency Management Bureau" },
  ],
  places: [{ code: "330106", nameZh: "西湖区", nameEn: "Xihu District" }],
  timeZone: "Asia/Shanghai",
};
const say = (locale: Locale, action: string, details?: unknown) => describeLedgerEntry({ action, details }, translator(locale), locale, names);

// action, details, Chinese, English
const TABLE: [string, Record<string, unknown> | undefined, string, string][] = [
  ["tip.submitted", { reference: "JB2026-12345678", channel: "web", sector: "chemical", place: "330106", captcha: "passed", attachments: 2, triageDueOn: "2026-12-04" }, "举报提交：渠道：网站；附件 2 个；期限 2026-12-04", "Tip submitted: channel: Web form; 2 attachment(s); due 2026-12-04"],
  ["tip.recorded_by_operator", { channel: "phone", attachments: 0, triageDueOn: "2026-12-04" }, "热线接线员代为登记举报：渠道：电话；期限 2026-12-04", "Tip recorded by a hotline operator: channel: Phone; due 2026-12-04"],
  ["tip.receipt_replaced", undefined, "举报人更换回执", "Receipt replaced by the tipster"],
  ["tip.question_to_tipster", { messageId: 4, attachments: 0 }, "向举报人提问", "Question to the tipster"],
  ["tip.reply_from_tipster", { messageId: 5, attachments: 1 }, "举报人回复：附件 1 个", "Reply from the tipster: 1 attachment(s)"],
  ["case.route", { from: "submitted", to: "assigned", agencyId: "a-yj", rules: ["sector"], override: null, dueOn: "2026-12-08" }, "交办：至 西湖区应急管理局；待受理 → 已交办待接收；期限 2026-12-08", "Routed: to Xihu District Emergency Management Bureau; Awaiting triage → Assigned, not yet accepted; due 2026-12-08"],
  ["case.route", { from: "returned", to: "assigned", agencyId: "a-gone", override: "辖区调整" }, "交办：至 （已不存在的部门）；被退回 → 已交办待接收；未采用系统建议，理由：“辖区调整”", "Routed: to (an agency no longer listed); Returned → Assigned, not yet accepted; the suggestion was not followed: “辖区调整”"],
  ["case.reject", { from: "submitted", to: "rejected", reason: "no_facts", decidedOn: "2026-12-01" }, "不予受理：待受理 → 不予受理；理由：没有具体事实", "Rejected: Awaiting triage → Rejected; reason: No facts given"],
  ["case.merge", { from: "submitted", to: "merged", into: "JB2026-11111111", reason: "同一企业同一事件" }, "合并：并入 JB2026-11111111；待受理 → 已合并；理由：“同一企业同一事件”", "Merged: into JB2026-11111111; Awaiting triage → Merged; reason: “同一企业同一事件”"],
  ["case.merged_in", { merged: "JB2026-22222222", reason: "同一事件" }, "合并进举报：JB2026-22222222；理由：“同一事件”", "Tip merged in: JB2026-22222222; reason: “同一事件”"],
  ["case.accept", { from: "assigned", to: "accepted", dueOn: "2026-12-31" }, "接收：已交办待接收 → 已接收；期限 2026-12-31", "Accepted: Assigned, not yet accepted → Accepted; due 2026-12-31"],
  ["case.return", { from: "assigned", to: "returned", agencyId: "a-yj", reason: "不属于本部门职责" }, "退回受理台：承办部门 西湖区应急管理局；已交办待接收 → 被退回；理由：“不属于本部门职责”", "Returned to triage: agency: Xihu District Emergency Management Bureau; Assigned, not yet accepted → Returned; reason: “不属于本部门职责”"],
  ["case.start_investigation", { from: "accepted", to: "investigating" }, "开始调查：已接收 → 调查中", "Investigation started: Accepted → Investigating"],
  ["case.conclude_with_rectification", { from: "investigating", to: "rectifying", finding: "substantiated", dueOn: "2027-01-15", fineCny: 50000 }, "作出结论并责令整改：调查中 → 整改中；结论：属实；期限 2027-01-15；罚款 50000 元", "Concluded, rectification ordered: Investigating → Being rectified; finding: Substantiated; due 2027-01-15; fine CNY 50000"],
  ["case.conclude_nothing_to_rectify", { from: "investigating", to: "concluded", finding: "unsubstantiated" }, "作出结论：调查中 → 已出结论；结论：不属实", "Concluded: Investigating → Concluded; finding: Unsubstantiated"],
  ["case.rectification_item_ordered", { position: 2, dueOn: "2027-01-15", responsibleRole: "safety_manager" }, "责令整改事项：第 2 项；责任方 安全管理负责人；期限 2027-01-15", "Rectification item ordered: item 2; responsible: Safety manager; due 2027-01-15"],
  ["case.rectification_item_verified", { position: 1, attachments: 2 }, "整改事项已核查：第 1 项；附件 2 个", "Rectification item verified: item 1; 2 attachment(s)"],
  ["case.rectification_item_extended", { position: 1, dueOn: "2027-01-15", newDueOn: "2027-02-15", reason: "设备到货延迟" }, "整改事项延期：第 1 项；期限 2027-01-15；新期限 2027-02-15；理由：“设备到货延迟”", "Rectification item extended: item 1; due 2027-01-15; new deadline 2027-02-15; reason: “设备到货延迟”"],
  ["case.verify_rectification", { from: "rectifying", to: "verified", attachments: 3 }, "整改核查：整改中 → 整改已核查；附件 3 个", "Rectification verified: Being rectified → Rectification verified; 3 attachment(s)"],
  ["case.close", { from: "verified", to: "closed" }, "办结销号：整改已核查 → 已办结（销号）", "Closed: Rectification verified → Closed"],
  ["case.reopen", { from: "closed", to: "reopened", agencyId: "a-yj", reason: "举报人提供新证据", dueOn: "2026-12-10", attachments: 0 }, "重新办理：承办部门 西湖区应急管理局；已办结（销号） → 重新办理；期限 2026-12-10；理由：“举报人提供新证据”", "Reopened: agency: Xihu District Emergency Management Bureau; Closed → Reopened; due 2026-12-10; reason: “举报人提供新证据”"],
  ["case.dispute", { from: "closed", to: "under_review", disputeId: 9 }, "举报人申请复查：已办结（销号） → 复查中", "Disputed by the tipster: Closed → Under review"],
  ["case.uphold", { from: "under_review", to: "closed", disputeId: 9, reason: "结论有据" }, "复查维持：复查中 → 已办结（销号）；理由：“结论有据”", "Upheld on review: Under review → Closed; reason: “结论有据”"],
  ["case.reopen_after_review", { from: "under_review", to: "reopened", disputeId: 9, reason: "核查不充分", dueOn: "2026-12-20" }, "复查后重新办理：复查中 → 重新办理；期限 2026-12-20；理由：“核查不充分”", "Reopened after review: Under review → Reopened; due 2026-12-20; reason: “核查不充分”"],
  ["case.corrected", { before: { sectorCode: "chemical", deaths: null }, after: { sectorCode: "pollution", deaths: 1 } }, "更正案件信息：更正了 行业、死亡人数", "Facts corrected: corrected sector, deaths"],
  ["case.implication_change_requested", { requestId: 3, before: "330106", requested: null, reason: "核实后不涉及" }, "申请变更涉及地区：涉及地区 西湖区 (330106) → 无；理由：“核实后不涉及”", "Change of the implicated region asked: implicated region Xihu District (330106) → none; reason: “核实后不涉及”"],
  ["case.implication_change_approved", { requestId: 3, note: "同意", requestedBy: "u1" }, "批准变更涉及地区：意见：“同意”", "Change of the implicated region approved: note: “同意”"],
  ["case.implication_change_refused", { requestId: 3, note: "证据不足" }, "不批准变更涉及地区：意见：“证据不足”", "Change of the implicated region refused: note: “证据不足”"],
  ["case.implication_change_applied", { requestId: 3, before: "330106", after: "330100" }, "涉及地区已变更：涉及地区 西湖区 (330106) → 330100", "Implicated region changed: implicated region Xihu District (330106) → 330100"],
  ["case.note_added", { noteId: 7 }, "添加内部记录", "Internal note added"],
  ["case.evidence_added", { attachments: 2 }, "添加证据：附件 2 个", "Evidence added: 2 attachment(s)"],
  ["case.extension_requested", { days: 10, reason: "需要检测报告", dueOn: "2026-12-31", requestedDueOn: "2027-01-10" }, "申请延期：10 天；原期限 2026-12-31；申请延至 2027-01-10；理由：“需要检测报告”", "Extension requested: 10 days; previously due 2026-12-31; asked until 2027-01-10; reason: “需要检测报告”"],
  ["case.extension_approved", { days: 10, from: "2026-12-31", dueOn: "2027-01-10" }, "批准延期：10 天；原期限 2026-12-31；期限 2027-01-10", "Extension approved: 10 days; previously due 2026-12-31; due 2027-01-10"],
  ["case.extension_refused", { reason: "理由不足", dueOn: "2026-12-31" }, "不批准延期：期限 2026-12-31；理由：“理由不足”", "Extension refused: due 2026-12-31; reason: “理由不足”"],
  ["case.overdue_escalated", { dueOn: "2026-11-30", overdueSince: "2026-12-01", state: "accepted", supervisingAgencyId: "a-sup" }, "超期督办：自 2026-12-01 起超期；期限 2026-11-30；督办单位 杭州市应急管理局", "Escalated as overdue: overdue since 2026-12-01; due 2026-11-30; supervising agency: Hangzhou Emergency Management Bureau"],
  ["case.overdue_escalated", { dueOn: "2026-11-30", overdueSince: "2026-12-01", supervisingAgencyId: null, withheld: "conflict_of_interest" }, "超期督办：自 2026-12-01 起超期；期限 2026-11-30；未发送邮件：上级督办单位均在被举报涉及的地区内", "Escalated as overdue: overdue since 2026-12-01; due 2026-11-30; nobody emailed: every supervising agency is inside the implicated region"],
  ["case.notice_published", { noticeId: "n1", supervisingAgencyId: "a-sup", subject: "某化工有限公司", rectificationDueOn: "2027-01-31" }, "发布挂牌督办公告：督办单位 杭州市应急管理局；公开名称“某化工有限公司”；期限 2027-01-31", "Public notice published: supervising agency: Hangzhou Emergency Management Bureau; published name “某化工有限公司”; due 2027-01-31"],
  ["case.notice_lifted", { noticeId: "n1", note: "隐患已整改销号" }, "公告摘牌：意见：“隐患已整改销号”", "Public notice lifted: note: “隐患已整改销号”"],
  ["case.supervision_set", { note: "挂牌督办", previousDueOn: "2026-12-31", dueOn: "2026-12-15", overdueReset: true }, "设置督办：原期限 2026-12-31；期限 2026-12-15；超期标记已清除；意见：“挂牌督办”", "Supervision set: previously due 2026-12-31; due 2026-12-15; overdue mark cleared; note: “挂牌督办”"],
  ["contact.viewed", undefined, "查看联系方式", "Contact details viewed"],
  ["contact.erased", { closedOn: "2026-06-01", retentionDays: 180 }, "联系方式按保存期限删除：办结日期 2026-06-01；保存期 180 天", "Contact details erased (retention): closed on 2026-06-01; kept 180 days"],
  ["reward.claimed", { suggestedCny: 30000, rule: "fine_rate" }, "申请奖励：建议金额 30000 元", "Reward claimed: suggested CNY 30000"],
  ["reward.approved", { amountCny: 25000 }, "批准奖励：金额 25000 元", "Reward approved: CNY 25000"],
  ["reward.refused", { reason: "线索与查处无关" }, "不予奖励：理由：“线索与查处无关”", "Reward refused: reason: “线索与查处无关”"],
  ["staff.created", { role: "administrator", via: "admin:create", oneTimePassword: true }, "创建账号：角色：管理员", "Account created: role: Administrator"],
  ["staff.invitation_accepted", undefined, "接受邀请并设置密码", "Invitation accepted, password set"],
  ["staff.password_accepted", { next: "totp" }, "密码验证通过", "Password accepted"],
  ["staff.password_changed", { forced: true }, "修改密码", "Password changed"],
  ["staff.totp_enrolled", { recoveryCodes: 10 }, "启用动态验证码：生成恢复码 10 个", "Authenticator app enrolled: 10 recovery codes made"],
  ["staff.recovery_code_used", { left: 9 }, "使用恢复码登录：剩余恢复码 9 个", "Signed in with a recovery code: 9 recovery codes left"],
  ["staff.signed_in", { method: "totp" }, "登录", "Signed in"],
  ["staff.sign_in_failed", { factor: "password", failures: 3 }, "登录失败：连续失败 3 次", "Sign-in failed: 3 failures in a row"],
  ["staff.sign_in_refused", { reason: "inactive" }, "拒绝登录", "Sign-in refused"],
  ["staff.locked", { failures: 5, until: "2026-12-01T12:57:00.000Z" }, "账号暂时锁定：连续失败 5 次；锁定至 2026-12-01 20:57", "Account locked for a while: 5 failures in a row; locked until 1 Dec 2026, 20:57"],
  ["staff.signed_out_everywhere", undefined, "在所有设备上退出登录", "Signed out on every device"],
  ["admin.staff.invited", { reason: "新入职", email: "x@example.org", role: "agency_officer", agencyId: "a-yj", awaitingApproval: false }, "邀请人员：角色：承办人；承办部门 西湖区应急管理局；理由：“新入职”", "Staff member invited: role: Agency officer; agency: Xihu District Emergency Management Bureau; reason: “新入职”"],
  ["admin.staff.invitation_reissued", { reason: "邀请过期", invitationExpiresAt: "2026-12-08T00:00:00.000Z" }, "重新发送邀请：理由：“邀请过期”", "Invitation sent again: reason: “邀请过期”"],
  ["admin.staff.updated", { reason: "改名", changes: { displayName: { from: "张", to: "张三" } } }, "修改人员账号：改动 1 项；理由：“改名”", "Staff account changed: 1 change(s); reason: “改名”"],
  ["admin.staff.deactivated", { reason: "离职", changes: { active: { from: true, to: false } } }, "停用人员账号：改动 1 项；理由：“离职”", "Staff account deactivated: 1 change(s); reason: “离职”"],
  ["admin.staff.reactivated", { reason: "返岗", changes: { active: { from: false, to: true } } }, "恢复人员账号：改动 1 项；理由：“返岗”", "Staff account reactivated: 1 change(s); reason: “返岗”"],
  ["admin.staff.one_time_password_set", { reason: "忘记密码" }, "设置一次性密码：理由：“忘记密码”", "One-time password set: reason: “忘记密码”"],
  ["admin.staff.role_grant_requested", { requestId: 1, reason: "调岗", role: "supervisor", agencyId: "a-sup" }, "申请授予角色：角色：督办人；承办部门 杭州市应急管理局；理由：“调岗”", "Role grant requested: role: Supervisor; agency: Hangzhou Emergency Management Bureau; reason: “调岗”"],
  ["admin.staff.role_grant_approved", { requestId: 1, reason: "同意", role: "supervisor", agencyId: null }, "批准授予角色：角色：督办人；理由：“同意”", "Role grant approved: role: Supervisor; reason: “同意”"],
  ["admin.staff.role_grant_refused", { requestId: 1, reason: "不需要", role: "supervisor" }, "不批准授予角色：角色：督办人；理由：“不需要”", "Role grant refused: role: Supervisor; reason: “不需要”"],
  ["admin.staff.role_grant_withdrawn", { requestId: 1, reason: "填错了", role: "auditor" }, "撤回授予角色申请：角色：审计员；理由：“填错了”", "Role grant request withdrawn: role: Auditor; reason: “填错了”"],
  ["admin.agency.created", { reason: "新设部门", agency: { code: "x" } }, "新增部门：理由：“新设部门”", "Agency added: reason: “新设部门”"],
  ["admin.agency.updated", { reason: "更名", changes: { nameZh: {}, nameEn: {} } }, "修改部门：改动 2 项；理由：“更名”", "Agency changed: 2 change(s); reason: “更名”"],
  ["admin.directory.imported", { reason: "年度更新", rows: 120 }, "导入部门名录：理由：“年度更新”", "Agency directory imported: reason: “年度更新”"],
  ["admin.routing_override.created", { reason: "专项整治", override: {} }, "新增交办规则：理由：“专项整治”", "Routing rule added: reason: “专项整治”"],
  ["admin.routing_override.deleted", { reason: "整治结束", override: {} }, "删除交办规则：理由：“整治结束”", "Routing rule deleted: reason: “整治结束”"],
  ["tip.claimed", {}, "认领处理", "Claimed"],
  ["tip.claim_released", {}, "放弃处理", "Claim released"],
  ["case.unmerge", { from: "merged", to: "submitted", joined: "JB2026-10000001", reason: "不是同一事项", dueOn: "2026-12-08" }, "撤销合并：撤出 JB2026-10000001；已合并 → 待受理；期限 2026-12-08；理由：“不是同一事项”", "Merge undone: out of JB2026-10000001; Merged → Awaiting triage; due 2026-12-08; reason: “不是同一事项”"],
  ["case.unmerged_out", { merged: "JB2026-10000002", reason: "不是同一事项" }, "合并进来的举报已撤出：JB2026-10000002；理由：“不是同一事项”", "Merged tip taken out: JB2026-10000002; reason: “不是同一事项”"],
  ["case.contribution_asked", { agencyId: "a-yj", contributionId: 3 }, "请求协办：协办部门 西湖区应急管理局", "Contribution asked: contributing agency: Xihu District Emergency Management Bureau"],
  ["case.contribution_done", { agencyId: "a-yj", contributionId: 3 }, "协办完成：协办部门 西湖区应急管理局", "Contribution done: contributing agency: Xihu District Emergency Management Bureau"],
  ["case.contribution_withdrawn", { agencyId: "a-yj", contributionId: 3, reason: "已不需要" }, "撤回协办：协办部门 西湖区应急管理局；理由：“已不需要”", "Contribution withdrawn: contributing agency: Xihu District Emergency Management Bureau; reason: “已不需要”"],
  ["case.assigned", { officerId: "u1", officerName: "王五" }, "指定承办人：承办人 “王五”", "Officer put in charge: officer in charge “王五”"],
  ["case.reassigned", { fromOfficerId: "u1", fromName: "王五", toOfficerId: "u2", toName: "李四", reason: "休假两周" }, "更换承办人：承办人 “王五” → “李四”；理由：“休假两周”", "Officer in charge changed: officer in charge “王五” → “李四”; reason: “休假两周”"],
  ["case.reassigned", { fromOfficerId: null, fromName: null, toOfficerId: "u2", toName: "李四", reason: "原承办人已调离" }, "更换承办人：承办人 未指定 → “李四”；理由：“原承办人已调离”", "Officer in charge changed: officer in charge nobody → “李四”; reason: “原承办人已调离”"],
  ["admin.sector_keyword.added", { keyword: { sectorCode: "pollution", phrase: "黑水", weight: 2 } }, "添加行业关键词：“黑水”（权重 2）", "Sector keyword added: “黑水” (weight 2)"],
  ["admin.sector_keyword.removed", { keyword: { sectorCode: "pollution", phrase: "黑水", weight: 2 } }, "删除行业关键词：“黑水”（权重 2）", "Sector keyword removed: “黑水” (weight 2)"],
  ["statistics.released", { releaseNo: 12, pages: 16890, contentHash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", asOf: "2026-12-03", trigger: "schedule", scheduledFor: "2026-12-03" }, "发布办理统计：第 12 期，16890 页，摘要 9f86d081884c", "Statistics released: release 12, 16890 pages, digest 9f86d081884c"],
  ["statistics.release_requested", { jobId: "41" }, "申请立即发布办理统计", "Statistics release requested (publish now)"],
];

describe("describeLedgerEntry", () => {
  it.each(TABLE)("%s %j", (action, details, zh, en) => {
    const zhLine = say("zh-CN", action, details);
    expect(zhLine).toBe(zh);
    const enLine = say("en", action, details);
    expect(enLine).toBe(en);
    // No code and no detail key shown, in either language.
    for (const line of [zhLine, enLine]) {
      expect(line).not.toContain(action);
      expect(line).not.toMatch(/\b[a-z]+[A-Z]\w*\b|\b[a-z]+_[a-z_]+\b|\b(undefined|null|NaN|true|false)\b/);
      expect(line).not.toMatch(/\{\w+\}/);
    }
    expect(enLine).not.toMatch(/[\u4e00-\u9fff](?![^“]*”)/); // English words, except quoted free text and names
  });

  it("covers every action of the closed set", () => {
    const covered = new Set(TABLE.map(([a]) => a));
    expect(LEDGER_ACTIONS.filter((a) => !covered.has(a))).toEqual([]);
  });

  it("leaves out detail keys it does not know, and shows an unknown action's code", () => {
    expect(say("zh-CN", "case.note_added", { noteId: 1, secretKey: "x" })).toBe("添加内部记录");
    expect(say("en", "case.close", { from: "verified", to: "closed", rules: ["a"], weird: 1 })).toBe("Closed: Rectification verified → Closed");
    expect(say("en", "staff.viewed_queue", { any: 1 })).toBe("staff.viewed_queue");
    expect(say("zh-CN", "case.route", null)).toBe("交办");
  });
});
