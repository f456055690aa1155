import { eq } from "drizzle-orm";
import { approvalRequests } from "../../db/schema/index";
import { db } from "../lib/db.server";
import { appendLedger } from "../lib/ledger.server";
import { adminChains, ledgerActor, today, type AdminActor } from "./admin-common.server";
import { lockPendingRoleGrant } from "./role-grant-common.server";

/**
 * Ends a pending role grant without applying it: another administrator refuses it, or the one
 * who asked withdraws it. Nothing of the grant is applied; the ledger records who, for whom,
 * what was asked and why it ended.
 */
export async function refuseRoleGrant(actor: AdminActor, requestId: string, reason: string, now = new Date()): Promise<{ staffId: string; state: "refused" | "withdrawn" }> {
  return db().transaction(async (tx) => {
    const request = await lockPendingRoleGrant(tx, requestId);
    const state = request.requestedBy === actor.staffId ? ("withdrawn" as const) : ("refused" as const);
    const { grant } = request;
    await tx
      .update(approvalRequests)
      .set({ state, decidedBy: actor.staffId, decidedAt: now, decisionNote: reason })
      .where(eq(approvalRequests.id, requestId));
    await appendLedger(tx, {
      chain: adminChains.staff(request.subjectId),
      actor: ledgerActor(actor),
      action: state === "withdrawn" ? "admin.staff.role_grant_withdrawn" : "admin.staff.role_grant_refused",
      subjectType: "staff",
      subjectId: request.subjectId,
      details: { requestId, requestedBy: request.requestedBy, reason, role: grant.role, agencyId: grant.agencyId },
      today: today(now),
      now,
    });
    return { staffId: request.subjectId, state };
  });
}
