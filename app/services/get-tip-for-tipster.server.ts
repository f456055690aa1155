import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { agencies, attachments, caseDisputes, caseOutcomes, ledgerEntries, places, rewardClaims, sectors, tipMessages, tips } from "../../db/schema/index";
import { publicStatus, type PublicStatus } from "../domain/case-state";
import { CONCLUDED_STATES } from "../domain/case-state";
import { addressPath, isPlaceholderPlaceName } from "../domain/places";
import type { RewardSuggestion } from "../domain/rewards";
import { chainForTip } from "../lib/ledger.server";
import { suggestReward } from "./suggest-reward.server";
import { rectificationItemsOf, type PublicRectificationItem } from "./rectification-items-read.server";
import { decrypt } from "../lib/crypto.server";
import { db } from "../lib/db.server";
import { decryptContact, decryptContent, messageAad, type TipContact, type TipContent } from "./tip-content.server";


export type TipsterView = {
  reference: string;
  submittedOn: string;
  status: PublicStatus;
  dueOn: string | null;
  sector: { code: string; nameZh: string; nameEn: string };
  /** Province → city → county, as far as the tip was placed. */
  placePath: { code: string; nameZh: string; nameEn: string }[];
  companyName: string | null;
  content: TipContent;
  contact: TipContact | null;
  flags: { majorHazard: boolean; concealedAccident: boolean; deaths: number | null; officialsImplicated: boolean; tipsterWorksThere: boolean };
  agency: { nameZh: string; nameEn: string } | null;
  /** Why the tip was not taken up, and the desk's note (e.g. where to go instead). */
  rejection: { reason: string; note: string | null } | null;
  attachments: { id: string; mediaType: string; byteSize: number; addedOn: string; messageId: number | null }[];
  messages: { id: number; author: "tipster" | "staff"; body: string; sentOn: string }[];
  /** The public steps so far, each with its date (never a time), oldest first. */
  steps: { step: TipsterStep; on: string }[];
  /** An extension of the conclusion deadline, asked for or approved, with the reason the tipster sees. */
  extension: { state: "requested" | "approved"; days: number | null; reason: string | null; newDueOn: string | null } | null;
  /** The outcome record, once the case is concluded. */
  outcome: TipsterOutcome | null;
  /**
   * For a merged tip: the public progress of the case it joined — status, deadline, agency, the
   * staff's dated steps and, once closed, the published outcome. Never that case's reference,
   * text, or anything about its tipster (their filing date, disputes, claims).
   */
  joined: JoinedProgress | null;
  /** The tipster may dispute the conclusion now (the case is closed and no review was upheld). */
  canDispute: boolean;
  disputes: { disputedOn: string; decision: "upheld" | "reopened" | null; decisionReason: string | null }[];
  reward: {
    /** The calculator's suggestion for this case, shown with the claim form. */
    suggestion: RewardSuggestion;
    /** A claim may be made now: closed, eligible, not yet claimed. */
    canClaim: boolean;
    /** The tip was merged into an earlier one: only that one is rewarded. */
    merged: boolean;
    claim: { state: "requested" | "approved" | "refused"; suggestedCny: number; approvedCny: number | null; refusalReason: string | null; claimedOn: string } | null;
  };
};

export type JoinedProgress = {
  status: PublicStatus;
  dueOn: string | null;
  agency: { nameZh: string; nameEn: string } | null;
  steps: { step: TipsterStep; on: string }[];
  outcome: TipsterOutcome | null;
};

export type TipsterStep = "submitted" | "assigned" | "accepted" | "concluded" | "closed" | "disputed" | "review_upheld" | "reopened";

export type TipsterOutcome = {
  finding: "substantiated" | "partly_substantiated" | "unsubstantiated";
  /** With the rectification items (docs/decisions/037): what and by when, and the state — never who. */
  rectification: { ordered: boolean; dueOn: string | null; items: TipsterRectificationItem[] };
  fineCny: number | null;
  suspension: boolean;
  closure: boolean;
  criminalReferral: boolean;
  officialsHeldAccountable: number;
  admonitoryTalk: boolean;
  publicSummaryZh: string;
  publicSummaryEn: string | null;
};

const EXTENSION_APPROVED = "case.extension_approved";

/** Ledger actions that mark a public step, and the step they mark. */
const LEDGER_STEPS: Record<string, TipsterStep> = {
  "case.reopen": "reopened",
  "case.reopen_after_review": "reopened",
  "case.dispute": "disputed",
  "case.uphold": "review_upheld",
};

export type TipsterRectificationItem = Omit<PublicRectificationItem, "responsibleRole">;

