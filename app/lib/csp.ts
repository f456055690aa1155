/** The Content-Security-Policy of every page: scripts (and the inline styles) only from us with this response's nonce. */
export function contentSecurityPolicy(nonce: string, hcaptcha: { scriptUrl?: string } | null): string {
  const captchaHosts = hcaptcha ? (hcaptcha.scriptUrl ? [new URL(hcaptcha.scriptUrl).origin] : ["https://hcaptcha.com", "https://*.hcaptcha.com"]) : [];
  const list = (...xs: string[]) => xs.filter(Boolean).join(" ");
  return [
    "default-src 'self'",
    `script-src ${list("'self'", `'nonce-${nonce}'`, ...captchaHosts)}`,
    // The page's own styles are inline, with the nonce (app/components/page-styles.tsx); style attributes stay refused.
    `style-src ${list("'self'", `'nonce-${nonce}'`, ...captchaHosts)}`,
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
