import { and, eq, inArray, isNull } from "drizzle-orm";
import { agencies, caseDisputes, caseOutcomes, tips } from "../../db/schema/index";
import { decrypt } from "../lib/crypto.server";
import { db } from "../lib/db.server";
import type { StaffContext } from "../lib/staff-session.server";
import { handledCases } from "./case-visibility.server";
import { disputeAad } from "./dispute-conclusion.server";

export type DisputedCase = {
  reference: string;
  closedOn: string | null;
  agency: { nameZh: string; nameEn: string } | null;
  disputedOn: string;
  /** The tipster's reason, decrypted for the reviewer. */
  reason: string;
  finding: "substantiated" | "partly_substantiated" | "unsubstantiated" | null;
  publicSummaryZh: string | null;
};

/** The cases under review (disputed by the tipster) that this supervisor may see, oldest dispute first. */
export async function listDisputedCases(staff: StaffContext, limit = 200): Promise<DisputedCase[]> {
  const cases = await db()
    .select({ id: tips.id, reference: tips.reference, closedOn: tips.closedOn, agencyNameZh: agencies.nameZh, agencyNameEn: agencies.nameEn, finding: caseOutcomes.finding, summary: caseOutcomes.publicSummaryZh })
    .from(tips)
    .leftJoin(agencies, eq(agencies.id, tips.agencyId))
    .leftJoin(caseOutcomes, eq(caseOutcomes.tipId, tips.id))
    .where(and(eq(tips.state, "under_review"), handledCases(staff)))
    .limit(limit);
  if (cases.length === 0) return [];
  const disputes = await db()
    .select()
    .from(caseDisputes)
    .where(and(inArray(caseDisputes.tipId, cases.map((c) => c.id)), isNull(caseDisputes.decision)));
  const byTip = new Map(disputes.map((d) => [d.tipId, d]));
  return cases
    .flatMap((c) => {
      const d = byTip.get(c.id);
      if (!d) return [];
      return [
        {
          id: d.id,
          reference: c.reference,
          closedOn: c.closedOn,
          agency: c.agencyNameZh ? { nameZh: c.agencyNameZh, nameEn: c.agencyNameEn ?? c.agencyNameZh } : null,
          disputedOn: d.disputedOn,
          reason: decrypt(d.reasonEnc, disputeAad(c.id)).toString("utf8"),
          finding: c.finding,
          publicSummaryZh: c.summary,
        },
      ];
    })
    // Oldest dispute first; within a day by reference (dispute ids are random: docs/decisions/015).
    .sort((a, b) => (a.disputedOn < b.disputedOn ? -1 : a.disputedOn > b.disputedOn ? 1 : a.reference < b.reference ? -1 : 1))
    .map(({ id: _id, ...rest }) => rest);
}
