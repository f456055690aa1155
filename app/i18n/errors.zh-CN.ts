/** The refusals of the one error type (app/lib/app-error.ts), when a service gives no more precise message. Chinese. */
export const errorsZhCN = {
  "errors.app.invalid_input": "填写的内容有误，请按提示修改后再提交。",
  "errors.app.unknown_intent": "无法识别的操作，请刷新页面后重试。",
  "errors.app.conflict": "这件事的状态已经变化（可能有人刚刚处理过），请刷新页面查看最新情况。",
  "errors.app.rate_limited": "尝试次数过多，请稍后再试。您填写的内容已保留。",
  "errors.app.unauthenticated": "登录信息不正确，请重新输入。",
  "errors.app.gone": "这个链接已经过期。",
  "errors.app.toForm": "到表单处修改",
  // Replies waiting (issue 13, part 2)
  "errors.newsByEmail.withoutEmail": "要在有新消息时收到邮件，请填写电子邮箱；或者取消勾选。",
} as const;
