import { publishedOutcomesCsv } from "~/services/published-outcomes.server";

/** All published outcomes as CSV (UTF-8 with BOM), streamed in keyset batches. Columns: see /open-data. */
export function loader() {
  return new Response(publishedOutcomesCsv(), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="canary-outcomes.csv"',
      "Cache-Control": "public, max-age=300",
      "Access-Control-Allow-Origin": "*",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
