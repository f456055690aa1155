import { and, desc, eq, isNull } from "drizzle-orm";
import { agencies, caseOutcomes, publicNotices, tips } from "../../db/schema/index";
import { can } from "../domain/permissions";
import { mayLiftNotice, mayPublishNotice, publishableLiftNote, publishableNotice, type LiftRefusal, type NoticeDraft, type NoticeIssue, type PublishRefusal } from "../domain/public-notice";
import type { MessageKey } from "../i18n/keys";
import { AppError } from "../lib/app-error";
import type { Executor } from "../lib/db.server";
import { db } from "../lib/db.server";
import { appendLedger, chainForTip } from "../lib/ledger.server";
import type { StaffContext } from "../lib/staff-session.server";
import { findVisibleCase, type CaseRow } from "./case-record.server";
import { agencyById, DEADLINE_STATES, supervisingAgency, todayLocal } from "./deadline-common.server";

/**
 * Publishing and lifting the public notice of a supervised major hazard (挂牌督办公告 / 摘牌,
 * docs/decisions/038), and what the case page shows of it. Each use-case resolves the case the
 * viewer may see (another agency's case is the same 404 as ever), applies the pure rules of
 * app/domain/public-notice.ts to facts read under a lock of the case row, and writes the notice
 * and its ledger entry in one transaction.
 */

export type NoticeInput = NoticeDraft;

const REFUSAL_CODE: Record<PublishRefusal | LiftRefusal, "forbidden" | "conflict"> = {
  not_supervisor: "forbidden",
  not_supervising_agency: "forbidden",
  not_major_hazard: "conflict",
  not_listed: "conflict",
  not_open: "conflict",
  implicated: "conflict",
  already_published: "conflict",
  no_notice: "conflict",
  not_closed_out: "conflict",
};

const refuse = (r: PublishRefusal | LiftRefusal) => new AppError(REFUSAL_CODE[r], { message: `errors.notice.${r}` });
const invalid = (i: NoticeIssue) => new AppError("invalid_input", { field: i.field, message: i.message as MessageKey, params: i.params });

/** The supervising agency of the case's holder (null at the desk, or when none lies outside the implicated region). */
async function supervisingAgencyOf(tx: Executor, c: Pick<CaseRow, "agencyId" | "implicatedPlaceCode">) {
  const holder = c.agencyId ? await agencyById(tx, c.agencyId) : null;
  return holder ? supervisingAgency(tx, holder, c) : null;
}

async function currentNotice(tx: Executor, tipId: string) {
  const [row] = await tx
    .select()
    .from(publicNotices)
    .where(and(eq(publicNotices.tipId, tipId), isNull(publicNotices.liftedAt)));
  return row ?? null;
}

/** The case row, locked for the rest of the transaction (a concurrent publish, lift or state change waits). */
async function lockedCase(tx: Executor, staff: StaffContext, reference: string): Promise<CaseRow> {
  const seen = await findVisibleCase(staff, reference, tx);
  const [row] = await tx.select().from(tips).where(eq(tips.id, seen.id)).for("update");
  return row!;
}

/**
 * A supervisor of the supervising agency publishes a notice for a major-hazard case listed for
 * supervision: the subject as confirmed, staff's own text (the publishable-notice check), the
 * rectification deadline; sector and place are the case's. Ledger `case.notice_published`.
 */
export async function publishNotice(staff: StaffContext, reference: string, input: NoticeInput, opts: { now?: Date } = {}): Promise<{ noticeId: string }> {
  if (!can(staff.role, "notice.publish")) throw refuse("not_supervisor");
  const now = opts.now ?? new Date();
  const today = todayLocal(now);
  const [issue] = publishableNotice(input, today);
  if (issue) throw invalid(issue);
  return db().transaction(async (tx) => {
    const c = await lockedCase(tx, staff, reference);
    const supervising = await supervisingAgencyOf(tx, c);
    const current = await currentNotice(tx, c.id);
    const refusal = mayPublishNotice({ viewer: { role: staff.role, agencyId: staff.agency?.id ?? null }, supervisingAgencyId: supervising?.id ?? null, c, hasCurrentNotice: current !== null });
    if (refusal) throw refuse(refusal);
    const textEn = input.textEn?.trim() || null;
    const [row] = await tx
      .insert(publicNotices)
      .values({
        tipId: c.id,
        supervisingAgencyId: supervising!.id,
        subject: input.subject.trim(),
        sectorCode: c.sectorCode,
        placeCode: c.placeCode,
        textZh: input.textZh.trim(),
        textEn,
        rectificationDueOn: input.rectificationDueOn,
        publishedOn: today,
        publishedAt: now,
        publishedBy: staff.staffId,
      })
      .returning({ id: publicNotices.id });
    await appendLedger(tx, {
      chain: chainForTip(c.id),
      actor: { type: "staff", id: staff.staffId },
      action: "case.notice_published",
      subjectType: "tip",
      subjectId: c.id,
      details: { noticeId: row!.id, supervisingAgencyId: supervising!.id, subject: input.subject.trim(), rectificationDueOn: input.rectificationDueOn },
      today,
      now,
    });
    return { noticeId: row!.id };
  });
}

