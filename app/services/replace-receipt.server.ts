import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { tips } from "../../db/schema/index";
import { receiptFromBytes } from "../domain/receipt";
import { localDate } from "../domain/working-days";
import { keyedHash } from "../lib/crypto.server";
import { db } from "../lib/db.server";
import { env } from "../lib/env.server";
import { appendLedger, chainForTip } from "../lib/ledger.server";

/** Gives the tip a fresh random receipt; the old one stops working at once. Shown once. */
export async function replaceReceipt(tipId: string, now = new Date()): Promise<string> {
  const receipt = receiptFromBytes(randomBytes(32));
  const today = localDate(now, env().timeZone);
  await db().transaction(async (tx) => {
    const updated = await tx
      .update(tips)
      .set({ receiptHash: keyedHash("receipt", receipt), receiptReplaced: true })
      .where(eq(tips.id, tipId))
      .returning({ id: tips.id });
    if (updated.length === 0) throw new Error("no such tip");
    await appendLedger(tx, { chain: chainForTip(tipId), actor: { type: "tipster" }, action: "tip.receipt_replaced", subjectType: "tip", subjectId: tipId, today });
  });
  return receipt;
}
