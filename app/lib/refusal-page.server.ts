import type { MessageKey } from "../i18n";
import { translator } from "../i18n/catalogues.server";

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A small page for requests the launcher refuses before they reach the app (a form posted from
 * another site, a body over the size limit): the message in both languages, since the refusal
 * comes before the language cookie is trusted, and nothing about the server (no stack, no paths).
 */
export function refusalPage(title: MessageKey, body: MessageKey): string {
  const section = (locale: "zh-CN" | "en") => {
    const t = translator(locale);
    return `<section lang="${locale}"><h1>${escapeHtml(t(title))}</h1><p>${escapeHtml(t(body))}</p><p><a href="/">${escapeHtml(t("errors.backHome"))}</a></p></section>`;
  };
  const zh = translator("zh-CN");
  const en = translator("en");
  return (
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(zh(title))} · ${escapeHtml(en(title))}</title></head><body>${section("zh-CN")}<hr>${section("en")}</body></html>\n`
  );
}

/**
 * Whether a state-changing request comes from another site: the browser says so
 * (Sec-Fetch-Site: cross-site), or its Origin is not this host. The same comparison Remix makes
 * before an action (Origin's host against X-Forwarded-Host, else Host), where a mismatch would be
 * an uncaught error, a 500; an Origin of "null" (sandboxed frames, privacy redirects) or one that
 * is not a URL is refused too, as Remix would.
 */
export function isCrossSiteRequest(headers: { origin?: string; host?: string; forwardedHost?: string; fetchSite?: string }): boolean {
  if (headers.fetchSite === "cross-site") return true;
  if (headers.origin === undefined || headers.origin === "") return false;
  let originHost: string;
  try {
    originHost = new URL(headers.origin).host;
  } catch {
    return true;
  }
  const host = headers.forwardedHost?.split(",")[0]?.trim() || headers.host;
  return !originHost || !host || originHost !== host;
}
