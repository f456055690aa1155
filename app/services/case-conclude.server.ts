import { and, eq } from "drizzle-orm";
import { agencies, caseContributions, caseOutcomes } from "../../db/schema/index";
import { findPersonalData } from "../domain/public-summary";
import { localDate } from "../domain/working-days";
import type { ConcludeInput } from "../forms/case";
import { AppError } from "../lib/app-error";
import { db } from "../lib/db.server";
import { env } from "../lib/env.server";
import type { StaffContext } from "../lib/staff-session.server";
import { findHandledCase, transitionCase } from "./case-record.server";
import { caseDueOnFromItems } from "../domain/rectification-item-state";
import { checkOrderedItems, latestDueOn, replaceRectificationItems, resolveCheckingOfficers } from "./rectification-items.server";

/**
 * The agency concludes its investigation with a finding, the actions taken and a public summary
 * (docs/domain.md "Outcome record"). A substantiated or partly substantiated finding with rectification
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
    if (found[0]) throw new AppError("invalid_input", { field, message: `errors.publicSummary.${found[0].kind}`, params: { n: found[0].match } });
  }
  const zh = input.publicSummaryZh.trim();
  if (zh.length < 20 || zh.length > 2000) throw new AppError("invalid_input", { field: "publicSummaryZh", message: "errors.publicSummary.zhLength" });

  const unsubstantiated = input.finding === "unsubstantiated";
  const fineGiven = input.fineCny !== undefined && input.fineCny !== null;
  const anyAction =
    input.rectificationOrdered || fineGiven || input.suspension || input.closure || input.criminalReferral || (input.officialsHeldAccountable ?? 0) > 0 || input.admonitoryTalk;
  if (unsubstantiated && anyAction) throw new AppError("invalid_input", { field: "finding", message: "errors.conclude.unsubstantiatedWithActions" });

  // The rectification items (整改清单, docs/decisions/037): 1..N with rectification, none without.
  checkOrderedItems(input.rectificationOrdered && !unsubstantiated, input.items, today);

  const c = await findHandledCase(staff, reference);
  const accident = c.concealedAccident && !unsubstantiated;
  if (accident && !input.accidentLevel) throw new AppError("invalid_input", { field: "accidentLevel", message: "errors.conclude.accidentLevelRequired" });
  if (accident && (input.concealedDeathsVerified === undefined || input.concealedDeathsVerified === null))
    throw new AppError("invalid_input", { field: "concealedDeathsVerified", message: "errors.conclude.deathsRequired" });

  const rectifying = !unsubstantiated && input.rectificationOrdered;
  const items = rectifying ? await resolveCheckingOfficers(staff, c, input.items) : [];
  const outcome = {
    tipId: c.id,
    finding: input.finding,
    rectificationOrdered: rectifying,
    // The outcome's deadline is the latest item's: by then the whole of it is due.
    rectificationDueOn: rectifying ? latestDueOn(items) : null,
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
  // While rectifying, the case's deadline is the earliest item's (the overdue escalation reads it).
  const dueOn = rectifying ? caseDueOnFromItems(items.map((i) => ({ ...i, state: "open", extendedDueOn: null }))) : null;
  return db().transaction(async (tx) => {
    const to = await transitionCase(tx, {
      staff,
      tip: c,
      action,
      now,
      changes: { concludedOn: today, conclusionDueOn: c.dueOn, dueOn, overdueSince: null },
      details: {
        finding: input.finding,
        ...(rectifying ? { dueOn, items: items.length } : {}),
        ...(fineGiven ? { fineCny: input.fineCny } : {}),
      },
    });
    // A reopened case concluded again replaces its earlier outcome.
    await tx.insert(caseOutcomes).values(outcome).onConflictDoUpdate({ target: caseOutcomes.tipId, set: outcome });
    await replaceRectificationItems(tx, { staff, tipId: c.id, items, today, now });
    return { state: to, dueOn };
  });
}
