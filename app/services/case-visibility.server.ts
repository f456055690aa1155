import { and, eq, inArray, isNull, notInArray, or, sql, type SQL } from "drizzle-orm";
import { alias, type AnyPgColumn } from "drizzle-orm/pg-core";
import { agencies, caseContributions, staffAccounts, tips } from "../../db/schema/index";
import { COUNTRY, regionsContaining } from "../domain/places";
import { TRIAGE_ROLES } from "../domain/permissions";
import { SAFETY_COMMITTEE } from "../domain/routing";
import type { StaffContext } from "../lib/staff-session.server";

/**
 * Which cases a staff member may see, as SQL for lists, counts, searches and exports — the
 * same rule as `canSeeCase` in app/domain/permissions.ts (which tests it case by case).
 * Agencies of a region implicated by a tip never see it: the regions that contain the viewer's
 * place are its county, city and province (and the country, which no tip implicates), and a tip
 * implicating any of them is excluded.
 */
export { regionsContaining };

/** Place codes within a region, as a range on the indexed place code (the country: every place). */
export function withinRegion(column: SQL | AnyPgColumn, region: string): SQL {
  if (region === COUNTRY) return sql`true`;
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

/** The county, city and province codes that contain a place column: the SQL twin of `regionsContaining`. */
export function regionsContainingColumn(place: SQL): SQL {
  return sql`(substr(${place}, 1, 2) || '0000', substr(${place}, 1, 4) || '00', ${place})`;
}

/** A safety-committee office (`desk`, an alias of agencies) that is active and staffed: an active account that may triage. */
export function deskStaffed(desk: SQL): SQL {
  return sql`${desk}.department_type = ${SAFETY_COMMITTEE} and ${desk}.active
    and exists (select 1 from ${staffAccounts} as s where s.agency_id = ${desk}.id and s.active and ${inArray(sql`s.role`, [...TRIAGE_ROLES])})`;
}

/** The columns of `tips` (or of an alias of it) the rule reads. */
type Tips = { id: AnyPgColumn; placeCode: AnyPgColumn; agencyId: AnyPgColumn; implicatedPlaceCode: AnyPgColumn };

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
  return sql`(${other as SQL} is null or ${other as SQL} not in ${regionsContainingColumn(agencyPlace)})`;
}

/** The columns of `tips` (or an alias) the desk rule reads. */
type DeskColumns = { placeCode: AnyPgColumn; implicatedPlaceCode: AnyPgColumn };

/**
 * The desk rule (`triageDeskOf` of app/domain/triage-desk.ts) as SQL: the tip's desk is the
 * national one — no safety-committee office of its county, city or province that is active,
 * staffed (an active account that may triage) and outside the region the tip implicates. Read
 * from staffing at query time (a correlated look-up on the agencies' unique (type, place) index
 * and the accounts of that agency), so a change of staffing moves the tips at once.
 */
export function atNationalDesk(t: DeskColumns = tips): SQL {
  return sql`not exists (
    select 1 from ${agencies} as desk
    where ${deskStaffed(sql`desk`)}
      and desk.place_code in ${regionsContainingColumn(sql`${t.placeCode}`)}
      and desk.place_code <> ${COUNTRY}
      and ${toldAbout(sql`desk.place_code`, sql`${t.implicatedPlaceCode}`)})`;
}

/**
 * The where-clause of every case query made for `staff`; `sql\`false\`` when they see none. `t` is
 * `tips` or an alias of it (the case a tip was merged into). Joint handling: an agency officer also
 * sees the cases their agency contributes to (asked or done, not withdrawn), a supervisor those of
 * the agencies of their subtree (`canSeeCase`). Both sides are `= any(array(…))` of ids computed
 * once (InitPlans), so PostgreSQL ORs two index scans (tips_agency_idx, the tips primary key)
 * instead of scanning every tip, as an IN sub-select inside an OR would.
 */
export function visibleCases(staff: StaffContext, t: Tips = tips): SQL {
  const agency = staff.agency;
  if (!agency) return sql`false`;
  const notImplicated = toldAbout(agency.placeCode, t);
  switch (staff.role) {
    case "agency_officer": {
      const contributed = sql`select cc.tip_id from ${caseContributions} as cc where cc.agency_id = ${agency.id} and cc.state <> 'withdrawn'`;
      return and(or(eq(t.agencyId, agency.id), sql`${t.id} = any(array(${contributed}))`), notImplicated)!;
    }
    case "supervisor": {
      const subtree = sql`select ${agencies.id} from ${agencies} where ${agencies.departmentType} = ${agency.departmentType} and ${withinRegion(sql`${agencies.placeCode}`, agency.placeCode)}`;
      const contributed = sql`select cc.tip_id from ${caseContributions} as cc where cc.state <> 'withdrawn' and cc.agency_id = any(array(${subtree}))`;
      const held = sql`${t.agencyId} = any(array(${subtree}))`;
      const atDesk = agency.placeCode === COUNTRY ? atNationalDesk(t) : withinRegion(t.placeCode, agency.placeCode);
      const desk = agency.departmentType === SAFETY_COMMITTEE ? [and(isNull(t.agencyId), atDesk)!] : [];
      return and(or(held, sql`${t.id} = any(array(${contributed}))`, ...desk), notImplicated)!;
    }
    default:
      return handledCases(staff, t);
  }
}

/**
 * The lead's side of `visibleCases` (`handlesCase` of app/domain/permissions.ts): the desk, the
 * agency holding the case and its supervisors — without the cases contributed to. The state
 * machine's transitions and the lead's decisions (extension, supervision, review) go by it.
 */
export function handledCases(staff: StaffContext, t: Tips = tips): SQL {
  const agency = staff.agency;
  if (!agency) return sql`false`;
  const notImplicated = toldAbout(agency.placeCode, t);
  // A desk's tips: those placed in its region — for the national desk, only those the desk rule gives it.
  const atDesk = agency.placeCode === COUNTRY ? atNationalDesk(t) : withinRegion(t.placeCode, agency.placeCode);
  switch (staff.role) {
    case "triage_officer":
      return and(atDesk, notImplicated)!;
    case "agency_officer":
      return and(eq(t.agencyId, agency.id), notImplicated)!;
    case "supervisor": {
      // Their own agency and those of the same type below it: one semi-join on the agency index.
      // A safety-committee supervisor also oversees its desk: tips within its region not yet with an agency.
      // (No `or(…, false)` for the others: PostgreSQL turns an IN sub-select into a semi-join only
      // at the top of the where-clause, before it folds constants — inside an OR it scans every tip.)
      const subtree = sql`${t.agencyId} in (select ${agencies.id} from ${agencies} where ${agencies.departmentType} = ${agency.departmentType} and ${withinRegion(sql`${agencies.placeCode}`, agency.placeCode)})`;
      return and(agency.departmentType === SAFETY_COMMITTEE ? or(subtree, and(isNull(t.agencyId), atDesk)) : subtree, notImplicated)!;
    }
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
