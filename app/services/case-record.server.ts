import { and, desc, eq, inArray, like, sql } from "drizzle-orm";
import { agencies, ledgerEntries, places, sectors, staffAccounts, tips } from "../../db/schema/index";
import { checkTransition, TIPSTER_NEWS_STATES, type CaseAction, type CaseState } from "../domain/case-state";
import { addressPath, isPlaceholderPlaceName } from "../domain/places";
import { formatLocalClock } from "../i18n/time";
import { localDate } from "../domain/working-days";
import { AppError } from "../lib/app-error";
import type { Executor } from "../lib/db.server";
import { db } from "../lib/db.server";
import { env } from "../lib/env.server";
import { appendLedger, chainForTip } from "../lib/ledger.server";
import type { StaffContext } from "../lib/staff-session.server";
import { handledCases, visibleCases } from "./case-visibility.server";
import { refuseWhileContributionsOpen } from "./case-contributions.server";
import { tellTipsterOfNews } from "./tell-tipster.server";
import { CONTRIBUTIONS_HOLD_UP } from "../domain/joint-handling";

export type CaseRow = typeof tips.$inferSelect;

/**
 * A case by reference, only if `staff` may see it. Anything else — another agency's case, a case
 * of an implicated region, a reference that does not exist — is the same 404.
 */
export async function findVisibleCase(staff: StaffContext, reference: string, executor: Executor = db()): Promise<CaseRow> {
  if (!/^JB\d{4}-\d{7,}$/.test(reference)) throw new AppError("not_found");
  const [row] = await executor
    .select()
    .from(tips)
    .where(and(eq(tips.reference, reference), visibleCases(staff)));
  if (!row) throw new AppError("not_found");
  return row;
}

/**
 * A case by reference that `staff` handles as its holder (the desk, the lead agency, their
 * supervisors): `findVisibleCase` for the lead's decisions. A contributing agency (joint handling)
 * sees the case but is refused with a message that says only the lead may; others get the 404.
 */
export async function findHandledCase(staff: StaffContext, reference: string, executor: Executor = db()): Promise<CaseRow> {
  if (!/^JB\d{4}-\d{7,}$/.test(reference)) throw new AppError("not_found");
  const [found] = await executor
    .select({ row: tips, handled: sql<boolean>`${handledCases(staff)}` })
    .from(tips)
    .where(and(eq(tips.reference, reference), visibleCases(staff)));
  if (!found) throw new AppError("not_found");
  if (!found.handled) throw new AppError("forbidden", { message: "errors.joint.leadOnly" });
  return found.row;
}

/** The tips merged into a case (by the partial index on tips.merged_into_id). */
export async function mergedTipIds(caseId: string, executor: Executor = db()): Promise<string[]> {
  const rows = await executor.select({ id: tips.id }).from(tips).where(eq(tips.mergedIntoId, caseId));
  return rows.map((r) => r.id);
}

/**
 * The regions a case implicates: its own and those of the tips merged into it (their text is
 * shown on the case, so no agency inside any of them may hold it).
 */
export async function implicatedRegionsOf(c: Pick<CaseRow, "id" | "implicatedPlaceCode">, executor: Executor = db()): Promise<(string | null)[]> {
  const merged = await executor.select({ implicated: tips.implicatedPlaceCode }).from(tips).where(eq(tips.mergedIntoId, c.id));
  return [c.implicatedPlaceCode, ...merged.map((m) => m.implicated)];
}

/** Names for a case's sector, place and agency, for pages. */
export async function caseLabels(c: CaseRow) {
  const [sector] = await db().select().from(sectors).where(eq(sectors.code, c.sectorCode));
  const path = await db()
    .select({ code: places.code, nameZh: places.nameZh, nameEn: places.nameEn })
    .from(places)
    .where(inArray(places.code, addressPath(c.placeCode)))
    .orderBy(places.code);
  const [agency] = c.agencyId ? await db().select().from(agencies).where(eq(agencies.id, c.agencyId)) : [];
  return { sector: sector!, placePath: path.filter((p) => !isPlaceholderPlaceName(p.nameZh)), agency: agency ?? null };
}

/**
 * Takes one transition of the state machine inside `tx`: checks it is allowed for this person in
 * this state, applies `changes` only if nobody changed the case meanwhile (version), and appends
 * the ledger entry. Returns the new state.
 */
