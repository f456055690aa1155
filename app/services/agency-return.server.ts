import { tipReturns } from "../../db/schema/index";
import { localDate } from "../domain/working-days";
import { AppError } from "../lib/app-error";
import { db } from "../lib/db.server";
import { env } from "../lib/env.server";
import { deadlineFrom } from "../lib/rules.server";
import type { StaffContext } from "../lib/staff-session.server";
import { findVisibleCase, transitionCase } from "./case-record.server";

/** The agency sends the case back to triage (misrouted), with a reason; the return counts against it. */
export async function returnCase(staff: StaffContext, reference: string, opts: { reason: string; now?: Date }) {
  const reason = opts.reason.trim();
  if (reason.length < 5) throw new AppError("invalid_input", { field: "reason", message: "errors.return.reasonRequired" });
  const c = await findVisibleCase(staff, reference);
  const now = opts.now ?? new Date();
  const dueOn = await deadlineFrom(localDate(now, env().timeZone), "triage");
  await db().transaction(async (tx) => {
    await transitionCase(tx, { staff, tip: c, action: "return", now, changes: { agencyId: null, assignedOn: null, assignedOfficerId: null, dueOn, overdueSince: null }, details: { agencyId: c.agencyId, reason } });
    await tx.insert(tipReturns).values({ tipId: c.id, agencyId: c.agencyId!, reason });
  });
}
