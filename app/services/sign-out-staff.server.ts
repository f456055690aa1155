import { db } from "../lib/db.server";
import { appendLedger } from "../lib/ledger.server";
import { revokeAllSessions, revokeSession, type StaffContext } from "../lib/staff-session.server";
import { staffChain, today } from "./sign-in-staff.server";

/**
 * Sign out of this browser, or everywhere (every session of the person ends at once, e.g. after
 * losing a laptop). Signing out of one browser only ends that session and is not a ledger event;
 * signing out everywhere is recorded on the account's chain.
 */
export async function signOutStaff(staff: Pick<StaffContext, "staffId" | "sessionId">, scope: "this" | "everywhere", opts: { now?: Date } = {}): Promise<void> {
  const now = opts.now ?? new Date();
  if (scope === "this") {
    await revokeSession(staff.sessionId);
    return;
  }
  await db().transaction(async (tx) => {
    await revokeAllSessions(tx, staff.staffId);
    await appendLedger(tx, {
      chain: staffChain(staff.staffId),
      actor: { type: "staff", id: staff.staffId },
      action: "staff.signed_out_everywhere",
      subjectType: "staff_account",
      subjectId: staff.staffId,
      today: today(now),
      now,
    });
  });
}