export async function transitionCase(
  tx: Executor,
  opts: {
    staff: StaffContext;
    tip: Pick<CaseRow, "id" | "state" | "version">;
    action: CaseAction;
    /** For a transition that leads back (unmerge): the state the case had before. */
    before?: string;
    changes?: Partial<typeof tips.$inferInsert>;
    details?: Record<string, unknown>;
    now?: Date;
  },
): Promise<CaseState> {
  const check = checkTransition(opts.tip.state, opts.action, opts.staff.role, opts.before);
  // Someone else moved the case on: a conflict; this role never may: forbidden.
  if (!check.ok) {
    if (check.problem === "not_allowed_in_state") throw (await staleDecision(tx, opts.tip.id, opts.staff, opts.now)) ?? new AppError("conflict", { message: "errors.transition.not_allowed_in_state" });
    throw new AppError("forbidden", { message: `errors.transition.${check.problem}` });
  }
  const now = opts.now ?? new Date();
  const updated = await tx
    .update(tips)
    .set({ ...opts.changes, state: check.to, version: sql`${tips.version} + 1` })
    // Only the holder side takes transitions: a contributing agency (joint handling) sees the case but may not.
    .where(and(eq(tips.id, opts.tip.id), eq(tips.version, opts.tip.version), handledCases(opts.staff)))
    .returning({ id: tips.id });
  if (updated.length === 0) {
    const [current] = await tx.select({ version: tips.version }).from(tips).where(eq(tips.id, opts.tip.id));
    if (current?.version === opts.tip.version) throw new AppError("forbidden", { message: "errors.joint.leadOnly" });
    throw (await staleDecision(tx, opts.tip.id, opts.staff, opts.now)) ?? new AppError("conflict", { message: "errors.transition.stale" });
  }
  // Joint handling: the lead's closing steps wait for every ask (docs/domain.md "Joint handling").
  if ((CONTRIBUTIONS_HOLD_UP as readonly string[]).includes(opts.action)) await refuseWhileContributionsOpen(tx, opts.tip.id);
  await appendLedger(tx, {
    chain: chainForTip(opts.tip.id),
    actor: { type: "staff", id: opts.staff.staffId },
    action: `case.${opts.action}`,
    subjectType: "tip",
    subjectId: opts.tip.id,
    details: { from: opts.tip.state, to: check.to, ...opts.details },
    today: localDate(now, env().timeZone),
    now,
  });
  if ((TIPSTER_NEWS_STATES as readonly string[]).includes(check.to)) await tellTipsterOfNews(tx, opts.tip.id, now);
  return check.to;
}

/** The ledger's case actions a stale-decision message names in words (else: "changed"). */
const STALE_WORDS = { "case.route": "errors.stale.route", "case.reject": "errors.stale.reject", "case.merge": "errors.stale.merge" } as const;

/**
 * When a decision lost to someone else's (the state moved on, or the version changed under it):
 * what changed and by whom, from the tip's latest case entry in the ledger — "JB… was routed to
 * <agency> by 张三 at 14:07 — your decision was not applied". Null when the latest change was the
 * viewer's own (or there is none): then the plain state message says enough.
 */
async function staleDecision(tx: Executor, tipId: string, staff: StaffContext, now = new Date()): Promise<AppError | null> {
  const [last] = await tx
    .select({ action: ledgerEntries.action, actorId: ledgerEntries.actorId, recordedAt: ledgerEntries.recordedAt, details: ledgerEntries.details, name: staffAccounts.displayName, reference: tips.reference, agencyName: agencies.nameZh })
    .from(ledgerEntries)
    .innerJoin(tips, eq(tips.id, tipId))
    .leftJoin(staffAccounts, eq(staffAccounts.id, ledgerEntries.actorId))
    .leftJoin(agencies, eq(agencies.id, sql`(${ledgerEntries.details}->>'agencyId')::uuid`))
    .where(and(eq(ledgerEntries.chain, chainForTip(tipId)), like(ledgerEntries.action, "case.%")))
    .orderBy(desc(ledgerEntries.seq))
    .limit(1);
  if (!last || !last.actorId || last.actorId === staff.staffId || !last.recordedAt) return null;
  const message = Object.hasOwn(STALE_WORDS, last.action) ? STALE_WORDS[last.action as keyof typeof STALE_WORDS] : "errors.stale.changed";
  const into = (last.details as { into?: unknown } | null)?.into;
  return new AppError("conflict", {
    message,
    params: { reference: last.reference, name: last.name ?? "—", time: formatLocalClock(last.recordedAt, now, env().timeZone), agency: last.agencyName ?? "—", into: typeof into === "string" ? into : "—" },
  });
}
