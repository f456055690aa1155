import { and, asc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { agencies, caseContributions, staffAccounts, tips } from "../../db/schema/index";
import type { ContributionState } from "../domain/joint-handling";
import { AppError } from "../lib/app-error";
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

/** Locks the case row for the rest of the transaction, so an ask and the lead's conclusion cannot cross. */
export async function lockCase(tx: Executor, tipId: string): Promise<{ state: string; agencyId: string | null; implicatedPlaceCode: string | null }> {
  const [row] = await tx.select({ state: tips.state, agencyId: tips.agencyId, implicatedPlaceCode: tips.implicatedPlaceCode }).from(tips).where(eq(tips.id, tipId)).for("update");
  if (!row) throw new Error(`no case ${tipId}`);
  return row;
}

/**
 * Joint handling holds up the lead's closing steps (`CONTRIBUTIONS_HOLD_UP`) while an ask is still
 * open: refused, naming the agencies. Called by transitionCase after its update has locked the
 * case row, so an ask made meanwhile is seen (or waits for this transaction and is then refused).
 */
export async function refuseWhileContributionsOpen(tx: Executor, tipId: string): Promise<void> {
  const open = await tx
    .select({ nameZh: agencies.nameZh, nameEn: agencies.nameEn })
    .from(caseContributions)
    .innerJoin(agencies, eq(agencies.id, caseContributions.agencyId))
    .where(and(eq(caseContributions.tipId, tipId), eq(caseContributions.state, "asked")));
  if (open.length > 0) throw new AppError("conflict", { message: "errors.joint.contributionsOpen", params: { agencies: open.map((a) => `${a.nameZh} (${a.nameEn})`).join("; ") } });
}
