import { and, eq, inArray } from "drizzle-orm";
import { agencies, departmentTypes } from "../../db/schema/index";
import { mayBeToldAbout } from "../domain/permissions";
import { db } from "../lib/db.server";
import type { StaffContext } from "../lib/staff-session.server";
import { caseDetailsForStaff } from "./case-details-for-staff.server";
import { regionsContaining } from "./case-visibility.server";
import { findLikelyDuplicates } from "./find-likely-duplicates.server";
import { suggestRouting } from "./routing-data.server";

/** Everything the triage page shows for one tip: the case, the routing suggestion, duplicates, other agencies. */
export async function triageView(staff: StaffContext, reference: string) {
  const details = await caseDetailsForStaff(staff, reference);
  const c = details.row;
  const [suggestion, duplicates, nearby, types] = await Promise.all([
    suggestRouting(c),
    findLikelyDuplicates(staff, c),
    db()
      .select({ id: agencies.id, nameZh: agencies.nameZh, nameEn: agencies.nameEn, placeCode: agencies.placeCode, departmentType: agencies.departmentType })
      .from(agencies)
      .where(and(inArray(agencies.placeCode, regionsContaining(c.placeCode)), eq(agencies.active, true)))
      .orderBy(agencies.placeCode, agencies.departmentType),
    db().select({ code: departmentTypes.code, nameZh: departmentTypes.nameZh, nameEn: departmentTypes.nameEn }).from(departmentTypes),
  ]);
  const candidates = nearby.filter((a) => mayBeToldAbout(a.placeCode, c));
  const suggested = nearby.find((a) => a.id === suggestion.agencyId) ?? null;
  const { row: _row, ...rest } = details;
  return { ...rest, suggestion: { agency: suggested, rules: suggestion.rules }, duplicates, candidates, departmentTypes: types };
}
