import { and, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { agencies, places, sectors, tips } from "../../db/schema/index";
import { INBOX_STATES } from "../domain/case-state";
import { db } from "../lib/db.server";
import type { StaffContext } from "../lib/staff-session.server";
import { companyMatches } from "./company-search.server";
import { inCharge, inChargeOf, nobodyInCharge, officer } from "./case-assignment.server";
import type { InboxView } from "../domain/case-assignment";
import { handledCases, visibleCases, withinRegion } from "./case-visibility.server";
import { hasNewsFor } from "./replies-waiting.server";
import { PAGE_SIZE } from "./triage-queue.server";


export type InboxFilters = { state?: string; sector?: string; place?: string; q?: string; after?: string; view?: InboxView };

/** The cases of the officer's agency (supervisors: their subtree), newest assignment first. */
export async function listAgencyInbox(staff: StaffContext, f: InboxFilters) {
  const states = f.state && (INBOX_STATES as readonly string[]).includes(f.state) ? [f.state as (typeof INBOX_STATES)[number]] : INBOX_STATES.filter((s) => s !== "closed");
  const where: SQL[] = [inArray(tips.state, [...states]), visibleCases(staff)];
  // The officer in charge (issue 15): my cases read the index tips_officer_idx; unassigned is decided by staffing now.
  if (f.view === "mine") where.push(inChargeOf(staff));
  if (f.view === "unassigned") where.push(nobodyInCharge());
  if (f.sector) where.push(eq(tips.sectorCode, f.sector));
  if (f.place && /^\d{6}$/.test(f.place)) where.push(withinRegion(tips.placeCode, f.place));
  const q = f.q?.trim();
  if (q) where.push(/^JB\d{4}-\d+$/i.test(q) ? eq(tips.reference, q.toUpperCase()) : companyMatches(q));
  const cursor = /^(\d{4}-\d{2}-\d{2})_(\d+)$/.exec(f.after ?? "");
  if (cursor) where.push(sql`(${tips.assignedOn}, ${tips.referenceSeq}) < (${cursor[1]!}::date, ${Number(cursor[2])})`);
  const rows = await db()
    .select({
      reference: tips.reference,
      state: tips.state,
      assignedOn: tips.assignedOn,
      dueOn: tips.dueOn,
      referenceSeq: tips.referenceSeq,
      companyName: tips.companyName,
      majorHazard: tips.majorHazard,
      /** A tipster reply this officer has not opened yet. */
      news: hasNewsFor(staff),
      sector: { code: sectors.code, nameZh: sectors.nameZh, nameEn: sectors.nameEn },
      place: { code: places.code, nameZh: places.nameZh, nameEn: places.nameEn },
      agency: { nameZh: agencies.nameZh, nameEn: agencies.nameEn },
      officerName: officer.displayName,
      // Joint handling: the viewer's agency contributes (协办) to this case, which another agency leads.
      // (the case page's rule: seen, but not on the lead's side).
      contributing: sql<boolean>`not (${handledCases(staff)})`,
    })
    .from(tips)
    .innerJoin(sectors, eq(sectors.code, tips.sectorCode))
    .innerJoin(places, eq(places.code, tips.placeCode))
    .leftJoin(agencies, eq(agencies.id, tips.agencyId))
    .leftJoin(officer, inCharge())
    .where(and(...where))
    .orderBy(desc(tips.assignedOn), desc(tips.referenceSeq))
    .limit(PAGE_SIZE + 1);
  const page = rows.slice(0, PAGE_SIZE);
  const last = page.at(-1);
  return { rows: page, next: rows.length > PAGE_SIZE && last?.assignedOn ? `${last.assignedOn}_${last.referenceSeq}` : null };
}
