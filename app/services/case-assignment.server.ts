import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { alias, type AnyPgColumn } from "drizzle-orm/pg-core";
import { staffAccounts, tips } from "../../db/schema/index";
import { ASSIGNABLE_STATES, isAssignable, mayReassign, OFFICER_ROLE, officerInCharge, type OfficerFacts } from "../domain/case-assignment";
import { addDays, localDate } from "../domain/working-days";
import type { Executor } from "../lib/db.server";
import { db } from "../lib/db.server";
import { env } from "../lib/env.server";
import { appendLedger, chainForTip } from "../lib/ledger.server";
import type { StaffContext } from "../lib/staff-session.server";
import { visibleCases } from "./case-visibility.server";
import { AGENCY_CLOCK_STATES } from "./deadline-common.server";

/**
 * The officer in charge of a case (承办人, app/domain/case-assignment.ts, ADR 036) as SQL, and what
 * the case page, the inbox and the reminders read of it. Whether the recorded officer is still in
 * charge is decided when read — an active agency officer of the agency holding the case — so a
 * deactivated or moved officer's cases are unassigned at once (`officerInCharge` is the pure twin).
 */

type Tips = { agencyId: AnyPgColumn; assignedOfficerId: AnyPgColumn };

/** The staff accounts joined as the officer in charge: only a row that is in charge now joins. */
export const officer = alias(staffAccounts, "officer");

/** The join condition of `officer` to a case: the recorded officer, still an active officer of the holding agency. */
export function inCharge(t: Tips = tips, s = officer): SQL {
  return and(eq(s.id, t.assignedOfficerId), eq(s.active, true), eq(s.role, OFFICER_ROLE), eq(s.agencyId, t.agencyId))!;
}

/** The case has nobody in charge now (never assigned, or the officer left the agency or was deactivated). */
export function nobodyInCharge(t: Tips = tips): SQL {
  return sql`not exists (select 1 from ${staffAccounts} as s where s.id = ${t.assignedOfficerId} and s.active and s.role = ${OFFICER_ROLE} and s.agency_id = ${t.agencyId})`;
}

/** The cases in `staff`'s own charge: held by their agency, recorded to them (the index tips_officer_idx). */
export function inChargeOf(staff: StaffContext, t: Tips = tips): SQL {
  if (staff.role !== OFFICER_ROLE || !staff.agency) return sql`false`;
  return and(eq(t.agencyId, staff.agency.id), eq(t.assignedOfficerId, staff.staffId))!;
}

/** The recorded officer of a case with what `officerInCharge` needs, and their name. */
export async function recordedOfficer(c: { assignedOfficerId: string | null }, executor: Executor = db()): Promise<(OfficerFacts & { displayName: string }) | null> {
  if (!c.assignedOfficerId) return null;
  const [row] = await executor
    .select({ id: staffAccounts.id, role: staffAccounts.role, active: staffAccounts.active, agencyId: staffAccounts.agencyId, displayName: staffAccounts.displayName })
    .from(staffAccounts)
    .where(eq(staffAccounts.id, c.assignedOfficerId));
  return row ?? null;
}

/** Who is in charge of a case now, with their name, or null. */
export async function currentOfficer(c: { agencyId: string | null; assignedOfficerId: string | null }, executor: Executor = db()) {
  const recorded = await recordedOfficer(c, executor);
  return officerInCharge(c, recorded) && recorded ? { id: recorded.id, displayName: recorded.displayName } : null;
}

/** The active agency officers of an agency, by name: whom a case may be given to. */
export async function activeOfficersOf(agencyId: string, executor: Executor = db()) {
  return executor
    .select({ id: staffAccounts.id, displayName: staffAccounts.displayName })
    .from(staffAccounts)
    .where(and(eq(staffAccounts.agencyId, agencyId), eq(staffAccounts.active, true), eq(staffAccounts.role, OFFICER_ROLE)))
    .orderBy(asc(staffAccounts.displayName), asc(staffAccounts.id));
}

/**
 * Acceptance puts the accepting officer in charge (inside the acceptance's transaction): the
 * column and the ledger entry `case.assigned`.
 */
export async function assignOnAcceptance(tx: Executor, staff: StaffContext, tipId: string, now: Date) {
  await tx.update(tips).set({ assignedOfficerId: staff.staffId }).where(eq(tips.id, tipId));
  await appendLedger(tx, {
    chain: chainForTip(tipId),
    actor: { type: "staff", id: staff.staffId },
    action: "case.assigned",
    subjectType: "tip",
    subjectId: tipId,
    details: { officerId: staff.staffId, officerName: staff.displayName },
    today: localDate(now, env().timeZone),
    now,
  });
}

/**
 * The workload of the viewer's own agency: for each active officer, the open cases in their charge
 * (accepted until closed), those past their deadline (overdue as app/domain/overdue.ts counts it:
 * a deadline before today while a clock runs) and those due within 7 days; and the same for the
 * cases nobody is in charge of. Only cases the viewer may see (the conflict-of-interest rule).
 */
export async function agencyWorkload(staff: StaffContext, now = new Date()) {
  if (!staff.agency) return { officers: [], unassigned: { open: 0, overdue: 0, dueWeek: 0 } };
  const today = localDate(now, env().timeZone);
  const week = addDays(today, 7);
  const clock = sql.join(
    AGENCY_CLOCK_STATES.map((s) => sql`${s}`),
    sql`, `
  );
  const counts = {
    open: sql<number>`count(${tips.id})::int`,
    overdue: sql<number>`(count(${tips.id}) filter (where ${tips.state} in (${clock}) and ${tips.dueOn} < ${today}::date))::int`,
    dueWeek: sql<number>`(count(${tips.id}) filter (where ${tips.state} in (${clock}) and ${tips.dueOn} between ${today}::date and ${week}::date))::int`,
  };
  const held = and(eq(tips.agencyId, staff.agency.id), inArray(tips.state, [...ASSIGNABLE_STATES]), visibleCases(staff))!;
  const [officers, [unassigned]] = await Promise.all([
    db()
      .select({ id: staffAccounts.id, displayName: staffAccounts.displayName, ...counts })
      .from(staffAccounts)
      .leftJoin(tips, and(eq(tips.assignedOfficerId, staffAccounts.id), held))
      .where(and(eq(staffAccounts.agencyId, staff.agency.id), eq(staffAccounts.active, true), eq(staffAccounts.role, OFFICER_ROLE)))
      .groupBy(staffAccounts.id, staffAccounts.displayName)
      .orderBy(asc(staffAccounts.displayName), asc(staffAccounts.id)),
    db().select(counts).from(tips).where(and(held, nobodyInCharge())),
  ]);
  return { officers, unassigned: unassigned ?? { open: 0, overdue: 0, dueWeek: 0 } };
}

/**
 * What the case page shows of the officer in charge: who it is (from acceptance on), and for a
 * supervisor of the holding agency the other active officers the case may be given to.
 */
export async function caseAssignmentView(staff: StaffContext, c: { state: string; agencyId: string | null; assignedOfficerId: string | null }) {
  const shown = isAssignable(c.state) || (c.state === "closed" && !!c.assignedOfficerId);
  if (!shown) return { shown, officer: null, mayReassign: false, candidates: [] };
  const current = await currentOfficer(c);
  const may = mayReassign({ role: staff.role, agencyId: staff.agency?.id ?? null }, c);
  const candidates = may && c.agencyId ? (await activeOfficersOf(c.agencyId)).filter((o) => o.id !== current?.id) : [];
  return { shown, officer: current, mayReassign: may, candidates };
}
