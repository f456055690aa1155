import { and, eq } from "drizzle-orm";
import { sectorKeywords, sectors } from "../../db/schema/index";
import type { AddKeywordInput } from "../forms/sector-keywords";
import { AppError } from "../lib/app-error";
import { db } from "../lib/db.server";
import { appendLedger } from "../lib/ledger.server";
import { isUniqueViolation, ledgerActor, today, type AdminActor } from "./admin-common.server";
import { clearKeywordCache, KEYWORD_CHAIN } from "./routing-data.server";

const duplicate = () => new AppError("conflict", { field: "phrase", message: "errors.keyword.duplicate" });

/** Adds a phrase to the classifier's table (its sector, its weight); the ledger records it. One entry per sector and phrase. */
export async function addSectorKeyword(actor: AdminActor, input: AddKeywordInput, now = new Date()): Promise<{ keywordId: string }> {
  const fields = { sectorCode: input.sectorCode, phrase: input.phrase.normalize("NFKC").trim().replace(/\s+/g, " "), weight: input.weight };
  try {
    const result = await db().transaction(async (tx) => {
      const [sector] = await tx.select({ code: sectors.code }).from(sectors).where(eq(sectors.code, fields.sectorCode));
      if (!sector) throw new AppError("invalid_input", { field: "sectorCode", message: "errors.keyword.sectorRequired" });
      const [twin] = await tx
        .select({ id: sectorKeywords.id })
        .from(sectorKeywords)
        .where(and(eq(sectorKeywords.sectorCode, fields.sectorCode), eq(sectorKeywords.phrase, fields.phrase)));
      if (twin) throw duplicate();
      const [row] = await tx.insert(sectorKeywords).values(fields).returning({ id: sectorKeywords.id });
      await appendLedger(tx, {
        chain: KEYWORD_CHAIN,
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
