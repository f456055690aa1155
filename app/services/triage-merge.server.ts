import type { StaffContext } from "../lib/staff-session.server";
import { db } from "../lib/db.server";
import { findVisibleCase, transitionCase } from "./case-record.server";
import { UserFacingError } from "./errors";

/**
 * Merges a tip into an earlier case on the same matter. The earlier tip stays first (rewards go
 * to the first valid tip); each tipster keeps their own private thread. Of two tips filed the
 * same day neither is earlier — nothing stored orders a tipster's actions within a day
 * (docs/decisions/015-tipster-time.md) — so either may be the target: the desk decides.
 */
export async function mergeCase(staff: StaffContext, reference: string, opts: { into: string; now?: Date }) {
  const c = await findVisibleCase(staff, reference);
  let target;
  try {
    target = await findVisibleCase(staff, opts.into.trim().toUpperCase());
  } catch {
    throw new UserFacingError("errors.merge.targetNotFound", "into");
  }
  if (target.id === c.id) throw new UserFacingError("errors.merge.self", "into");
  if (["merged", "rejected"].includes(target.state)) throw new UserFacingError("errors.merge.targetClosed", "into");
  if (target.submittedOn > c.submittedOn) throw new UserFacingError("errors.merge.targetNotEarlier", "into");
  await db().transaction(async (tx) => {
    await transitionCase(tx, { staff, tip: c, action: "merge", now: opts.now, changes: { mergedIntoId: target.id, dueOn: null }, details: { into: target.reference } });
  });
}
