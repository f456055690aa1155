import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseStatisticsQuery } from "~/forms/statistics";
import { entityTag, isNotModified } from "~/lib/conditional-get.server";
import { statisticsCsv } from "~/services/statistics-download.server";

/** One aggregate table of /stats as CSV (?place=&period=&table=headline|sector|place|month|agency[&release=N]), of the current statistics release or release N (404 when it is not published). Columns: see /open-data. A current copy is answered 304. */
export async function loader({ request }: LoaderFunctionArgs) {
  const q = parseStatisticsQuery(new URL(request.url).searchParams);
  const csv = await statisticsCsv(q);
  if (csv === null) return new Response("Not found", { status: 404 });
  const etag = entityTag(csv);
  const caching = { "Cache-Control": "public, max-age=60", ETag: etag };
  if (isNotModified(request, etag)) return new Response(null, { status: 304, headers: caching });
  return new Response(csv, {
    headers: {
      ...caching,
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="canary-stats-${q.place}-${q.table}-${q.period}${q.release ? `-release-${q.release}` : ""}.csv"`,
      "Access-Control-Allow-Origin": "*",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
