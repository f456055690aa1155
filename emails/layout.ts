import type { Locale } from "./fields";

/**
 * The shared frame of every email, as HTML (inline styles only, no external CSS, images or
 * scripts) and as plain text. Every interpolated value is escaped here; templates pass
 * plain strings and never build HTML themselves.
 */

export type RenderedEmail = { subject: string; text: string; html: string };

export type EmailContent = {
  /** The first line of the body, also the HTML title. */
  heading: string;
  /** One or two sentences saying what happened and what to do. */
  lead: string;
  /** Label/value rows: reference, sector, place, dates, counts. */
  facts: ReadonlyArray<readonly [label: string, value: string]>;
  /** The one link of the message. */
  action?: { label: string; href: string };
  /** Extra short paragraphs after the link. */
  after?: readonly string[];
};

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "`": "&#96;" };

export function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"'`]/g, (c) => HTML_ESCAPES[c]!);
}

/** Links must be http(s); anything else (javascript:, data:) is refused. */
function safeHref(href: string): string {
  const url = new URL(href);
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error(`email link must be http(s): ${url.protocol}`);
  return url.href;
}

const FOOTER: Record<Locale, string[]> = {
  "zh-CN": [
    "此邮件由 Canary 举报处理系统自动发送，不含举报内容，也不含任何关于举报人的信息；请登录系统查看案件。",
    "请勿直接回复此邮件。",
  ],
  en: [
    "This message was sent automatically by Canary. It contains no report content and nothing about the person who reported; sign in to read the case.",
    "Please do not reply to this message.",
  ],
};

export function frame(locale: Locale, subject: string, content: EmailContent): RenderedEmail {
  const href = content.action ? safeHref(content.action.href) : undefined;
  const footer = FOOTER[locale];

  const textLines: string[] = [content.heading, "", content.lead, ""];
  const colon = locale === "zh-CN" ? "：" : ": ";
  // Latin labels are aligned; CJK characters are double width in most fonts, so those are not.
  const labelWidth = locale === "zh-CN" ? 0 : Math.max(0, ...content.facts.map(([label]) => label.length + colon.length));
  for (const [label, value] of content.facts) textLines.push(`${(label + colon).padEnd(labelWidth)}${value}`);
  if (content.action && href) textLines.push("", `${content.action.label}${colon.trim()}`, href);
  for (const p of content.after ?? []) textLines.push("", p);
  textLines.push("", "-- ", ...footer, "");
  const text = textLines.join("\n");

  const font = "font-family:-apple-system,'Segoe UI','PingFang SC','Microsoft YaHei',sans-serif";
  const rows = content.facts
    .map(
      ([label, value]) =>
        `<tr><th scope="row" style="text-align:left;padding:4px 16px 4px 0;color:#555;font-weight:normal;vertical-align:top">${escapeHtml(label)}</th>` +
        `<td style="padding:4px 0;color:#111">${escapeHtml(value)}</td></tr>`,
    )
    .join("\n");
  const action =
    content.action && href
      ? `<p style="margin:24px 0"><a href="${escapeHtml(href)}" style="display:inline-block;background:#8a5a00;color:#fff;padding:10px 18px;border-radius:4px;text-decoration:none">${escapeHtml(content.action.label)}</a></p>\n` +
        `<p style="margin:0 0 16px;color:#555;font-size:13px;word-break:break-all">${escapeHtml(href)}</p>`
      : "";
  const after = (content.after ?? []).map((p) => `<p style="margin:0 0 12px">${escapeHtml(p)}</p>`).join("\n");
  const html = `<!DOCTYPE html>
<html lang="${escapeHtml(locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(subject)}</title>
</head>
<body style="margin:0;padding:0;background:#f4f4f1;${font}">
<div style="max-width:600px;margin:0 auto;padding:24px;background:#fff;color:#111;line-height:1.6">
<p style="margin:0 0 16px;font-size:13px;color:#8a5a00;letter-spacing:.05em">CANARY</p>
<h1 style="margin:0 0 16px;font-size:20px">${escapeHtml(content.heading)}</h1>
<p style="margin:0 0 16px">${escapeHtml(content.lead)}</p>
<table role="presentation" style="border-collapse:collapse;margin:0 0 8px">
${rows}
</table>
${action}
${after}
<hr style="border:none;border-top:1px solid #ddd;margin:24px 0 12px">
${footer.map((p) => `<p style="margin:0 0 6px;font-size:12px;color:#777">${escapeHtml(p)}</p>`).join("\n")}
</div>
</body>
</html>
`;
  return { subject, text, html };
}