/** The supervising agency's supervisor lifts the case's current notice once the case is closed out (摘牌), with a note published with it. Ledger `case.notice_lifted`. */
export async function liftNotice(staff: StaffContext, reference: string, input: { note: string }, opts: { now?: Date } = {}): Promise<void> {
  if (!can(staff.role, "notice.publish")) throw refuse("not_supervisor");
  const now = opts.now ?? new Date();
  const today = todayLocal(now);
  const [issue] = publishableLiftNote(input.note);
  if (issue) throw invalid(issue);
  await db().transaction(async (tx) => {
    const c = await lockedCase(tx, staff, reference);
    const current = await currentNotice(tx, c.id);
    const refusal = mayLiftNotice({ viewer: { role: staff.role, agencyId: staff.agency?.id ?? null }, noticeAgencyId: current?.supervisingAgencyId ?? null, state: c.state });
    if (refusal) throw refuse(refusal);
    const note = input.note.trim();
    const lifted = await tx
      .update(publicNotices)
      .set({ liftedOn: today, liftedAt: now, liftedBy: staff.staffId, liftNote: note })
      .where(and(eq(publicNotices.id, current!.id), isNull(publicNotices.liftedAt)))
      .returning({ id: publicNotices.id });
    if (lifted.length === 0) throw new AppError("conflict", { message: "errors.notice.stale" });
    await appendLedger(tx, {
      chain: chainForTip(c.id),
      actor: { type: "staff", id: staff.staffId },
      action: "case.notice_lifted",
      subjectType: "tip",
      subjectId: c.id,
      details: { noticeId: current!.id, note },
      today,
      now,
    });
  });
}

export type CaseNotice = {
  id: string;
  subject: string;
  textZh: string;
  textEn: string | null;
  rectificationDueOn: string;
  publishedOn: string;
  agency: { nameZh: string; nameEn: string };
  liftedOn: string | null;
  liftNote: string | null;
};

/**
 * What the case page shows of notices: the case's notices (newest first), whether this viewer may
 * publish one now (and, for a supervisor of a major-hazard case, why not), the form's prefill (the
 * company named in the tip for the supervisor to check; the outcome's rectification deadline or
 * the case's deadline when not past), and whether they may lift the current one.
 */
export async function caseNoticeView(staff: StaffContext, c: CaseRow) {
  const today = todayLocal();
  const [notices, [outcome]] = await Promise.all([
    db()
      .select({
        id: publicNotices.id,
        subject: publicNotices.subject,
        textZh: publicNotices.textZh,
        textEn: publicNotices.textEn,
        rectificationDueOn: publicNotices.rectificationDueOn,
        publishedOn: publicNotices.publishedOn,
        agency: { nameZh: agencies.nameZh, nameEn: agencies.nameEn },
        liftedOn: publicNotices.liftedOn,
        liftNote: publicNotices.liftNote,
        agencyId: publicNotices.supervisingAgencyId,
      })
      .from(publicNotices)
      .innerJoin(agencies, eq(agencies.id, publicNotices.supervisingAgencyId))
      .where(eq(publicNotices.tipId, c.id))
      .orderBy(desc(publicNotices.publishedAt)),
    db().select({ rectificationDueOn: caseOutcomes.rectificationDueOn }).from(caseOutcomes).where(eq(caseOutcomes.tipId, c.id)),
  ]);
  const current = notices.find((n) => n.liftedOn === null) ?? null;
  const viewer = { role: staff.role, agencyId: staff.agency?.id ?? null };
  const supervisor = can(staff.role, "notice.publish");
  const supervising = supervisor && c.majorHazard ? await supervisingAgencyOf(db(), c) : null;
  const publishRefusal = supervisor && c.majorHazard ? mayPublishNotice({ viewer, supervisingAgencyId: supervising?.id ?? null, c, hasCurrentNotice: current !== null }) : "not_supervisor";
  const liftRefusal = supervisor ? mayLiftNotice({ viewer, noticeAgencyId: current?.agencyId ?? null, state: c.state }) : "not_supervisor";
  const due = [outcome?.rectificationDueOn, c.dueOn].find((d): d is string => !!d && d >= today) ?? "";
  return {
    notices: notices.map(({ agencyId: _a, ...n }) => n) satisfies CaseNotice[],
    mayPublish: publishRefusal === null,
    // Said only to those who could publish one were the case otherwise ready (a supervisor, a major hazard), and only for the case's own facts.
    whyNot: publishRefusal !== null && supervisor && c.majorHazard && publishRefusal !== "already_published" && publishRefusal !== "not_supervisor" ? publishRefusal : null,
    // All a notice waits for is the listing, in a state a supervision note may be set in: the section offers it.
    mayList: publishRefusal === "not_listed" && (DEADLINE_STATES as readonly string[]).includes(c.state),
    mayLift: liftRefusal === null,
    defaults: { subject: c.companyName ?? "", rectificationDueOn: due },
  };
}
