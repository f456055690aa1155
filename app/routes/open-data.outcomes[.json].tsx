import { publishedOutcomesJson } from "~/services/published-outcomes.server";

/** All published outcomes as a JSON array (UTF-8), streamed in keyset batches. Fields: see /open-data. */
export function loader() {
  return new Response(publishedOutcomesJson(), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": 'attachment; filename="canary-outcomes.json"',
      "Cache-Control": "public, max-age=300",
      "Access-Control-Allow-Origin": "*",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
