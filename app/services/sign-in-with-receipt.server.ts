import { createHash } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { tips } from "../../db/schema/index";
import { normaliseReceipt } from "../domain/receipt";
import { keyedHashes } from "../lib/crypto.server";
import { db } from "../lib/db.server";

/** A short tag of the stored receipt hash: sessions carry it, so a replaced receipt ends them. */
export function receiptTag(receiptHash: Buffer): string {
  return createHash("sha256").update(receiptHash).digest("base64url").slice(0, 16);
}

/** The tip's current receipt tag, or null when the tip is gone. */
export async function currentReceiptTag(tipId: string): Promise<string | null> {
  const [row] = await db().select({ receiptHash: tips.receiptHash }).from(tips).where(eq(tips.id, tipId));
  return row ? receiptTag(row.receiptHash) : null;
}

/** The tip a receipt opens, or null. A mistyped receipt fails its check digit before any query. */
export async function findTipByReceipt(input: string): Promise<{ tipId: string; receiptTag: string } | null> {
  const digits = normaliseReceipt(input);
  if (!digits) return null;
  const [row] = await db()
    .select({ id: tips.id, receiptHash: tips.receiptHash })
    .from(tips)
    .where(inArray(tips.receiptHash, keyedHashes("receipt", digits)));
  return row ? { tipId: row.id, receiptTag: receiptTag(row.receiptHash) } : null;
}
