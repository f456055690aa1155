import { localDate } from "../domain/working-days";
import { db } from "../lib/db.server";
import { env } from "../lib/env.server";
import { deadlineFrom } from "../lib/rules.server";
import type { StaffContext } from "../lib/staff-session.server";
import { assignOnAcceptance } from "./case-assignment.server";
import { findVisibleCase, transitionCase } from "./case-record.server";

/** The agency accepts the case: the conclusion clock starts (60 days by default), and the accepting officer is put in charge (承办人). */
export async function acceptCase(staff: StaffContext, reference: string, now = new Date()) {
  const c = await findVisibleCase(staff, reference);
  const today = localDate(now, env().timeZone);
  const dueOn = await deadlineFrom(today, "conclusion");
  await db().transaction(async (tx) => {
    await transitionCase(tx, { staff, tip: c, action: "accept", now, changes: { dueOn, acceptedOn: today, overdueSince: null }, details: { dueOn } });
    await assignOnAcceptance(tx, staff, c.id, now);
  });
  return { dueOn };
}
