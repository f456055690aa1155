import { and, asc, eq, inArray, lt, sql } from "drizzle-orm";
import { agencies, attachments, caseReads, ledgerEntries, places, staffAccounts, tipMessages, tips } from "../../db/schema/index";
import { decrypt } from "../lib/crypto.server";
import { db } from "../lib/db.server";
import { chainForTip } from "../lib/ledger.server";
import type { StaffContext } from "../lib/staff-session.server";
import { caseLabels, findVisibleCase } from "./case-record.server";
import { mergedIntoOf, mergedTipsOf } from "./merged-tips.server";
import { decryptContent, messageAad } from "./tip-content.server";

/**
 * A case as staff see it: the tip decrypted (contact details are separate and logged), its
 * attachments, the thread with the tipster, its ledger (who did what, when, why), the tips merged
 * into it, and the case it was itself merged into. Opening it marks the tipster's news seen.
 */
export async function caseDetailsForStaff(staff: StaffContext, reference: string) {
  const c = await findVisibleCase(staff, reference);
  if (c.tipsterNewsPosition > 0) await markNewsSeen(staff.staffId, c.id, c.tipsterNewsPosition);
  const [labels, files, messages, ledger, merged, mergedInto] = await Promise.all([
    caseLabels(c),
    db()
      .select({ id: attachments.id, mediaType: attachments.mediaType, byteSize: attachments.byteSize, addedOn: attachments.addedOn, origin: attachments.origin, messageId: attachments.messageId })
      .from(attachments)
      .where(eq(attachments.tipId, c.id))
      .orderBy(asc(attachments.addedOn), asc(attachments.id)),
    db().select().from(tipMessages).where(eq(tipMessages.tipId, c.id)).orderBy(asc(tipMessages.position)),
    db()
      .select({
        seq: ledgerEntries.seq,
        recordedOn: ledgerEntries.recordedOn,
        recordedAt: ledgerEntries.recordedAt,
        actorType: ledgerEntries.actorType,
        actorName: staffAccounts.displayName,
        action: ledgerEntries.action,
        details: ledgerEntries.details,
      })
      .from(ledgerEntries)
      .leftJoin(staffAccounts, eq(staffAccounts.id, ledgerEntries.actorId))
      .where(eq(ledgerEntries.chain, chainForTip(c.id)))
      .orderBy(asc(ledgerEntries.seq)),
    mergedTipsOf(staff, c),
    mergedIntoOf(staff, c),
  ]);
  // The agencies and regions the ledger names by id or code, so that its lines can name them.
  const detail = (l: (typeof ledger)[number]) => (l.details ?? {}) as Record<string, unknown>;
  const strings = (values: unknown[]) => [...new Set(values.filter((x): x is string => typeof x === "string" && x !== ""))];
  const agencyIds = strings(ledger.flatMap((l) => [detail(l).agencyId, detail(l).supervisingAgencyId]));
  const placeCodes = strings(ledger.filter((l) => l.action.startsWith("case.implication_change_")).flatMap((l) => [detail(l).before, detail(l).requested, detail(l).after]));
  const [agencyNames, placeNames] = await Promise.all([
    agencyIds.length ? db().select({ id: agencies.id, nameZh: agencies.nameZh, nameEn: agencies.nameEn }).from(agencies).where(inArray(agencies.id, agencyIds)) : [],
    placeCodes.length ? db().select({ code: places.code, nameZh: places.nameZh, nameEn: places.nameEn }).from(places).where(inArray(places.code, placeCodes)) : [],
  ]);
  return {
    case: {
      id: c.id,
      reference: c.reference,
      state: c.state,
      submittedOn: c.submittedOn,
      channel: c.channel,
      dueOn: c.dueOn,
      assignedOn: c.assignedOn,
      companyName: c.companyName,
      hasContact: c.contactEnc !== null,
      captchaStatus: c.captchaStatus,
      flags: { majorHazard: c.majorHazard, concealedAccident: c.concealedAccident, deaths: c.deaths, officialsImplicated: c.officialsImplicated, implicatedPlaceCode: c.implicatedPlaceCode, tipsterWorksThere: c.tipsterWorksThere },
      sectorCode: c.sectorCode,
      placeCode: c.placeCode,
      routing: c.routing as { rules: { rule: string }[]; overrideReason: string | null } | null,
    },
    content: decryptContent(c.id, c.contentEnc),
    labels,
    attachments: files,
    messages: messages.map((m) => ({ id: m.id, author: m.author, body: decrypt(m.bodyEnc, messageAad(c.id)).toString("utf8"), sentOn: m.sentOn })),
    ledger: ledger.map((l) => ({ ...l, recordedAt: l.recordedAt ? l.recordedAt.toISOString() : null })),
    agencyNames,
    placeNames,
    merged,
    mergedInto: mergedInto?.reference ?? null,
    mayUndoMerge: mergedInto?.mayUndo ?? false,
    row: c,
  };
}

/**
 * The viewer has seen the thread up to `position` (the tip's latest tipster message, as read):
 * their own marker, and the case's — it leaves everyone's "replies waiting" list. Positions only,
 * no time (docs/decisions/015). Never moves back, so a stale read cannot undo a later one.
 */
async function markNewsSeen(staffId: string, tipId: string, position: number): Promise<void> {
  await db().transaction(async (tx) => {
    await tx
      .insert(caseReads)
      .values({ staffId, tipId, seenPosition: position })
      // Rewritten only when there is something new to this person (most views change nothing).
      .onConflictDoUpdate({ target: [caseReads.staffId, caseReads.tipId], set: { seenPosition: sql`excluded.seen_position` }, setWhere: sql`${caseReads.seenPosition} < excluded.seen_position` });
    await tx.update(tips).set({ newsSeenPosition: position }).where(and(eq(tips.id, tipId), lt(tips.newsSeenPosition, position)));
  });
}
