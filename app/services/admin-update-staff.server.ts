import { eq } from "drizzle-orm";
import { staffAccounts, type StaffRole } from "../../db/schema/index";
import { grantNeedsApproval } from "../domain/permissions";
import { db } from "../lib/db.server";
import { appendLedger } from "../lib/ledger.server";
import { revokeAllSessions } from "../lib/staff-session.server";
import { AppError } from "../lib/app-error";
import { adminChains, checkAgencyForRole, ledgerActor, today, type AdminActor } from "./admin-common.server";
import { requestRoleGrant } from "./role-grant-common.server";

export type StaffChanges = { displayName?: string; role?: StaffRole; agencyId?: string | null; active?: boolean };

/**
 * Changes a staff member's name, role, agency or whether the account is active. The result must
 * satisfy the role's agency rule. Deactivating ends every session of the person at once and
 * withdraws a pending invitation. An administrator cannot deactivate themselves or give up
 * their own administrator role, so an active administrator always remains.
 *
 * A change that grants access to case content (or the administrator role) — a new role, another
 * agency, a reactivation — is not made: it becomes a role-grant request that another
 * administrator approves (docs/decisions/014); a change of name in the same form is made now.
 */
export async function updateStaff(
  actor: AdminActor,
  staffId: string,
  changes: StaffChanges,
  reason: string,
  now = new Date(),
): Promise<{ changed: string[]; awaitingApproval: boolean }> {
  const self = staffId === actor.staffId;
  if (self && changes.active === false) throw new AppError("conflict", { message: "admin.errors.staff.selfDeactivate" });
  if (self && changes.role !== undefined && changes.role !== "administrator") throw new AppError("conflict", { field: "role", message: "admin.errors.staff.selfDemote" });
  return db().transaction(async (tx) => {
    const [before] = await tx
      .select({ displayName: staffAccounts.displayName, role: staffAccounts.role, agencyId: staffAccounts.agencyId, active: staffAccounts.active })
      .from(staffAccounts)
      .where(eq(staffAccounts.id, staffId))
      .for("update");
    if (!before) throw new AppError("not_found", { message: "admin.errors.staff.unknown" });
    const after = {
      displayName: changes.displayName ?? before.displayName,
      role: changes.role ?? before.role,
      agencyId: changes.agencyId === undefined ? before.agencyId : changes.agencyId,
      active: changes.active ?? before.active,
    };
    const changed = (Object.keys(after) as (keyof typeof after)[]).filter((k) => after[k] !== before[k]);
    if (changed.length === 0) throw new AppError("invalid_input", { message: "admin.errors.nothingChanged" });
    // The agency rule holds for every active account; a deactivated one keeps what it had.
    if (after.active && (changed.includes("role") || changed.includes("agencyId") || changed.includes("active"))) {
      await checkAgencyForRole(tx, after.role, after.agencyId);
    }
    if (grantNeedsApproval(before, after)) {
      await requestRoleGrant(tx, actor, staffId, { role: after.role, agencyId: after.agencyId, activate: !before.active, invitation: false }, reason, now);
      if (after.displayName !== before.displayName) {
        await tx.update(staffAccounts).set({ displayName: after.displayName }).where(eq(staffAccounts.id, staffId));
        await appendLedger(tx, {
          chain: adminChains.staff(staffId),
          actor: ledgerActor(actor),
          action: "admin.staff.updated",
          subjectType: "staff",
          subjectId: staffId,
          details: { reason, changes: { displayName: { from: before.displayName, to: after.displayName } } },
          today: today(now),
          now,
        });
      }
      return { changed, awaitingApproval: true };
    }
    const deactivated = before.active && !after.active;
    await tx
      .update(staffAccounts)
      .set({ ...after, ...(deactivated ? { inviteTokenHash: null, inviteExpiresAt: null } : {}) })
      .where(eq(staffAccounts.id, staffId));
    if (deactivated) await revokeAllSessions(tx, staffId);
    const action = deactivated ? "admin.staff.deactivated" : !before.active && after.active ? "admin.staff.reactivated" : "admin.staff.updated";
    await appendLedger(tx, {
      chain: adminChains.staff(staffId),
      actor: ledgerActor(actor),
      action,
      subjectType: "staff",
      subjectId: staffId,
      details: { reason, changes: Object.fromEntries(changed.map((k) => [k, { from: before[k], to: after[k] }])) },
      today: today(now),
      now,
    });
    return { changed, awaitingApproval: false };
  });
}
