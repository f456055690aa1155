/** The refusals of the one error type (app/lib/app-error.ts), when a service gives no more precise message. Chinese. */
export const errorsZhCN = {
  "errors.app.invalid_input": "填写的内容有误，请按提示修改后再提交。",
  "errors.app.unknown_intent": "无法识别的操作，请刷新页面后重试。",
  "errors.app.conflict": "这件事的状态已经变化（可能有人刚刚处理过），请刷新页面查看最新情况。",
  "errors.app.rate_limited": "尝试次数过多，请稍后再试。您填写的内容已保留。",
  "errors.app.unauthenticated": "登录信息不正确，请重新输入。",
  "errors.app.gone": "这个链接已经过期。",
  "errors.app.toForm": "到表单处修改",
  // Issue 13 (queue): claims and stale decisions.
  "errors.claim.heldByOther": "{name} 自 {since} 起正在处理这条举报。如确需由您决定，请勾选“仍然由我决定”后再提交。",
  "errors.claim.alreadyClaimed": "{name} 自 {since} 起已在处理这条举报。",
  "errors.claim.raced": "刚有人认领了这条举报，请刷新页面查看。",
  "errors.claim.notYours": "这条举报不是由您认领的，不能放弃。",
  "errors.stale.route": "{reference} 已由 {name} 于 {time} 交办给{agency}，您的决定未生效。",
  "errors.stale.reject": "{reference} 已由 {name} 于 {time} 决定不予受理，您的决定未生效。",
  "errors.stale.merge": "{reference} 已由 {name} 于 {time} 合并到 {into}，您的决定未生效。",
  "errors.stale.changed": "{reference} 已由 {name} 于 {time} 更改，您的决定未生效。请查看最新情况。",
} as const;
