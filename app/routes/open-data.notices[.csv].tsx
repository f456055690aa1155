import { publishedNoticesCsv } from "~/services/published-notices.server";

/** All published notices of supervised major hazards as CSV (UTF-8 with BOM). Columns: see /open-data. */
export function loader() {
  return new Response(publishedNoticesCsv(), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="canary-notices.csv"',
      "Cache-Control": "public, max-age=300",
      "Access-Control-Allow-Origin": "*",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
