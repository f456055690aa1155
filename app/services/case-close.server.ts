import { localDate } from "../domain/working-days";
import { db } from "../lib/db.server";
import { env } from "../lib/env.server";
import type { StaffContext } from "../lib/staff-session.server";
import { findVisibleCase, transitionCase } from "./case-record.server";

/** Close-out (销号): a concluded case with nothing to rectify, or a verified rectification, is closed. */
export async function closeCase(staff: StaffContext, reference: string, opts: { now?: Date } = {}) {
  const c = await findVisibleCase(staff, reference);
  const now = opts.now ?? new Date();
  const today = localDate(now, env().timeZone);
  await db().transaction(async (tx) => {
    await transitionCase(tx, { staff, tip: c, action: "close", now, changes: { closedOn: today, dueOn: null } });
  });
  return { closedOn: today };
}
