import { sql } from "drizzle-orm";
import { TRIAGE_STATES } from "../domain/case-state";
import { COUNTRY, levelOf, type Level } from "../domain/places";
import { SAFETY_COMMITTEE } from "../domain/routing";
import { db } from "../lib/db.server";
import { rowsOf, stateList } from "./deadline-common.server";
import { deskStaffed, regionsContainingColumn, toldAbout } from "./case-visibility.server";

export const UNSTAFFED_LIST_LIMIT = 500;

export type UnstaffedDesk = { id: string; placeCode: string; nameZh: string; nameEn: string; level: Level };
export type DeskGaps = {
  /** Tips waiting for triage, by the level of the desk that holds them now (the desk rule). */
  waiting: Record<Level, number>;
  /** Active safety-committee offices without an active account that may triage. */
  unstaffed: UnstaffedDesk[];
  unstaffedTotal: number;
  /** Provinces with no staffed desk at any level: all their tips wait at the national desk. */
  provincesWithoutDesk: { code: string; nameZh: string; nameEn: string }[];
  /** Whether the national desk itself has an active triage account. */
  nationalStaffed: boolean;
};

const staffedDesks = sql`(select d.id, d.place_code from agencies d where ${deskStaffed(sql`d`)})`;

/**
 * The administrator's view of the desks (docs/decisions/018-national-level-and-desks.md): which
 * desks nobody staffs, which provinces have no staffed desk at all, and how many tips wait at each
 * level — the desk of each waiting tip computed as the triage queue computes it (its nearest
 * staffed safety-committee office outside the region it implicates, else the national desk).
 */
export async function listDeskGaps(): Promise<DeskGaps> {
  const [waitingRows, unstaffed, provinces, national] = await Promise.all([
    db().execute(sql`
      select desk, count(*)::int as "count" from (
        select coalesce((select s.place_code from ${staffedDesks} s
                         where s.place_code in ${regionsContainingColumn(sql`t.place_code`)}
                           and s.place_code <> ${COUNTRY} and ${toldAbout(sql`s.place_code`, sql`t.implicated_place_code`)}
                         order by s.place_code desc limit 1), ${COUNTRY}) as desk
        from tips t where t.state in ${stateList(TRIAGE_STATES)}) w
      group by desk`),
    db().execute(sql`
      select a.id::text as "id", a.place_code as "placeCode", a.name_zh as "nameZh", a.name_en as "nameEn", count(*) over ()::int as "total"
      from agencies a
      where a.department_type = ${SAFETY_COMMITTEE} and a.active and a.id not in (select id from ${staffedDesks} s)
      order by a.place_code limit ${UNSTAFFED_LIST_LIMIT}`),
    db().execute(sql`
      select p.code, p.name_zh as "nameZh", p.name_en as "nameEn" from places p
      where p.level = 'province' and not exists (select 1 from ${staffedDesks} s where p.code in ${regionsContainingColumn(sql`s.place_code`)})
      order by p.code`),
    db().execute(sql`select 1 from ${staffedDesks} s where s.place_code = ${COUNTRY}`),
  ]);
  const waiting: Record<Level, number> = { county: 0, city: 0, province: 0, country: 0 };
  for (const r of rowsOf<{ desk: string; count: number }>(waitingRows)) waiting[levelOf(r.desk)] += r.count;
  const desks = rowsOf<Omit<UnstaffedDesk, "level"> & { total: number }>(unstaffed);
  return {
    waiting,
    unstaffed: desks.map(({ total: _total, ...d }) => ({ ...d, level: levelOf(d.placeCode) })),
    unstaffedTotal: desks[0]?.total ?? 0,
    provincesWithoutDesk: rowsOf<DeskGaps["provincesWithoutDesk"][number]>(provinces),
    nationalStaffed: rowsOf(national).length > 0,
  };
}
