import { and, eq } from "drizzle-orm";
import { agencies } from "../../db/schema/index";
import { insideAnyImplicatedRegion } from "../domain/conflict-of-interest";
import { localDate } from "../domain/working-days";
import { AppError } from "../lib/app-error";
import { db } from "../lib/db.server";
import { env } from "../lib/env.server";
import { deadlineFrom } from "../lib/rules.server";
import type { StaffContext } from "../lib/staff-session.server";
import { findVisibleCase, implicatedRegionsOf, transitionCase } from "./case-record.server";
import { suggestRouting } from "./routing-data.server";
import { confirmClaimOverride } from "./triage-claim.server";
import { queueAssignmentEmail } from "./notify-assignment.server";

/**
 * Routes a case to an agency: the suggested one, or another with a recorded reason. The agency
 * of an implicated region (the tip's or a merged tip's) is never allowed. The assignment email to the agency's inbox is
 * queued in the same transaction.
 */
export async function routeCase(staff: StaffContext, reference: string, opts: { agencyId?: string; reason?: string; decideAnyway?: boolean; now?: Date }) {
  const now = opts.now ?? new Date();
  const c = await findVisibleCase(staff, reference);
  // Someone else is handling it: only with "decide anyway" ticked (before the stale check, which the transition makes).
  await confirmClaimOverride(staff, c, opts.decideAnyway, now);
  const suggestion = await suggestRouting(c);
  const agencyId = opts.agencyId || suggestion.agencyId;
  if (!agencyId) throw new AppError("invalid_input", { field: "agencyId", message: "errors.route.noAgency" });
  const overridden = agencyId !== suggestion.agencyId;
  if (overridden && (opts.reason ?? "").trim().length < 5) throw new AppError("invalid_input", { field: "reason", message: "errors.route.reasonRequired" });
  const [agency] = await db()
    .select()
    .from(agencies)
    .where(and(eq(agencies.id, agencyId), eq(agencies.active, true)));
  if (!agency) throw new AppError("invalid_input", { field: "agencyId", message: "errors.route.noAgency" });
  // Suggested or chosen, never inside a region the tip (or a tip merged into it) implicates.
  if (insideAnyImplicatedRegion(agency.placeCode, await implicatedRegionsOf(c))) throw new AppError("invalid_input", { field: "agencyId", message: "errors.route.implicated" });

  const today = localDate(now, env().timeZone);
  const dueOn = await deadlineFrom(today, "acceptance");
  await db().transaction(async (tx) => {
    await transitionCase(tx, {
      staff,
      tip: c,
      action: "route",
      now,
      changes: {
        agencyId,
        assignedOn: today,
        // A new routing: nobody is in charge until the agency accepts (issue 15).
        assignedOfficerId: null,
        dueOn,
        overdueSince: null,
        // A decision ends the claim.
        claimedBy: null,
        claimedAt: null,
        routing: { rules: suggestion.rules, suggestedAgencyId: suggestion.agencyId, overrideReason: overridden ? opts.reason!.trim() : null },
      },
      details: { agencyId, rules: suggestion.rules.map((r) => r.rule), override: overridden ? opts.reason!.trim() : null, dueOn },
    });
    await queueAssignmentEmail(tx, { tipId: c.id, reference: c.reference, agency, sectorCode: c.sectorCode, placeCode: c.placeCode, dueOn });
  });
  return { agencyId, dueOn };
}
