/** The Content-Security-Policy of every page: scripts only from us with this response's nonce. */
export function contentSecurityPolicy(nonce: string, hcaptcha: { scriptUrl?: string } | null): string {
  const captchaHosts = hcaptcha ? (hcaptcha.scriptUrl ? [new URL(hcaptcha.scriptUrl).origin] : ["https://hcaptcha.com", "https://*.hcaptcha.com"]) : [];
  const list = (...xs: string[]) => xs.filter(Boolean).join(" ");
  return [
    "default-src 'self'",
    `script-src ${list("'self'", `'nonce-${nonce}'`, ...captchaHosts)}`,
    `style-src ${list("'self'", ...captchaHosts)}`,
    "img-src 'self' data: blob:",
    `frame-src ${captchaHosts.length ? captchaHosts.join(" ") : "'none'"}`,
    `connect-src ${list("'self'", ...captchaHosts)}`,
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