function outcomeView(outcome: typeof caseOutcomes.$inferSelect, items: readonly PublicRectificationItem[] = []): TipsterOutcome {
  return {
    finding: outcome.finding,
    rectification: { ordered: outcome.rectificationOrdered, dueOn: outcome.rectificationDueOn, items: items.map(({ responsibleRole: _role, ...item }) => item) },
    fineCny: outcome.fineCny,
    suspension: outcome.suspension,
    closure: outcome.closure,
    criminalReferral: outcome.criminalReferral,
    officialsHeldAccountable: outcome.officialsHeldAccountable,
    admonitoryTalk: outcome.admonitoryTalk,
    publicSummaryZh: outcome.publicSummaryZh,
    publicSummaryEn: outcome.publicSummaryEn,
  };
}

/** The staff's dated steps of a case, from its own columns (the lifecycle's order). */
function columnSteps(c: { assignedOn: string | null; acceptedOn: string | null; concludedOn: string | null; closedOn: string | null }): { step: TipsterStep; on: string }[] {
  const steps: { step: TipsterStep; on: string }[] = [];
  if (c.assignedOn) steps.push({ step: "assigned", on: c.assignedOn });
  if (c.acceptedOn) steps.push({ step: "accepted", on: c.acceptedOn });
  if (c.concludedOn) steps.push({ step: "concluded", on: c.concludedOn });
  if (c.closedOn) steps.push({ step: "closed", on: c.closedOn });
  return steps;
}

/** How many merges to follow when the joined case was itself merged on (each joined an earlier one). */
const MAX_MERGE_HOPS = 5;

/**
 * The public progress of the case a merged tip joined (following it on if that case was merged
 * in turn). Only what the public status page and the published outcomes show of a case, and the
 * dates of the staff's steps; the joined tip's own filing date is left out (it is its tipster's).
 */
async function joinedProgress(mergedIntoId: string | null): Promise<JoinedProgress | null> {
  let id = mergedIntoId;
  for (let hop = 0; id && hop < MAX_MERGE_HOPS; hop++) {
    // Only the columns shown: never another tipster's text or contact details.
    const [row] = await db()
      .select({
        tip: {
          id: tips.id,
          state: tips.state,
          mergedIntoId: tips.mergedIntoId,
          dueOn: tips.dueOn,
          assignedOn: tips.assignedOn,
          acceptedOn: tips.acceptedOn,
          concludedOn: tips.concludedOn,
          closedOn: tips.closedOn,
        },
        agency: { nameZh: agencies.nameZh, nameEn: agencies.nameEn },
      })
      .from(tips)
      .leftJoin(agencies, eq(agencies.id, tips.agencyId))
      .where(eq(tips.id, id));
    if (!row) return null;
    const j = row.tip;
    if (j.state === "merged" && j.mergedIntoId) {
      id = j.mergedIntoId;
      continue;
    }
    // The outcome once the case is closed: what /outcomes publishes.
    const [outcome] = j.state === "closed" ? await db().select().from(caseOutcomes).where(eq(caseOutcomes.tipId, j.id)) : [];
    const steps = columnSteps(j);
    return {
      status: publicStatus(j.state),
      dueOn: j.dueOn,
      agency: row.agency?.nameZh ? { nameZh: row.agency.nameZh, nameEn: row.agency.nameEn } : null,
      steps,
      outcome: outcome ? outcomeView(outcome) : null,
    };
  }
  return null;
}

