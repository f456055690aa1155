import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseStatisticsQuery } from "~/forms/statistics";
import { entityTag, isNotModified } from "~/lib/conditional-get.server";
import { statisticsJson } from "~/services/statistics-download.server";

/** Every aggregate table of /stats as JSON (?place=&period=[&release=N]), of the current statistics release or release N (404 when it is not published). Columns: see /open-data. A current copy is answered 304. */
export async function loader({ request }: LoaderFunctionArgs) {
  const q = parseStatisticsQuery(new URL(request.url).searchParams);
  const body = await statisticsJson(q);
  if (body === null) return Response.json({ error: "not found" }, { status: 404 });
  const text = JSON.stringify(body);
  const etag = entityTag(text);
  const caching = { "Cache-Control": "public, max-age=60", ETag: etag };
  if (isNotModified(request, etag)) return new Response(null, { status: 304, headers: caching });
  return new Response(text, {
    headers: {
      ...caching,
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="canary-stats-${q.place}-${q.period}${q.release ? `-release-${q.release}` : ""}.json"`,
      "Access-Control-Allow-Origin": "*",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
