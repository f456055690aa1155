import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { tips } from "../../db/schema/index";
import { can } from "../domain/permissions";
import { db } from "../lib/db.server";
import { appendLedger, chainForTip } from "../lib/ledger.server";
import type { StaffContext } from "../lib/staff-session.server";
import { findHandledCase } from "./case-record.server";
import { DEADLINE_STATES, todayLocal } from "./deadline-common.server";
import { AppError } from "../lib/app-error";

const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** The supervision form of one case: a note (required) and optionally a new deadline. */
export const supervisionSchema = z.object({
  reference: z.string({ error: "supervision.errors.reference" }).trim().regex(/^JB\d{4}-\d{7,}$/, "supervision.errors.reference"),
  note: z.string({ error: "supervision.errors.noteRequired" }).trim().min(1, "supervision.errors.noteRequired").max(1000, "supervision.errors.noteTooLong"),
  dueOn: z.preprocess(emptyToUndefined, z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "supervision.errors.dueOnInvalid").optional()),
});
export type SupervisionInput = { note: string; dueOn?: string };

function isRealDate(iso: string): boolean {
  const d = new Date(iso + "T00:00:00Z");
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
}

/**
 * 挂牌督办 by a supervisor: records a supervision note and, optionally, a new deadline (a date
 * after today) on an open case of their subtree. A new deadline ends the overdue period
 * (`overdue_since = null`), so the case leaves the supervision list and is escalated again if
 * the new deadline passes too. Ledger: `case.supervision_set` (staff).
 */
export async function setSupervision(staff: StaffContext, reference: string, input: SupervisionInput, opts: { now?: Date } = {}): Promise<{ dueOn: string | null }> {
  if (!can(staff.role, "supervision.view_subtree")) throw new AppError("forbidden");
  const now = opts.now ?? new Date();
  const today = todayLocal(now);
  const note = input.note.trim();
  if (note.length === 0) throw new AppError("invalid_input", { field: "note", message: "supervision.errors.noteRequired" });
  if (note.length > 1000) throw new AppError("invalid_input", { field: "note", message: "supervision.errors.noteTooLong" });
  if (input.dueOn !== undefined) {
    if (!isRealDate(input.dueOn)) throw new AppError("invalid_input", { field: "dueOn", message: "supervision.errors.dueOnInvalid" });
    if (input.dueOn <= today) throw new AppError("invalid_input", { field: "dueOn", message: "supervision.errors.dueOnNotAfterToday" });
  }
  return db().transaction(async (tx) => {
    const c = await findHandledCase(staff, reference, tx);
    if (!(DEADLINE_STATES as readonly string[]).includes(c.state)) throw new AppError("conflict", { message: "supervision.errors.notOpen" });
    const newDue = input.dueOn ?? null;
    const [row] = await tx
      .update(tips)
      .set({
        supervisionNote: note,
        version: sql`${tips.version} + 1`,
        ...(newDue ? { dueOn: newDue, overdueSince: null } : {}),
      })
      .where(and(eq(tips.id, c.id), eq(tips.version, c.version)))
      .returning({ dueOn: tips.dueOn });
    if (!row) throw new AppError("conflict", { message: "supervision.errors.conflict" });
    await appendLedger(tx, {
      chain: chainForTip(c.id),
      actor: { type: "staff", id: staff.staffId },
      action: "case.supervision_set",
      subjectType: "tip",
      subjectId: c.id,
      details: { note, previousDueOn: c.dueOn, dueOn: row.dueOn, overdueReset: newDue !== null && c.overdueSince !== null },
      today,
      now,
    });
    return { dueOn: row.dueOn };
  });
}
