import { createHash } from "node:crypto";
import { eq, inArray, sql } from "drizzle-orm";
import { tips } from "../../db/schema/index";
import { normaliseReceipt } from "../domain/receipt";
import { keyedHashes } from "../lib/crypto.server";
import { db } from "../lib/db.server";

/** A short tag of the stored receipt hash: sessions carry it, so a replaced receipt ends them. */
export function receiptTag(receiptHash: Buffer): string {
  return createHash("sha256").update(receiptHash).digest("base64url").slice(0, 16);
}

/** What a tipster session must still match: the tip's current receipt tag and session epoch; null when the tip is gone. */
export async function currentSessionKey(tipId: string): Promise<{ receiptTag: string; epoch: number } | null> {
  const [row] = await db().select({ receiptHash: tips.receiptHash, epoch: tips.tipsterSessionEpoch }).from(tips).where(eq(tips.id, tipId));
  return row ? { receiptTag: receiptTag(row.receiptHash), epoch: row.epoch } : null;
}

/** The tip a receipt opens, or null. A mistyped receipt fails its check digit before any query. */
export async function findTipByReceipt(input: string): Promise<{ tipId: string; receiptTag: string; epoch: number } | null> {
  const digits = normaliseReceipt(input);
  if (!digits) return null;
  const [row] = await db()
    .select({ id: tips.id, receiptHash: tips.receiptHash, epoch: tips.tipsterSessionEpoch })
    .from(tips)
    .where(inArray(tips.receiptHash, keyedHashes("receipt", digits)));
  return row ? { tipId: row.id, receiptTag: receiptTag(row.receiptHash), epoch: row.epoch } : null;
}

/**
 * Signs the tipster out everywhere: the tip's session epoch moves on, so every cookie opened
 * before (a copy kept by someone else included) no longer matches. No ledger entry and no time:
 * when a tipster was active is nobody's record.
 */
export async function signOutTipster(tipId: string): Promise<void> {
  await db()
    .update(tips)
    .set({ tipsterSessionEpoch: sql`${tips.tipsterSessionEpoch} + 1` })
    .where(eq(tips.id, tipId));
}
