import { and, eq, inArray } from "drizzle-orm";
import { agencies, departmentTypes } from "../../db/schema/index";
import { insideAnyImplicatedRegion } from "../domain/conflict-of-interest";
import { db } from "../lib/db.server";
import type { StaffContext } from "../lib/staff-session.server";
import { caseDetailsForStaff } from "./case-details-for-staff.server";
import { implicatedRegionsOf } from "./case-record.server";
import { pendingImplicationRequest } from "./implication-requests.server";
import { regionsContaining } from "./case-visibility.server";
import { findLikelyDuplicates } from "./find-likely-duplicates.server";
import { suggestRouting } from "./routing-data.server";

/** Everything the triage page shows for one tip: the case, the routing suggestion, duplicates, other agencies. */
export async function triageView(staff: StaffContext, reference: string) {
  const details = await caseDetailsForStaff(staff, reference);
  const c = details.row;
  const [suggestion, duplicates, nearby, types, implicated, pendingImplicationChange] = await Promise.all([
    suggestRouting(c),
    findLikelyDuplicates(staff, c),
    db()
      .select({ id: agencies.id, nameZh: agencies.nameZh, nameEn: agencies.nameEn, placeCode: agencies.placeCode, departmentType: agencies.departmentType })
      .from(agencies)
      .where(and(inArray(agencies.placeCode, regionsContaining(c.placeCode)), eq(agencies.active, true)))
      .orderBy(agencies.placeCode, agencies.departmentType),
    db().select({ code: departmentTypes.code, nameZh: departmentTypes.nameZh, nameEn: departmentTypes.nameEn }).from(departmentTypes),
    implicatedRegionsOf(c),
    pendingImplicationRequest(c.id),
  ]);
  const candidates = nearby.filter((a) => !insideAnyImplicatedRegion(a.placeCode, implicated));
  // A suggestion inside a region a merged tip implicates is no suggestion: the desk chooses (with a reason).
  const suggested = candidates.find((a) => a.id === suggestion.agencyId) ?? null;
  const { row: _row, ...rest } = details;
  return { ...rest, suggestion: { agency: suggested, rules: suggestion.rules }, duplicates, candidates, departmentTypes: types, pendingImplicationChange };
}
