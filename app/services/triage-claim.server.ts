import { and, eq, inArray, isNull } from "drizzle-orm";
import { staffAccounts, tips } from "../../db/schema/index";
import { TRIAGE_STATES } from "../domain/case-state";
import { can } from "../domain/permissions";
import { claimIsLive, type Claim } from "../domain/triage-claim";
import { formatLocalClock } from "../i18n/time";
import { localDate } from "../domain/working-days";
import { AppError } from "../lib/app-error";
import type { Executor } from "../lib/db.server";
import { db } from "../lib/db.server";
import { env } from "../lib/env.server";
import { appendLedger, chainForTip } from "../lib/ledger.server";
import { numberSetting } from "../lib/rules.server";
import type { StaffContext } from "../lib/staff-session.server";
import { findVisibleCase, type CaseRow } from "./case-record.server";

/** A claim as a page shows it: who, and since when in local time. */
export type ClaimView = { displayName: string; since: string; mine: boolean };

export async function claimLapseMinutes(): Promise<number> {
  return numberSetting("triage.claim_minutes");
}

/** The live claim on a tip (null when none or lapsed), with the claimant's name. */
export async function liveClaimOf(c: Pick<CaseRow, "claimedBy" | "claimedAt" | "state">, now = new Date(), executor: Executor = db()): Promise<Claim | null> {
  if (!c.claimedBy || !c.claimedAt || !(TRIAGE_STATES as readonly string[]).includes(c.state)) return null;
  if (!claimIsLive({ claimedAt: c.claimedAt }, now, await claimLapseMinutes())) return null;
  const [who] = await executor.select({ displayName: staffAccounts.displayName }).from(staffAccounts).where(eq(staffAccounts.id, c.claimedBy));
  return { staffId: c.claimedBy, displayName: who?.displayName ?? "—", claimedAt: c.claimedAt };
}

export function claimView(claim: Claim | null, staff: StaffContext, now = new Date()): ClaimView | null {
  if (!claim) return null;
  return { displayName: claim.displayName, since: formatLocalClock(claim.claimedAt, now, env().timeZone), mine: claim.staffId === staff.staffId };
}

/**
 * A decision (route, reject) on a tip someone else is handling must be confirmed:
 * refused with who and since when, unless `decideAnyway` was ticked on the same form.
 */
export async function confirmClaimOverride(staff: StaffContext, c: CaseRow, decideAnyway: boolean | undefined, now = new Date()): Promise<void> {
  if (decideAnyway) return;
  const claim = await liveClaimOf(c, now);
  if (claim && claim.staffId !== staff.staffId) {
    throw new AppError("conflict", { message: "errors.claim.heldByOther", params: { name: claim.displayName, since: formatLocalClock(claim.claimedAt, now, env().timeZone) } });
  }
}

/** "我来处理": the officer records that they are handling the tip (ledgered tip.claimed). */
export async function claimTip(staff: StaffContext, reference: string, now = new Date()): Promise<void> {
  if (!can(staff.role, "triage.decide")) throw new AppError("forbidden");
  const c = await findVisibleCase(staff, reference);
  if (!(TRIAGE_STATES as readonly string[]).includes(c.state)) throw new AppError("conflict", { message: "errors.transition.not_allowed_in_state" });
  const claim = await liveClaimOf(c, now);
  if (claim && claim.staffId !== staff.staffId) {
    throw new AppError("conflict", { message: "errors.claim.alreadyClaimed", params: { name: claim.displayName, since: formatLocalClock(claim.claimedAt, now, env().timeZone) } });
  }
  await db().transaction(async (tx) => {
    // Only if the claim is still the one read (none, or the same claim by the same person): of two
    // officers claiming at once, the second finds the row changed.
    const asRead = c.claimedBy && c.claimedAt ? and(eq(tips.claimedBy, c.claimedBy), eq(tips.claimedAt, c.claimedAt)) : isNull(tips.claimedBy);
    const updated = await tx
      .update(tips)
      .set({ claimedBy: staff.staffId, claimedAt: now })
      .where(and(eq(tips.id, c.id), inArray(tips.state, [...TRIAGE_STATES]), asRead))
      .returning({ id: tips.id });
    if (updated.length === 0) throw new AppError("conflict", { message: "errors.claim.raced" });
    await appendLedger(tx, {
      chain: chainForTip(c.id),
      actor: { type: "staff", id: staff.staffId },
      action: "tip.claimed",
      subjectType: "tip",
      subjectId: c.id,
      details: {},
      today: localDate(now, env().timeZone),
      now,
    });
  });
}

/** Gives the tip back to the queue: only one's own claim (ledgered tip.claim_released). */
export async function releaseClaim(staff: StaffContext, reference: string, now = new Date()): Promise<void> {
  if (!can(staff.role, "triage.decide")) throw new AppError("forbidden");
  const c = await findVisibleCase(staff, reference);
  if (c.claimedBy !== staff.staffId) throw new AppError("conflict", { message: "errors.claim.notYours" });
  await db().transaction(async (tx) => {
    const updated = await tx
      .update(tips)
      .set({ claimedBy: null, claimedAt: null })
      .where(and(eq(tips.id, c.id), eq(tips.claimedBy, staff.staffId)))
      .returning({ id: tips.id });
    if (updated.length === 0) throw new AppError("conflict", { message: "errors.claim.notYours" });
    await appendLedger(tx, {
      chain: chainForTip(c.id),
      actor: { type: "staff", id: staff.staffId },
      action: "tip.claim_released",
      subjectType: "tip",
      subjectId: c.id,
      details: {},
      today: localDate(now, env().timeZone),
      now,
    });
  });
}
