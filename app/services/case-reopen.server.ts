import { localDate } from "../domain/working-days";
import { AppError } from "../lib/app-error";
import { db } from "../lib/db.server";
import { env } from "../lib/env.server";
import { deadlineFrom } from "../lib/rules.server";
import type { StaffContext } from "../lib/staff-session.server";
import { prepareStaffEvidence, type EvidenceUpload } from "./case-evidence.server";
import { findVisibleCase, transitionCase } from "./case-record.server";
import { storeAttachments } from "./store-attachments.server";

/**
 * A closed case is reopened on new evidence, by a supervisor or a triage officer: it goes back to
 * the triage queue (state `reopened`, no agency, triage deadline), to be routed again. The earlier
 * outcome record stays until the case is concluded again. The reason says what the new evidence is;
 * files may come with it.
 */
export async function reopenCase(staff: StaffContext, reference: string, opts: { reason: string; evidence?: EvidenceUpload; now?: Date }) {
  const reason = opts.reason.trim();
  if (reason.length < 5) throw new AppError("invalid_input", { field: "reason", message: "errors.reopen.reasonRequired" });
  if (reason.length > 2000) throw new AppError("invalid_input", { field: "reason", message: "errors.text.tooLong.2000" });
  const c = await findVisibleCase(staff, reference);
  const files = await prepareStaffEvidence(c.id, opts.evidence);
  const now = opts.now ?? new Date();
  const today = localDate(now, env().timeZone);
  const dueOn = await deadlineFrom(today, "triage");
  await db().transaction(async (tx) => {
    await transitionCase(tx, {
      staff,
      tip: c,
      action: "reopen",
      now,
      changes: { agencyId: null, assignedOn: null, assignedOfficerId: null, acceptedOn: null, concludedOn: null, conclusionDueOn: null, closedOn: null, dueOn, overdueSince: null },
      details: { agencyId: c.agencyId, reason, dueOn, attachments: files.length },
    });
    await storeAttachments(tx, { tipId: c.id, origin: "staff", files, today });
  });
  return { dueOn };
}
