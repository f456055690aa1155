import { eq } from "drizzle-orm";
import { agencies } from "../../db/schema/index";
import { db } from "../lib/db.server";

export type Agency = typeof agencies.$inferSelect;

/** One agency for its administration page, or null. */
export async function getAgency(id: string): Promise<Agency | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  const [row] = await db().select().from(agencies).where(eq(agencies.id, id));
  return row ?? null;
}
