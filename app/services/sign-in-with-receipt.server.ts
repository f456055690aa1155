import { inArray } from "drizzle-orm";
import { tips } from "../../db/schema/index";
import { normaliseReceipt } from "../domain/receipt";
import { keyedHashes } from "../lib/crypto.server";
import { db } from "../lib/db.server";

/** The tip a receipt opens, or null. A mistyped receipt fails its check digit before any query. */
export async function findTipByReceipt(input: string): Promise<{ tipId: string } | null> {
  const digits = normaliseReceipt(input);
  if (!digits) return null;
  const [row] = await db()
    .select({ id: tips.id })
    .from(tips)
    .where(inArray(tips.receiptHash, keyedHashes("receipt", digits)));
  return row ? { tipId: row.id } : null;
}