/** Everything the signed-in tipster may see of their own tip, decrypted. */
export async function getTipForTipster(tipId: string): Promise<TipsterView | null> {
  const [row] = await db()
    .select({ tip: tips, sector: sectors, place: places, agency: { nameZh: agencies.nameZh, nameEn: agencies.nameEn } })
    .from(tips)
    .innerJoin(sectors, eq(sectors.code, tips.sectorCode))
    .innerJoin(places, eq(places.code, tips.placeCode))
    .leftJoin(agencies, eq(agencies.id, tips.agencyId))
    .where(eq(tips.id, tipId));
  if (!row) return null;
  const t = row.tip;
  const code = row.place.code;
  const pathCodes = addressPath(code);
  const [files, messages, path, [outcomeRow], disputeRows, [claim], stepEntries] = await Promise.all([
    db()
      .select({ id: attachments.id, mediaType: attachments.mediaType, byteSize: attachments.byteSize, addedOn: attachments.addedOn, messageId: attachments.messageId })
      .from(attachments)
      .where(and(eq(attachments.tipId, tipId), eq(attachments.origin, "tipster"))) // the agency's evidence is not the tipster's to see
      .orderBy(asc(attachments.addedOn), asc(attachments.id)),
    db().select().from(tipMessages).where(eq(tipMessages.tipId, tipId)).orderBy(asc(tipMessages.position)),
    db().select({ code: places.code, nameZh: places.nameZh, nameEn: places.nameEn }).from(places).where(inArray(places.code, pathCodes)).orderBy(asc(places.code)),
    db().select().from(caseOutcomes).where(eq(caseOutcomes.tipId, tipId)),
    db()
      .select({ disputedOn: caseDisputes.disputedOn, decision: caseDisputes.decision, decisionReason: caseDisputes.decisionReason })
      .from(caseDisputes)
      .where(eq(caseDisputes.tipId, tipId))
      // By date, the open one last (the id is random; a case has at most one open dispute).
      .orderBy(asc(caseDisputes.disputedOn), sql`${caseDisputes.decision} is null`),
    db().select().from(rewardClaims).where(eq(rewardClaims.tipId, tipId)),
    db()
      .select({ on: ledgerEntries.recordedOn, action: ledgerEntries.action, details: ledgerEntries.details })
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.chain, chainForTip(tipId)), inArray(ledgerEntries.action, [...Object.keys(LEDGER_STEPS), EXTENSION_APPROVED])))
      .orderBy(asc(ledgerEntries.seq)),
  ]);
  const concluded = t.concludedOn !== null || (CONCLUDED_STATES as readonly string[]).includes(t.state);
  const outcome = outcomeRow && concluded ? outcomeRow : null;
  const suggestion = await suggestReward(t, outcome);
  const merged = t.mergedIntoId !== null || t.state === "merged";
  const steps: { step: TipsterStep; on: string }[] = [{ step: "submitted", on: t.submittedOn }, ...columnSteps(t)];
  for (const e of stepEntries) if (LEDGER_STEPS[e.action]) steps.push({ step: LEDGER_STEPS[e.action]!, on: e.on });
  // The approved deadline as recorded when the extension was approved (the current due date moves on later).
  const approvedDue = stepEntries.filter((e) => e.action === EXTENSION_APPROVED).map((e) => (e.details as { dueOn?: unknown }).dueOn).pop();
  // Stable by date: same-day steps keep the order above (the lifecycle's order).
  steps.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  return {
    reference: t.reference,
    submittedOn: t.submittedOn,
    status: publicStatus(t.state),
    dueOn: t.dueOn,
    sector: { code: row.sector.code, nameZh: row.sector.nameZh, nameEn: row.sector.nameEn },
    placePath: path.filter((p) => !isPlaceholderPlaceName(p.nameZh)),
    companyName: t.companyName,
    content: decryptContent(t.id, t.contentEnc),
    contact: t.contactEnc ? decryptContact(t.id, t.contactEnc) : null,
    flags: {
      majorHazard: t.majorHazard,
      concealedAccident: t.concealedAccident,
      deaths: t.deaths,
      officialsImplicated: t.officialsImplicated,
      tipsterWorksThere: t.tipsterWorksThere,
    },
    agency: row.agency?.nameZh ? { nameZh: row.agency.nameZh, nameEn: row.agency.nameEn } : null,
    rejection: t.rejectionReason
      ? { reason: t.rejectionReason, note: t.rejectionNoteEnc ? decrypt(t.rejectionNoteEnc, `tip:${t.id}:rejection`).toString("utf8") : null }
      : null,
    attachments: files,
    messages: messages.map((m) => ({ id: m.id, author: m.author, body: decrypt(m.bodyEnc, messageAad(tipId)).toString("utf8"), sentOn: m.sentOn })),
    steps,
    extension:
      t.extensionState === "requested" || t.extensionState === "approved"
        ? { state: t.extensionState, days: t.extensionDays, reason: t.extensionReason, newDueOn: t.extensionState === "approved" ? (typeof approvedDue === "string" ? approvedDue : t.dueOn) : null }
        : null,
    outcome: outcome ? outcomeView(outcome, await rectificationItemsOf(db(), outcome.tipId)) : null,
    joined: merged ? await joinedProgress(t.mergedIntoId) : null,
    canDispute: t.state === "closed" && !disputeRows.some((d) => d.decision !== "reopened"),
    disputes: disputeRows,
    reward: {
      suggestion,
      canClaim: t.state === "closed" && suggestion.eligible && !claim,
      merged,
      claim: claim
        ? { state: claim.state, suggestedCny: claim.suggestedCny, approvedCny: claim.approvedCny, refusalReason: claim.refusalReason, claimedOn: claim.claimedOn }
        : null,
    },
  };
}
