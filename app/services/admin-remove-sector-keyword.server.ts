import { eq } from "drizzle-orm";
import { sectorKeywords } from "../../db/schema/index";
import { AppError } from "../lib/app-error";
import { db } from "../lib/db.server";
import { appendLedger } from "../lib/ledger.server";
import { adminChains, ledgerActor, today, type AdminActor } from "./admin-common.server";
import { clearKeywordCache } from "./routing-data.server";

/** Removes a phrase from the classifier's table; the ledger keeps what it was. */
export async function removeSectorKeyword(actor: AdminActor, keywordId: string, now = new Date()): Promise<void> {
  await db().transaction(async (tx) => {
    const [gone] = await tx
      .delete(sectorKeywords)
      .where(eq(sectorKeywords.id, keywordId))
      .returning({ sectorCode: sectorKeywords.sectorCode, phrase: sectorKeywords.phrase, weight: sectorKeywords.weight });
    if (!gone) throw new AppError("not_found", { message: "errors.keyword.unknown" });
    await appendLedger(tx, {
      chain: adminChains.sectorKeywords,
      actor: ledgerActor(actor),
      action: "admin.sector_keyword.removed",
      subjectType: "sector_keyword",
      subjectId: keywordId,
      details: { keyword: gone },
      today: today(now),
      now,
    });
  });
  clearKeywordCache();
}
