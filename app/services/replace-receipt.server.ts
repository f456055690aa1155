import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { tips } from "../../db/schema/index";
import { receiptFromBytes } from "../domain/receipt";
import { localDate } from "../domain/working-days";
import { keyedHash } from "../lib/crypto.server";
import { db } from "../lib/db.server";
import { env } from "../lib/env.server";
import { appendLedger, chainForTip } from "../lib/ledger.server";

/**
 * Gives the tip a fresh random receipt; the old one stops working at once, and so does every
 * session opened before (the session epoch moves on). Shown once; returns the new epoch for the
 * session of the person who replaced it.
 */
export async function replaceReceipt(tipId: string, now = new Date()): Promise<{ receipt: string; epoch: number }> {
  const receipt = receiptFromBytes(randomBytes(32));
  const today = localDate(now, env().timeZone);
  const epoch = await db().transaction(async (tx) => {
    const [updated] = await tx
      .update(tips)
      .set({ receiptHash: keyedHash("receipt", receipt), receiptReplaced: true, tipsterSessionEpoch: sql`${tips.tipsterSessionEpoch} + 1` })
      .where(eq(tips.id, tipId))
      .returning({ epoch: tips.tipsterSessionEpoch });
    if (!updated) throw new Error("no such tip");
    await appendLedger(tx, { chain: chainForTip(tipId), actor: { type: "tipster" }, action: "tip.receipt_replaced", subjectType: "tip", subjectId: tipId, today });
    return updated.epoch;
  });
  return { receipt, epoch };
}
