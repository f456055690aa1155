import { publishedNoticesJson } from "~/services/published-notices.server";

/** All published notices of supervised major hazards as a JSON array (UTF-8). Fields: see /open-data. */
export function loader() {
  return new Response(publishedNoticesJson(), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": 'attachment; filename="canary-notices.json"',
      "Cache-Control": "public, max-age=300",
      "Access-Control-Allow-Origin": "*",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
