/**
 * Where a form may send the browser back to: a path on this site only. Browsers read a backslash
 * as a slash in http(s) URLs and drop tabs and newlines, so `/\evil.example` and `/\t/evil.example`
 * are the protocol-relative `//evil.example`; an encoded slash or backslash right after the first
 * one is refused too, in case a proxy decodes it. Anything doubtful gives `fallback`.
 */
export function sameSitePath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2000) return fallback;
  if (/[\u0000-\u001f\u007f]/.test(value)) return fallback;
  const normalised = value.replace(/\\/g, "/");
  if (!normalised.startsWith("/") || normalised.startsWith("//")) return fallback;
  if (/^\/%(2f|5c)/i.test(normalised)) return fallback;
  let url: URL;
  try {
    url = new URL(normalised, "http://canary.invalid");
  } catch {
    return fallback;
  }
  if (url.origin !== "http://canary.invalid") return fallback;
  return url.pathname + url.search + url.hash;
}
