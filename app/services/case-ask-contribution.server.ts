import { eq } from "drizzle-orm";
import { agencies, caseContributions, places, sectors } from "../../db/schema/index";
import { askRefusal, isLeadStaff } from "../domain/joint-handling";
import { localDate } from "../domain/working-days";
import type { AskContributionInput } from "../forms/joint";
import { AppError } from "../lib/app-error";
import { db } from "../lib/db.server";
import { env } from "../lib/env.server";
import { enqueueEmail } from "../lib/jobs.server";
import { appendLedger, chainForTip } from "../lib/ledger.server";
import type { StaffContext } from "../lib/staff-session.server";
import { contributionsOf, lockCase } from "./case-contributions.server";
import { findHandledCase, implicatedRegionsOf } from "./case-record.server";

/**
 * The lead agency asks another agency to contribute (协办, docs/domain.md "Joint handling"): one
 * open ask per agency, while the case is open with the lead; never an agency inside a region the
 * case or a tip merged into it implicates. The row, the ledger entry and the email to the
 * contributor's inbox (the queue checks the conflict-of-interest rule last) in one transaction.
 */
export async function askContribution(staff: StaffContext, reference: string, input: AskContributionInput, opts: { now?: Date } = {}) {
  const c = await findHandledCase(staff, reference);
  if (!isLeadStaff(staff, c)) throw new AppError("forbidden", { message: "errors.joint.askerRole" });
  const [agency] = await db().select().from(agencies).where(eq(agencies.id, input.agencyId));
  if (!agency) throw new AppError("invalid_input", { field: "agencyId", message: "errors.joint.agencyRequired" });
  const now = opts.now ?? new Date();
  const today = localDate(now, env().timeZone);
  return db().transaction(async (tx) => {
    // The lead and the implication as they are now, under the row lock (not as first read).
    const locked = await lockCase(tx, c.id);
    if (locked.agencyId !== staff.agency!.id) throw new AppError("conflict", { message: "errors.transition.stale" });
    const [regions, contributions] = await Promise.all([implicatedRegionsOf({ ...c, implicatedPlaceCode: locked.implicatedPlaceCode }, tx), contributionsOf(c.id, tx)]);
    const refusal = askRefusal(
      {
        state: locked.state,
        placeCode: c.placeCode,
        agencyId: locked.agencyId,
        implicatedRegions: regions,
        openContributorIds: contributions.filter((k) => k.state !== "withdrawn").map((k) => k.agency.id),
      },
      agency,
    );
    if (refusal) throw new AppError(refusal === "not_open_with_agency" || refusal === "already_asked" ? "conflict" : "invalid_input", { field: "agencyId", message: `errors.joint.${refusal}` });
    const [row] = await tx
      .insert(caseContributions)
      .values({ tipId: c.id, agencyId: agency.id, askedBy: staff.staffId, askedAt: now, request: input.request.trim() })
      .returning({ id: caseContributions.id });
    await appendLedger(tx, {
      chain: chainForTip(c.id),
      actor: { type: "staff", id: staff.staffId },
      action: "case.contribution_asked",
      subjectType: "tip",
      subjectId: c.id,
      // What is asked stays in the contribution row (staff text), as a note's text stays out of the ledger.
      details: { agencyId: agency.id, contributionId: row!.id },
      today,
      now,
    });
    const [[sector], [place]] = await Promise.all([
      tx.select({ name: sectors.nameZh }).from(sectors).where(eq(sectors.code, c.sectorCode)),
      tx.select({ name: places.nameZh }).from(places).where(eq(places.code, c.placeCode)),
    ]);
    await enqueueEmail(tx, {
      template: "contribution_asked",
      tipId: c.id,
      agencyId: agency.id,
      locale: "zh-CN",
      data: { reference: c.reference, sectorName: sector?.name ?? c.sectorCode, countyName: place?.name ?? c.placeCode, leadAgencyName: staff.agency!.nameZh },
      dedupeKey: `contribution_asked:${row!.id}`,
    });
    return { contributionId: row!.id };
  });
}
