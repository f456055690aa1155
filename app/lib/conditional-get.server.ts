import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * Conditional GET for pages and downloads that change only when what they publish changes:
 * a weak ETag over what was sent (weak, because compression changes the bytes, not the meaning),
 * and the test whether the reader's cached copy still is that. A phone on a weak signal then
 * revalidates /stats with a 304 of a few hundred bytes instead of the whole page.
 */

/**
 * The build's fingerprint: a hash of this server bundle (which embeds the client asset names),
 * so that a new deployment never answers 304 for a document that links old scripts. The same in
 * every worker and after a restart of the same build.
 */
const BUILD = (() => {
  try {
    return createHash("sha1").update(readFileSync(fileURLToPath(import.meta.url))).digest("base64url").slice(0, 10);
  } catch {
    return "unknown";
  }
})();

/** A weak entity tag over the given parts (and the build). */
export function entityTag(...parts: string[]): string {
  const h = createHash("sha1").update(BUILD);
  for (const p of parts) h.update("\u0000").update(p);
  return `W/"${h.digest("base64url").slice(0, 22)}"`;
}

/** Whether the request's If-None-Match names this tag (weak comparison, RFC 9110 §13.1.2). */
export function isNotModified(request: Request, etag: string): boolean {
  const header = request.headers.get("if-none-match");
  if (!header) return false;
  const opaque = (t: string) => t.trim().replace(/^W\//, "");
  const mine = opaque(etag);
  return header.split(",").some((t) => t.trim() === "*" || opaque(t) === mine);
}
