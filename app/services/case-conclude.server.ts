import { caseOutcomes } from "../../db/schema/index";
import { findingCode, findPersonalData } from "../domain/public-summary";
import { localDate } from "../domain/working-days";
import type { ConcludeInput } from "../forms/case";
import { db } from "../lib/db.server";
import { env } from "../lib/env.server";
import type { StaffContext } from "../lib/staff-session.server";
import { findVisibleCase, transitionCase } from "./case-record.server";
import { UserFacingError } from "./errors";

/**
 * The agency concludes its investigation with a finding, the actions taken and a public summary
 * (DOMAIN.md "Outcome record"). A substantiated or partly substantiated finding with rectification
 * ordered goes to `rectifying` (due on the rectification deadline); anything else to `concluded`.
 * The outcome row, `concluded_on` and the ledger entry are written in one transaction.
 */
export async function concludeCase(staff: StaffContext, reference: string, input: ConcludeInput, opts: { now?: Date } = {}) {
  const now = opts.now ?? new Date();
  const today = localDate(now, env().timeZone);

  // The summary is published on closure: nothing that identifies a person, checked before anything is saved.
  for (const [field, text] of [
    ["publicSummaryZh", input.publicSummaryZh],
    ["publicSummaryEn", input.publicSummaryEn],
  ] as const) {
    const found = text ? findPersonalData(text) : [];
    if (found.length) throw new UserFacingError(findingCode(found[0]!), field);
  }
  const zh = input.publicSummaryZh.trim();
  if (zh.length < 20 || zh.length > 2000) throw new UserFacingError("errors.publicSummary.zhLength", "publicSummaryZh");

  const unsubstantiated = input.finding === "unsubstantiated";
  const fineGiven = input.fineCny !== undefined && input.fineCny !== null;
  const anyAction =
    input.rectificationOrdered || fineGiven || input.suspension || input.closure || input.criminalReferral || (input.officialsHeldAccountable ?? 0) > 0 || input.admonitoryTalk;
  if (unsubstantiated && anyAction) throw new UserFacingError("errors.conclude.unsubstantiatedWithActions", "finding");

  if (input.rectificationOrdered && !input.rectificationDueOn) throw new UserFacingError("errors.conclude.deadlineRequired", "rectificationDueOn");
  if (!input.rectificationOrdered && input.rectificationDueOn) throw new UserFacingError("errors.conclude.deadlineWithoutRectification", "rectificationDueOn");
  if (input.rectificationDueOn && input.rectificationDueOn <= today) throw new UserFacingError("errors.conclude.deadlineNotAfterToday", "rectificationDueOn");

  const c = await findVisibleCase(staff, reference);
  const accident = c.concealedAccident && !unsubstantiated;
  if (accident && !input.accidentLevel) throw new UserFacingError("errors.conclude.accidentLevelRequired", "accidentLevel");
  if (accident && (input.concealedDeathsVerified === undefined || input.concealedDeathsVerified === null))
    throw new UserFacingError("errors.conclude.deathsRequired", "concealedDeathsVerified");

  const rectifying = !unsubstantiated && input.rectificationOrdered;
  const outcome = {
    tipId: c.id,
    finding: input.finding,
    rectificationOrdered: rectifying,
    rectificationDueOn: rectifying ? input.rectificationDueOn! : null,
    fineCny: fineGiven ? input.fineCny! : null,
    suspension: input.suspension,
    closure: input.closure,
    criminalReferral: input.criminalReferral,
    officialsHeldAccountable: input.officialsHeldAccountable ?? 0,
    admonitoryTalk: input.admonitoryTalk,
    accidentLevel: accident ? input.accidentLevel! : null,
    concealedDeathsVerified: accident ? input.concealedDeathsVerified! : null,
    publicSummaryZh: zh,
    publicSummaryEn: input.publicSummaryEn?.trim() || null,
    verificationNote: null,
    verifiedOn: null,
  };
  const action = rectifying ? "conclude_with_rectification" : "conclude_nothing_to_rectify";
  const dueOn = rectifying ? input.rectificationDueOn! : null;
  return db().transaction(async (tx) => {
    const to = await transitionCase(tx, {
      staff,
      tip: c,
      action,
      now,
      changes: { concludedOn: today, conclusionDueOn: c.dueOn, dueOn, overdueSince: null },
      details: {
        finding: input.finding,
        ...(rectifying ? { dueOn } : {}),
        ...(fineGiven ? { fineCny: input.fineCny } : {}),
      },
    });
    // A reopened case concluded again replaces its earlier outcome.
    await tx.insert(caseOutcomes).values(outcome).onConflictDoUpdate({ target: caseOutcomes.tipId, set: outcome });
    return { state: to, dueOn };
  });
}
