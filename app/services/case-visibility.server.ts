import { and, eq, isNull, notInArray, or, sql, type SQL } from "drizzle-orm";
import { alias, type AnyPgColumn } from "drizzle-orm/pg-core";
import { agencies, tips } from "../../db/schema/index";
import { SAFETY_COMMITTEE } from "../domain/routing";
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
export function withinRegion(column: SQL | AnyPgColumn, region: string): SQL {
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

/** The columns of `tips` (or of an alias of it) the rule reads. */
type Tips = { placeCode: AnyPgColumn; agencyId: AnyPgColumn; implicatedPlaceCode: AnyPgColumn };

/**
 * The conflict-of-interest rule (`mayBeToldAbout` of app/domain/permissions.ts) as SQL: the tip
 * implicates none of the regions containing the agency's place. The place is a value (a viewer's
 * agency; `t` is `tips` or an alias of it) or a column of the query (the weekly digest's agencies),
 * with the tips' column beside it.
 */
export function toldAbout(agencyPlace: string, t?: Tips): SQL;
export function toldAbout(agencyPlace: SQL, implicatedPlace: SQL): SQL;
export function toldAbout(agencyPlace: string | SQL, other?: Tips | SQL): SQL {
  if (typeof agencyPlace === "string") {
    const column = (other as Tips | undefined)?.implicatedPlaceCode ?? tips.implicatedPlaceCode;
    return or(isNull(column), notInArray(column, regionsContaining(agencyPlace)))!;
  }
  return sql`(${other as SQL} is null or ${other as SQL} not in (substr(${agencyPlace}, 1, 2) || '0000', substr(${agencyPlace}, 1, 4) || '00', ${agencyPlace}))`;
}

/**
 * The where-clause of every case query made for `staff`; `sql\`false\`` when they see none. `t` is
 * `tips` or an alias of it (the case a tip was merged into).
 */
export function visibleCases(staff: StaffContext, t: Tips = tips): SQL {
  const agency = staff.agency;
  if (!agency) return sql`false`;
  const notImplicated = toldAbout(agency.placeCode, t);
  switch (staff.role) {
    case "triage_officer":
      return and(withinRegion(t.placeCode, agency.placeCode), notImplicated)!;
    case "agency_officer":
      return and(eq(t.agencyId, agency.id), notImplicated)!;
    case "supervisor":
      // Their own agency and those of the same type below it: one semi-join on the agency index.
      // A safety-committee supervisor also oversees its desk: tips within its region not yet with an agency.
      return and(
        or(
          sql`${t.agencyId} in (select ${agencies.id} from ${agencies} where ${agencies.departmentType} = ${agency.departmentType} and ${withinRegion(sql`${agencies.placeCode}`, agency.placeCode)})`,
          agency.departmentType === SAFETY_COMMITTEE ? and(isNull(t.agencyId), withinRegion(t.placeCode, agency.placeCode)) : sql`false`,
        ),
        notImplicated,
      )!;
    default:
      return sql`false`;
  }
}

const JOINED = "joined_case";
const joined = alias(tips, JOINED);

/**
 * Tips `staff` may read: the cases they see, and the tips merged into one of those — unless the
 * merged tip implicates the viewer's region (`canSeeMergedTip` in app/domain/permissions.ts).
 */
export function visibleTips(staff: StaffContext): SQL {
  if (!staff.agency) return sql`false`;
  return or(
    visibleCases(staff),
    and(toldAbout(staff.agency!.placeCode), sql`exists (select 1 from ${tips} as ${sql.identifier(JOINED)} where ${joined.id} = ${tips.mergedIntoId} and ${visibleCases(staff, joined)})`),
  )!;
}
