import { and, eq } from "drizzle-orm";
import { approvalRequests, type StaffRole } from "../../db/schema/index";
import { AppError } from "../lib/app-error";
import type { Executor } from "../lib/db.server";
import { appendLedger } from "../lib/ledger.server";
import { adminChains, ledgerActor, today, type AdminActor } from "./admin-common.server";

/**
 * The two-person rule for role grants (docs/decisions/014-two-person-rule.md): what an
 * administrator asked for, waiting in approval_requests (kind role_grant) until a different
 * administrator approves or refuses it. Nothing of it is applied before.
 */
export type RoleGrantPayload = {
  role: StaffRole;
  agencyId: string | null;
  /** The account becomes active when approved (a reactivation, or a new account). */
  activate: boolean;
  /** A new account: the invitation is emailed when approved. */
  invitation: boolean;
};

/** Reads a stored payload back, refusing anything this code did not write. */
export function roleGrantPayload(v: unknown): RoleGrantPayload {
  const p = v as Partial<RoleGrantPayload> | null;
  if (!p || typeof p.role !== "string" || (p.agencyId !== null && typeof p.agencyId !== "string") || typeof p.activate !== "boolean" || typeof p.invitation !== "boolean") {
    throw new Error("approval_requests: not a role_grant payload");
  }
  return { role: p.role as StaffRole, agencyId: p.agencyId, activate: p.activate, invitation: p.invitation };
}

/**
 * Files the request in the caller's transaction (whose row lock on the account keeps a second
 * request out) and writes it to the account's ledger chain: who asked, for whom, which role and
 * agency, and why.
 */
export async function requestRoleGrant(
  tx: Executor,
  actor: AdminActor,
  staffId: string,
  payload: RoleGrantPayload,
  reason: string,
  now: Date,
): Promise<{ requestId: string }> {
  const [open] = await tx
    .select({ id: approvalRequests.id })
    .from(approvalRequests)
    .where(and(eq(approvalRequests.kind, "role_grant"), eq(approvalRequests.subjectId, staffId), eq(approvalRequests.state, "pending")));
  if (open) throw new AppError("conflict", { message: "admin.errors.approval.alreadyPending" });
  const [row] = await tx
    .insert(approvalRequests)
    .values({ kind: "role_grant", subjectType: "staff", subjectId: staffId, payload, reason, requestedBy: actor.staffId, requestedAt: now })
    .returning({ id: approvalRequests.id });
  await appendLedger(tx, {
    chain: adminChains.staff(staffId),
    actor: ledgerActor(actor),
    action: "admin.staff.role_grant_requested",
    subjectType: "staff",
    subjectId: staffId,
    details: { requestId: row!.id, reason, role: payload.role, agencyId: payload.agencyId, activate: payload.activate, invitation: payload.invitation },
    today: today(now),
    now,
  });
  return { requestId: row!.id };
}

export type PendingRoleGrant = typeof approvalRequests.$inferSelect & { grant: RoleGrantPayload };

/**
 * The pending role grant a decision is about, locked for the decision's transaction: the same
 * refusals for approving, refusing and withdrawing (no such request; decided already).
 */
export async function lockPendingRoleGrant(tx: Executor, requestId: string): Promise<PendingRoleGrant> {
  const [request] = await tx
    .select()
    .from(approvalRequests)
    .where(and(eq(approvalRequests.id, requestId), eq(approvalRequests.kind, "role_grant")))
    .for("update");
  if (!request) throw new AppError("not_found", { message: "admin.errors.approval.unknown" });
  if (request.state !== "pending") throw new AppError("conflict", { message: "admin.errors.approval.decided" });
  return { ...request, grant: roleGrantPayload(request.payload) };
}
