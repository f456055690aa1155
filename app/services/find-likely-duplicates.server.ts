import { and, desc, eq, gte, ne, sql } from "drizzle-orm";
import { tips } from "../../db/schema/index";
import { addDays, localDate } from "../domain/working-days";
import { db } from "../lib/db.server";
import { env } from "../lib/env.server";
import type { StaffContext } from "../lib/staff-session.server";
import type { CaseRow } from "./case-record.server";
import { visibleCases } from "./case-visibility.server";

/** Tips of the same county and sector in the last 90 days with a similar company or site name. */
export async function findLikelyDuplicates(staff: StaffContext, c: CaseRow, now = new Date()) {
  const since = addDays(localDate(now, env().timeZone), -90);
  const similar = c.companyName ? sql`similarity(${tips.companyName}, ${c.companyName})` : sql`0`;
  return db()
    .select({ reference: tips.reference, state: tips.state, submittedOn: tips.submittedOn, companyName: tips.companyName, similarity: sql<number>`${similar}::real` })
    .from(tips)
    .where(
      and(
        ne(tips.id, c.id),
        eq(tips.placeCode, c.placeCode),
        eq(tips.sectorCode, c.sectorCode),
        gte(tips.submittedOn, since),
        visibleCases(staff),
        c.companyName ? sql`${tips.companyName} % ${c.companyName}` : sql`true`,
      ),
    )
    .orderBy(...(c.companyName ? [desc(similar)] : []), desc(tips.submittedOn))
    .limit(5);
}
