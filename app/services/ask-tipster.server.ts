import { can } from "../domain/permissions";
import { AppError } from "../lib/app-error";
import type { StaffContext } from "../lib/staff-session.server";
import { findHandledCase } from "./case-record.server";
import { postTipMessage } from "./post-tip-message.server";

/**
 * A staff question in the tip's private thread: by the desk, or by the side that handles the case
 * (a contributing agency, 联办, does not write to the tipster).
 */
export async function askTipster(staff: StaffContext, reference: string, question: string): Promise<{ messageId: number }> {
  if (!can(staff.role, "case.ask_tipster")) throw new AppError("forbidden");
  const c = await findHandledCase(staff, reference);
  return postTipMessage({ tipId: c.id, author: { type: "staff", staffId: staff.staffId }, body: question });
}
