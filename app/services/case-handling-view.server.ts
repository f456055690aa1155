import { eq } from "drizzle-orm";
import { caseOutcomes } from "../../db/schema/index";
import { availableActions, type CaseAction } from "../domain/case-state";
import { db } from "../lib/db.server";
import type { StaffContext } from "../lib/staff-session.server";
import { listCaseNotes } from "./case-add-note.server";
import { EVIDENCE_STATES } from "./case-add-evidence.server";
import type { CaseRow } from "./case-record.server";
import { isExtendable } from "../domain/case-state";

/** What the case page needs beyond CaseView: the outcome, the internal notes, the extension and what this person may do now. */
export async function caseHandlingView(staff: StaffContext, c: CaseRow) {
  const [[outcome], notes] = await Promise.all([db().select().from(caseOutcomes).where(eq(caseOutcomes.tipId, c.id)), listCaseNotes(c.id)]);
  const actions: CaseAction[] = availableActions(c.state, staff.role);
  const officer = staff.role === "agency_officer";
  const supervisor = staff.role === "supervisor";
  return {
    outcome: outcome ? { ...outcome, tipId: undefined } : null,
    notes,
    extension: { state: c.extensionState, days: c.extensionDays, reason: c.extensionReason },
    concealedAccident: c.concealedAccident,
    may: {
      actions,
      note: officer || supervisor,
      evidence: officer && EVIDENCE_STATES.includes(c.state),
      requestExtension: officer && c.extensionState === null && isExtendable(c.state),
      decideExtension: supervisor && c.extensionState === "requested" && isExtendable(c.state),
    },
  };
}
