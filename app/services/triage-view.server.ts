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
import { routeTip } from "../domain/routing";
import { classifySector } from "../domain/sector-classifier";
import { listSectors } from "./list-sectors.server";
import { routingTable, sectorKeywordTable } from "./routing-data.server";
import { claimLapseMinutes, claimView, liveClaimOf } from "./triage-claim.server";

/**
 * Everything the triage page shows for one tip: the case, the routing suggestion, the sector its
 * text suggests (and where routing would then go), duplicates, other agencies, who is handling it.
 */
export async function triageView(staff: StaffContext, reference: string) {
  const details = await caseDetailsForStaff(staff, reference);
  const c = details.row;
  // The sector the text reads as (the classifier's best; nothing when no phrase matched), and where routing would then go.
  const byText = classifySector({ description: details.content.description, companyName: c.companyName }, await sectorKeywordTable()).ranked[0] ?? null;
  const [table, duplicates, nearby, types, implicated, pendingImplicationChange, claim, claimMinutes, sectors] = await Promise.all([
    routingTable(),
    findLikelyDuplicates(staff, c),
    // The agencies routing may choose from, read once for both suggestions and the "route elsewhere" list.
    db()
      .select({ id: agencies.id, nameZh: agencies.nameZh, nameEn: agencies.nameEn, placeCode: agencies.placeCode, departmentType: agencies.departmentType, active: agencies.active })
      .from(agencies)
      .where(and(inArray(agencies.placeCode, regionsContaining(c.placeCode)), eq(agencies.active, true)))
      .orderBy(agencies.placeCode, agencies.departmentType),
    db().select({ code: departmentTypes.code, nameZh: departmentTypes.nameZh, nameEn: departmentTypes.nameEn }).from(departmentTypes),
    implicatedRegionsOf(c),
    pendingImplicationRequest(c.id),
    liveClaimOf(c),
    claimLapseMinutes(),
    listSectors(),
  ]);
  const suggestion = routeTip(c, table, nearby);
  const textSuggestion = byText && byText.sector !== c.sectorCode ? routeTip({ ...c, sectorCode: byText.sector }, table, nearby) : null;
  const candidates = nearby.filter((a) => !insideAnyImplicatedRegion(a.placeCode, implicated)).map(({ active: _active, ...a }) => a);
  // A suggestion inside a region a merged tip implicates is no suggestion: the desk chooses (with a reason).
  const suggested = candidates.find((a) => a.id === suggestion.agencyId) ?? null;
  const sectorSuggestion = {
    current: c.sectorCode,
    byText: byText ? { sector: byText.sector, matched: byText.matched } : null,
    agency: textSuggestion ? (candidates.find((a) => a.id === textSuggestion.agencyId) ?? null) : null,
  };
  const { row: _row, ...rest } = details;
  return {
    ...rest,
    suggestion: { agency: suggested, rules: suggestion.rules },
    sectorSuggestion,
    duplicates,
    candidates,
    departmentTypes: types,
    pendingImplicationChange,
    sectors,
    claim: claimView(claim, staff),
    claimMinutes,
  };
}
