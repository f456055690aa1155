import { db } from "../lib/db.server";
import type { StaffContext } from "../lib/staff-session.server";
import { findVisibleCase, transitionCase } from "./case-record.server";

/** The agency starts investigating an accepted case (accepted → investigating). The conclusion deadline stays. */
export async function startInvestigation(staff: StaffContext, reference: string, opts: { now?: Date } = {}) {
  const c = await findVisibleCase(staff, reference);
  await db().transaction(async (tx) => {
    await transitionCase(tx, { staff, tip: c, action: "start_investigation", now: opts.now });
  });
}
