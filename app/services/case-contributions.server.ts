import { and, asc, eq, inArray, ne } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { agencies, caseContributions, staffAccounts, tips } from "../../db/schema/index";
import type { Contributor } from "../domain/permissions";
import type { ContributionState } from "../domain/joint-handling";
import type { Executor } from "../lib/db.server";
import { db } from "../lib/db.server";

/** What the joint-handling services share: a case's contributions with their agencies and people. */
const asker = alias(staffAccounts, "asker");
const doer = alias(staffAccounts, "doer");

export async function contributionsOf(tipId: string, executor: Executor = db()) {
  const rows = await executor
    .select({
      id: caseContributions.id,
      state: caseContributions.state,
      request: caseContributions.request,
      askedAt: caseContributions.askedAt,
      askedBy: asker.displayName,
      doneAt: caseContributions.doneAt,
      doneBy: doer.displayName,
      doneNote: caseContributions.doneNote,
      withdrawnAt: caseContributions.withdrawnAt,
      withdrawnReason: caseContributions.withdrawnReason,
      agency: { id: agencies.id, nameZh: agencies.nameZh, nameEn: agencies.nameEn, placeCode: agencies.placeCode, departmentType: agencies.departmentType },
    })
    .from(caseContributions)
    .innerJoin(agencies, eq(agencies.id, caseContributions.agencyId))
    .innerJoin(asker, eq(asker.id, caseContributions.askedBy))
    .leftJoin(doer, eq(doer.id, caseContributions.doneBy))
    .where(eq(caseContributions.tipId, tipId))
    .orderBy(asc(caseContributions.id));
  return rows.map((r) => ({ ...r, state: r.state as ContributionState }));
}

/** The contributors `canSeeCase` reads (asked or done, not withdrawn). */
export async function contributorsOf(tipIds: readonly string[], executor: Executor = db()): Promise<Map<string, Contributor[]>> {
  const out = new Map<string, Contributor[]>();
  if (tipIds.length === 0) return out;
  const rows = await executor
    .select({ tipId: caseContributions.tipId, agencyId: agencies.id, placeCode: agencies.placeCode, departmentType: agencies.departmentType })
    .from(caseContributions)
    .innerJoin(agencies, eq(agencies.id, caseContributions.agencyId))
    .where(and(inArray(caseContributions.tipId, [...tipIds]), ne(caseContributions.state, "withdrawn")));
  for (const r of rows) out.set(r.tipId, [...(out.get(r.tipId) ?? []), { agencyId: r.agencyId, placeCode: r.placeCode, departmentType: r.departmentType }]);
  return out;
}

/** Locks the case row for the rest of the transaction, so an ask and the lead's conclusion cannot cross. */
export async function lockCase(tx: Executor, tipId: string): Promise<{ state: string; agencyId: string | null }> {
  const [row] = await tx.select({ state: tips.state, agencyId: tips.agencyId }).from(tips).where(eq(tips.id, tipId)).for("update");
  if (!row) throw new Error(`no case ${tipId}`);
  return row;
}
