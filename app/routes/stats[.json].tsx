import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseStatisticsQuery } from "~/forms/statistics";
import { statisticsJson } from "~/services/statistics-download.server";

/** Every aggregate table of /stats as JSON (?place=&period=). Columns: see /open-data. */
export async function loader({ request }: LoaderFunctionArgs) {
  const q = parseStatisticsQuery(new URL(request.url).searchParams);
  const body = await statisticsJson(q);
  if (body === null) return Response.json({ error: "not found" }, { status: 404 });
  return Response.json(body, {
    headers: {
      "Content-Disposition": `attachment; filename="canary-stats-${q.place}-${q.period}.json"`,
      "Cache-Control": "public, max-age=60",
      "Access-Control-Allow-Origin": "*",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
