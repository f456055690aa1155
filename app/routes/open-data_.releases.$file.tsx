import type { LoaderFunctionArgs } from "@remix-run/node";
import { entityTag, isNotModified } from "~/lib/conditional-get.server";
import { releaseCsvStream, releaseJsonStream } from "~/services/statistics-download.server";
import { publishedRelease } from "~/services/statistics-release-read.server";

/**
 * One statistics release as a file: /open-data/releases/N.csv or N.json, the headline figures of
 * every place and window as published in release N (columns: see /open-data), streamed. A
 * release never changes: its tag is its number and content hash, and it may be kept a day.
 * An unknown or unpublished release is 404.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const m = /^([1-9]\d{0,9})\.(csv|json)$/.exec(params.file ?? "");
  const release = m ? await publishedRelease(Number(m[1])) : null;
  if (!m || !release) return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const kind = m[2] as "csv" | "json";
  const etag = entityTag("release file", kind, String(release.no), release.contentHash);
  const caching = { "Cache-Control": "public, max-age=86400", ETag: etag };
  if (isNotModified(request, etag)) return new Response(null, { status: 304, headers: caching });
  return new Response(kind === "csv" ? releaseCsvStream(release) : releaseJsonStream(release), {
    headers: {
      ...caching,
      "Content-Type": kind === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="canary-statistics-release-${release.no}.${kind}"`,
      "Access-Control-Allow-Origin": "*",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
