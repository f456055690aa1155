import { and, eq, sql } from "drizzle-orm";
import { tips } from "../../db/schema/index";
import { TRIAGE_STATES } from "../domain/case-state";
import { localDate } from "../domain/working-days";
import { db } from "../lib/db.server";
import { env } from "../lib/env.server";
import { appendLedger, chainForTip } from "../lib/ledger.server";
import type { StaffContext } from "../lib/staff-session.server";
import { findVisibleCase } from "./case-record.server";
import { UserFacingError } from "./errors";

export type Correction = {
  sectorCode: string;
  placeCode: string;
  majorHazard: boolean;
  concealedAccident: boolean;
  deaths: number | null;
  officialsImplicated: boolean;
  implicatedPlaceCode: string | null;
};

/** Corrects the facts triage relies on (sector, place, severity, flags); the ledger keeps before and after. */
export async function correctCase(staff: StaffContext, reference: string, next: Correction, now = new Date()) {
  const c = await findVisibleCase(staff, reference);
  if (!(TRIAGE_STATES as readonly string[]).includes(c.state)) throw new UserFacingError("errors.transition.not_allowed_in_state", undefined, 409);
  const before: Correction = {
    sectorCode: c.sectorCode,
    placeCode: c.placeCode,
    majorHazard: c.majorHazard,
    concealedAccident: c.concealedAccident,
    deaths: c.deaths,
    officialsImplicated: c.officialsImplicated,
    implicatedPlaceCode: c.implicatedPlaceCode,
  };
  const changed = Object.fromEntries(Object.entries(next).filter(([k, v]) => before[k as keyof Correction] !== v));
  if (Object.keys(changed).length === 0) return;
  try {
    await db().transaction(async (tx) => {
      const updated = await tx
        .update(tips)
        .set({ ...next, version: sql`${tips.version} + 1` })
        .where(and(eq(tips.id, c.id), eq(tips.version, c.version)))
        .returning({ id: tips.id });
      if (updated.length === 0) throw new UserFacingError("errors.transition.stale", undefined, 409);
      await appendLedger(tx, {
        chain: chainForTip(c.id),
        actor: { type: "staff", id: staff.staffId },
        action: "case.corrected",
        subjectType: "tip",
        subjectId: c.id,
        details: { before: Object.fromEntries(Object.keys(changed).map((k) => [k, before[k as keyof Correction]])), after: changed },
        today: localDate(now, env().timeZone),
        now,
      });
    });
  } catch (e) {
    if ((e as { cause?: { code?: string } }).cause?.code === "23503") throw new UserFacingError("errors.place.invalid", "placeCode");
    throw e;
  }
}
