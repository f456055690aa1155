import { eq } from "drizzle-orm";
import { normalisePhrase } from "../domain/sector-classifier";
import { sectorKeywords, sectors } from "../../db/schema/index";
import type { AddKeywordInput } from "../forms/sector-keywords";
import { AppError } from "../lib/app-error";
import { db } from "../lib/db.server";
import { appendLedger } from "../lib/ledger.server";
import { adminChains, isUniqueViolation, ledgerActor, today, type AdminActor } from "./admin-common.server";
import { clearKeywordCache } from "./routing-data.server";

// One entry per sector and phrase: the unique index refuses a twin (also one added at the same moment).
const duplicate = () => new AppError("conflict", { field: "phrase", message: "errors.keyword.duplicate" });

/** Adds a phrase to the classifier's table (its sector, its weight); the ledger records it. One entry per sector and phrase. */
export async function addSectorKeyword(actor: AdminActor, input: AddKeywordInput, now = new Date()): Promise<{ keywordId: string }> {
  const fields = { sectorCode: input.sectorCode, phrase: normalisePhrase(input.phrase), weight: input.weight };
  try {
    const result = await db().transaction(async (tx) => {
      const [sector] = await tx.select({ code: sectors.code }).from(sectors).where(eq(sectors.code, fields.sectorCode));
      if (!sector) throw new AppError("invalid_input", { field: "sectorCode", message: "errors.keyword.sectorRequired" });
      const [row] = await tx.insert(sectorKeywords).values(fields).returning({ id: sectorKeywords.id });
      await appendLedger(tx, {
        chain: adminChains.sectorKeywords,
        actor: ledgerActor(actor),
        action: "admin.sector_keyword.added",
        subjectType: "sector_keyword",
        subjectId: row!.id,
        details: { keyword: fields },
        today: today(now),
        now,
      });
      return { keywordId: row!.id };
    });
    clearKeywordCache(); // this process applies it at once; others within a minute
    return result;
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicate();
    throw e;
  }
}
