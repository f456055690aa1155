import { and, eq, sql } from "drizzle-orm";
import { approvalRequests, tips } from "../../db/schema/index";
import { TRIAGE_STATES } from "../domain/case-state";
import { classifyImplicationChange } from "../domain/conflict-of-interest";
import { localDate } from "../domain/working-days";
import { AppError } from "../lib/app-error";
import { db } from "../lib/db.server";
import { env } from "../lib/env.server";
import { appendLedger, chainForTip } from "../lib/ledger.server";
import type { StaffContext } from "../lib/staff-session.server";
import { findVisibleCase } from "./case-record.server";
import type { ImplicationPayload } from "./implication-requests.server";

export type Correction = {
  sectorCode: string;
  placeCode: string;
  majorHazard: boolean;
  concealedAccident: boolean;
  deaths: number | null;
  officialsImplicated: boolean;
  implicatedPlaceCode: string | null;
};

export const IMPLICATION_REASON_MIN = 5;

const isUniqueViolation = (e: unknown) => (e as { cause?: { code?: string } }).cause?.code === "23505" || (e as { code?: string }).code === "23505";

/**
 * Corrects the facts triage relies on (sector, place, severity, flags); the ledger keeps before
 * and after. Setting or widening the implicated region applies at once. Clearing, narrowing or
 * moving it applies nothing to the implication: it needs a reason and becomes a pending request
 * that a supervisor outside the implicated region approves (implication-decide.server.ts); the
 * tip stays implicated meanwhile. The other corrections apply at once either way.
 * Returns whether an approval was requested.
 */
export async function correctCase(staff: StaffContext, reference: string, next: Correction, opts: { reason?: string; now?: Date } = {}): Promise<{ approvalRequested: boolean }> {
  const now = opts.now ?? new Date();
  const c = await findVisibleCase(staff, reference);
  if (!(TRIAGE_STATES as readonly string[]).includes(c.state)) throw new AppError("conflict", { message: "errors.transition.not_allowed_in_state" });
  const before: Correction = {
    sectorCode: c.sectorCode,
    placeCode: c.placeCode,
    majorHazard: c.majorHazard,
    concealedAccident: c.concealedAccident,
    deaths: c.deaths,
    officialsImplicated: c.officialsImplicated,
    implicatedPlaceCode: c.implicatedPlaceCode,
  };
  const narrowed = classifyImplicationChange(c.implicatedPlaceCode, next.implicatedPlaceCode) === "narrowed";
  const reason = opts.reason?.trim() ?? "";
  if (narrowed && reason.length < IMPLICATION_REASON_MIN) throw new AppError("invalid_input", { field: "implicationReason", message: "errors.implication.reasonRequired" });
  // What applies now: everything, or everything but the implication.
  const applied: Correction = narrowed ? { ...next, officialsImplicated: c.officialsImplicated, implicatedPlaceCode: c.implicatedPlaceCode } : next;
  const changed = Object.fromEntries(Object.entries(applied).filter(([k, v]) => before[k as keyof Correction] !== v));
  if (Object.keys(changed).length === 0 && !narrowed) return { approvalRequested: false };
  const today = localDate(now, env().timeZone);
  try {
    await db().transaction(async (tx) => {
      const updated = await tx
        .update(tips)
        .set({ ...applied, version: sql`${tips.version} + 1` })
        .where(and(eq(tips.id, c.id), eq(tips.version, c.version)))
        .returning({ id: tips.id });
      if (updated.length === 0) throw new AppError("conflict", { message: "errors.transition.stale" });
      if (Object.keys(changed).length > 0) {
        await appendLedger(tx, {
          chain: chainForTip(c.id),
          actor: { type: "staff", id: staff.staffId },
          action: "case.corrected",
          subjectType: "tip",
          subjectId: c.id,
          details: { before: Object.fromEntries(Object.keys(changed).map((k) => [k, before[k as keyof Correction]])), after: changed },
          today,
          now,
        });
      }
      if (narrowed) {
        const payload: ImplicationPayload = {
          from: { officialsImplicated: c.officialsImplicated, implicatedPlaceCode: c.implicatedPlaceCode },
          to: { officialsImplicated: next.officialsImplicated, implicatedPlaceCode: next.implicatedPlaceCode },
        };
        const [request] = await tx
          .insert(approvalRequests)
          .values({ kind: "implication_change", subjectType: "tip", subjectId: c.id, payload, reason, requestedBy: staff.staffId, requestedAt: now })
          .returning({ id: approvalRequests.id });
        await appendLedger(tx, {
          chain: chainForTip(c.id),
          actor: { type: "staff", id: staff.staffId },
          action: "case.implication_change_requested",
          subjectType: "tip",
          subjectId: c.id,
          details: { requestId: request!.id, before: payload.from.implicatedPlaceCode, requested: payload.to.implicatedPlaceCode, reason },
          today,
          now,
        });
      }
    });
  } catch (e) {
    if ((e as { cause?: { code?: string } }).cause?.code === "23503") throw new AppError("invalid_input", { field: "placeCode", message: "errors.place.invalid" });
    if (isUniqueViolation(e)) throw new AppError("conflict", { field: "implicationReason", message: "errors.implication.alreadyPending" });
    throw e;
  }
  return { approvalRequested: narrowed };
}
