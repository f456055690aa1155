import { sql } from "drizzle-orm";
import { db } from "~/lib/db.server";

/** Readiness: the database answers within two seconds. */
export async function loader() {
  try {
    await Promise.race([db().execute(sql`select 1`), new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 2000))]);
    return new Response("ready\n", { headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
  } catch {
    return new Response("database unreachable\n", { status: 503, headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
  }
}
