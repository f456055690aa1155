import { AppError } from "../lib/app-error";
import type { StaffContext } from "../lib/staff-session.server";
import { findVisibleCase } from "./case-record.server";
import { correctCase } from "./triage-correct.server";

/**
 * "Use this sector" on the triage page: the officer takes the sector the tip's text suggests.
 * A correction like any other (correctCase: triage states only, ledgered as case.corrected with
 * the sector before and after); every other fact stays as it is. Refused as stale when the
 * sector on file is no longer the one the officer saw.
 */
export async function correctSectorFromText(staff: StaffContext, reference: string, input: { sectorCode: string; from: string }, now = new Date()): Promise<void> {
  const c = await findVisibleCase(staff, reference);
  if (c.sectorCode !== input.from) throw new AppError("conflict", { message: "errors.transition.stale" });
  await correctCase(
    staff,
    reference,
    {
      sectorCode: input.sectorCode,
      placeCode: c.placeCode,
      majorHazard: c.majorHazard,
      concealedAccident: c.concealedAccident,
      deaths: c.deaths,
      officialsImplicated: c.officialsImplicated,
      implicatedPlaceCode: c.implicatedPlaceCode,
    },
    { now },
  );
}
