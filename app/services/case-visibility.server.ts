import { and, eq, isNull, notInArray, or, sql, type SQL } from "drizzle-orm";
import { agencies, tips } from "../../db/schema/index";
import type { StaffContext } from "../lib/staff-session.server";

/**
 * Which cases a staff member may see, as SQL for lists, counts, searches and exports — the
 * same rule as `canSeeCase` in app/domain/permissions.ts (which tests it case by case).
 * Agencies of a region implicated by a tip never see it: the regions that contain the viewer's
 * place are its county, city and province, and a tip implicating any of them is excluded.
 */
export function regionsContaining(placeCode: string): string[] {
  return [...new Set([placeCode.slice(0, 2) + "0000", placeCode.slice(0, 4) + "00", placeCode])];
}

/** Place codes within a region, as a range on the indexed place code. */
export function withinRegion(column: SQL | typeof tips.placeCode, region: string): SQL {
  if (region.endsWith("0000")) {
    const p = region.slice(0, 2);
    return sql`(${column} >= ${p + "0000"} and ${column} <= ${p + "9999"})`;
  }
  if (region.endsWith("00")) {
    const c = region.slice(0, 4);
    return sql`(${column} >= ${c + "00"} and ${column} <= ${c + "99"})`;
  }
  return sql`${column} = ${region}`;
}

/**
 * The conflict-of-interest rule (`mayBeToldAbout` of app/domain/permissions.ts) as SQL: the tip
 * implicates none of the regions containing the agency's place. The place is a value (a viewer's
 * agency) or a column of the query (the weekly digest's agencies), with the tips' column beside it.
 */
export function toldAbout(agencyPlace: string): SQL;
export function toldAbout(agencyPlace: SQL, implicatedPlace: SQL): SQL;
export function toldAbout(agencyPlace: string | SQL, implicatedPlace?: SQL): SQL {
  if (typeof agencyPlace === "string") return or(isNull(tips.implicatedPlaceCode), notInArray(tips.implicatedPlaceCode, regionsContaining(agencyPlace)))!;
  return sql`(${implicatedPlace} is null or ${implicatedPlace} not in (substr(${agencyPlace}, 1, 2) || '0000', substr(${agencyPlace}, 1, 4) || '00', ${agencyPlace}))`;
}

/** The where-clause of every case query made for `staff`; `sql\`false\`` when they see none. */
export function visibleCases(staff: StaffContext): SQL {
  const agency = staff.agency;
  if (!agency) return sql`false`;
  const notImplicated = toldAbout(agency.placeCode);
  switch (staff.role) {
    case "triage_officer":
      return and(withinRegion(tips.placeCode, agency.placeCode), notImplicated)!;
    case "agency_officer":
      return and(eq(tips.agencyId, agency.id), notImplicated)!;
    case "supervisor":
      // Their own agency and those of the same type below it: one semi-join on the agency index.
      return and(
        sql`${tips.agencyId} in (select ${agencies.id} from ${agencies} where ${agencies.departmentType} = ${agency.departmentType} and ${withinRegion(agencies.placeCode as unknown as SQL, agency.placeCode)})`,
        notImplicated,
      )!;
    default:
      return sql`false`;
  }
}

