/** The refusals of the one error type (app/lib/app-error.ts), when a service gives no more precise message. Chinese. */
export const errorsZhCN = {
  "errors.app.invalid_input": "填写的内容有误，请按提示修改后再提交。",
  "errors.app.unknown_intent": "无法识别的操作，请刷新页面后重试。",
  "errors.app.conflict": "这件事的状态已经变化（可能有人刚刚处理过），请刷新页面查看最新情况。",
  "errors.app.rate_limited": "尝试次数过多，请稍后再试。您填写的内容已保留。",
  "errors.app.unauthenticated": "登录信息不正确，请重新输入。",
  "errors.app.gone": "这个链接已经过期。",
  "errors.app.toForm": "到表单处修改",
  // The sector classifier's keyword table.
  "errors.keyword.sectorRequired": "请选择行业领域。",
  "errors.keyword.phraseRequired": "请填写关键词。",
  "errors.keyword.phraseTooLong": "关键词最多 40 个字符。",
  "errors.keyword.weight": "权重须为 -9 到 9 之间的整数，且不能为 0。",
  "errors.keyword.duplicate": "这个行业领域已有这个关键词。",
  "errors.keyword.unknown": "这个关键词已经不存在了。",
  // Merging and its undo (issue #13).
  "errors.merge.sameMatterRequired": "两条举报的行业领域、所在县（区）或企业/场所不同：请先对照核实，勾选“我已对照两条举报，确认是同一事项”后再合并。",
  "errors.unmerge.reasonRequired": "请填写撤销理由（至少 5 个字）。",
  "errors.unmerge.notMerged": "这条举报目前没有合并到其他案件，无需撤销。",
  "errors.unmerge.concluded": "合并进的案件已作出结论，这次合并不能再撤销。",
} as const;
