import { and, eq, sql } from "drizzle-orm";
import { agencies, approvalRequests, tips } from "../../db/schema/index";
import { mayDecideImplicationChange } from "../domain/permissions";
import { localDate } from "../domain/working-days";
import { db } from "../lib/db.server";
import { env } from "../lib/env.server";
import { appendLedger, chainForTip } from "../lib/ledger.server";
import type { StaffContext } from "../lib/staff-session.server";
import { visibleCases } from "./case-visibility.server";
import { AppError } from "../lib/app-error";
import type { ImplicationPayload } from "./implication-requests.server";

export const DECISION_NOTE_MIN = 5;

const decided = () => new AppError("conflict", { message: "errors.implication.decided" });

/**
 * A supervisor approves or refuses a request to clear or narrow a tip's implication (the
 * two-person rule). Only one who may see the case, works outside the region implicated now and
 * did not ask; the decision, and on approval the change itself, are ledgered on the case's chain
 * in the same transaction as the change. A request for a case whose implication changed since is
 * refused as stale (the desk asks again).
 */
export async function decideImplicationChange(staff: StaffContext, requestId: string, opts: { decision: "approve" | "refuse"; note: string; now?: Date }) {
  const now = opts.now ?? new Date();
  const note = opts.note.trim();
  if (note.length < DECISION_NOTE_MIN) throw new AppError("invalid_input", { field: "note", message: "errors.implication.noteRequired" });
  await db().transaction(async (tx) => {
    const [row] = await tx
      .select({
        request: approvalRequests,
        tip: { id: tips.id, version: tips.version, officialsImplicated: tips.officialsImplicated },
        facts: {
          placeCode: tips.placeCode,
          agencyId: tips.agencyId,
          agencyPlaceCode: agencies.placeCode,
          agencyDepartmentType: agencies.departmentType,
          implicatedPlaceCode: tips.implicatedPlaceCode,
        },
      })
      .from(approvalRequests)
      .innerJoin(tips, eq(tips.id, approvalRequests.subjectId))
      .leftJoin(agencies, eq(agencies.id, tips.agencyId))
      // A case the approver may not see is the same "not found" as no request at all.
      .where(and(eq(approvalRequests.id, requestId), eq(approvalRequests.kind, "implication_change"), visibleCases(staff)))
      .for("update", { of: [approvalRequests, tips] });
    if (!row || !staff.agency) throw new AppError("not_found", { message: "errors.implication.notFound" });
    if (row.request.state !== "pending") throw decided();
    if (!mayDecideImplicationChange({ role: staff.role, agency: staff.agency, staffId: staff.staffId }, row.facts, row.request.requestedBy)) {
      throw new AppError("forbidden", { message: row.request.requestedBy === staff.staffId ? "errors.implication.ownRequest" : "errors.implication.notAllowed" });
    }
    const payload = row.request.payload as ImplicationPayload;
    const today = localDate(now, env().timeZone);
    const approve = opts.decision === "approve";
    const stale = approve && (row.facts.implicatedPlaceCode !== payload.from.implicatedPlaceCode || row.tip.officialsImplicated !== payload.from.officialsImplicated);
    if (stale) throw new AppError("conflict", { message: "errors.implication.changedSince" });
    const done = await tx
      .update(approvalRequests)
      .set({ state: approve ? "approved" : "refused", decidedBy: staff.staffId, decidedAt: now, decisionNote: note })
      .where(and(eq(approvalRequests.id, requestId), eq(approvalRequests.state, "pending")))
      .returning({ id: approvalRequests.id });
    if (done.length === 0) throw decided();
    const entry = (action: string, details: Record<string, unknown>) =>
      appendLedger(tx, { chain: chainForTip(row.tip.id), actor: { type: "staff", id: staff.staffId }, action, subjectType: "tip", subjectId: row.tip.id, details, today, now });
    if (!approve) {
      await entry("case.implication_change_refused", { requestId, note });
      return;
    }
    await entry("case.implication_change_approved", { requestId, note, requestedBy: row.request.requestedBy });
    const updated = await tx
      .update(tips)
      .set({ officialsImplicated: payload.to.officialsImplicated, implicatedPlaceCode: payload.to.implicatedPlaceCode, version: sql`${tips.version} + 1` })
      .where(and(eq(tips.id, row.tip.id), eq(tips.version, row.tip.version)))
      .returning({ id: tips.id });
    if (updated.length === 0) throw new AppError("conflict", { message: "errors.transition.stale" });
    await entry("case.implication_change_applied", { requestId, before: payload.from.implicatedPlaceCode, after: payload.to.implicatedPlaceCode });
  });
}
