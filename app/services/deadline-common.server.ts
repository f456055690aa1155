import { TRIAGE_STATES, type CaseState } from "../domain/case-state";
import { mayBeToldAbout, TRIAGE_ROLES, type ConflictFacts } from "../domain/permissions";
import { COUNTRY, placeAt, regionsAbove } from "../domain/places";
import { SAFETY_COMMITTEE } from "../domain/routing";
import { inArray, sql } from "drizzle-orm";
import { addDays, daysBetween, localDate } from "../domain/working-days";
import type { Executor } from "../lib/db.server";
import { env } from "../lib/env.server";

/**
 * What the deadline jobs (reminders, escalation, digest) and the supervision page share.
 * Being overdue is not a state: it is a deadline passed in one of these open states.
 */
export const AGENCY_CLOCK_STATES = ["assigned", "accepted", "investigating", "rectifying"] as const satisfies readonly CaseState[];
/** The desk's clock (triage decision), owned by the province safety-committee office, or the national desk (`deskClockOwner`). */
export const DESK_CLOCK_STATES = TRIAGE_STATES;
export const DEADLINE_STATES = [...AGENCY_CLOCK_STATES, ...DESK_CLOCK_STATES] as const;

/** The states a weekly digest counts as open for an agency (its inbox, less closed). */
export const DIGEST_OPEN_STATES = ["assigned", "accepted", "investigating", "concluded", "rectifying", "verified", "under_review"] as const satisfies readonly CaseState[];

export type DeadlineStage = "accept" | "conclude" | "rectify";

/** Which clock a state runs (the email templates' DEADLINE_STAGES). The desk's triage clock reads as "accept or return". */
export function stageOf(state: string): DeadlineStage {
  if (state === "accepted" || state === "investigating") return "conclude";
  if (state === "rectifying") return "rectify";
  return "accept";
}

export function isDeskState(state: string): boolean {
  return (DESK_CLOCK_STATES as readonly string[]).includes(state);
}

/** SQL list literal of states, e.g. `('assigned','accepted')` (fixed constants only). */
export function stateList(states: readonly string[]) {
  return sql.raw(`(${states.map((s) => `'${s.replace(/'/g, "")}'`).join(",")})`);
}

/** Today in the deployment's time zone. */
export function todayLocal(now = new Date()): string {
  return localDate(now, env().timeZone);
}

export { addDays, daysBetween };

export type AgencyRow = { id: string; departmentType: string; placeCode: string; nameZh: string; nameEn: string; inboxEmail: string };

/** The rows of a raw `execute`, typed by the query's column aliases. */
export function rowsOf<T>(r: unknown): T[] {
  return r as T[];
}

async function activeAgency(tx: Executor, departmentType: string, placeCode: string): Promise<AgencyRow | null> {
  const rows = rowsOf<AgencyRow>(
    await tx.execute(sql`
      select id::text as "id", department_type as "departmentType", place_code as "placeCode", name_zh as "nameZh", name_en as "nameEn", inbox_email as "inboxEmail"
      from agencies where department_type = ${departmentType} and place_code = ${placeCode} and active`),
  );
  return rows[0] ?? null;
}

export async function agencyById(tx: Executor, id: string): Promise<AgencyRow | null> {
  const rows = rowsOf<AgencyRow>(
    await tx.execute(sql`
      select id::text as "id", department_type as "departmentType", place_code as "placeCode", name_zh as "nameZh", name_en as "nameEn", inbox_email as "inboxEmail"
      from agencies where id = ${id}::uuid`),
  );
  return rows[0] ?? null;
}

/** The province safety-committee office (安委办) of a place. */
export function provinceSafetyCommittee(tx: Executor, placeCode: string): Promise<AgencyRow | null> {
  return activeAgency(tx, SAFETY_COMMITTEE, placeAt(placeCode, "province"));
}

/** The national desk (国务院安委会办公室), when the directory has it. */
export function nationalDesk(tx: Executor): Promise<AgencyRow | null> {
  return activeAgency(tx, SAFETY_COMMITTEE, COUNTRY);
}

/** Whether an agency has an active account that may triage (the desk rule's "staffed"). */
async function staffed(tx: Executor, agencyId: string): Promise<boolean> {
  const rows = rowsOf<{ one: number }>(
    await tx.execute(sql`select 1 as "one" from staff_accounts s where s.agency_id = ${agencyId}::uuid and s.active and ${inArray(sql`s.role`, [...TRIAGE_ROLES])} limit 1`),
  );
  return rows.length > 0;
}

/**
 * Who owns a tip's desk clock (reminders and escalation of a tip not yet with an agency): the
 * province safety-committee office while it is staffed and outside the region the tip
 * implicates; otherwise the national desk, where the desk rule puts such tips; the province
 * office as before when the directory has no national desk (the callers then apply the
 * conflict-of-interest rule to it, and record what they withheld).
 */
export async function deskClockOwner(tx: Executor, tip: { placeCode: string } & ConflictFacts): Promise<AgencyRow | null> {
  const office = await provinceSafetyCommittee(tx, tip.placeCode);
  if (office && mayBeToldAbout(office.placeCode, tip) && (await staffed(tx, office.id))) return office;
  // Without a national desk the province office stays the owner; callers withhold what it may not be told.
  return (await nationalDesk(tx)) ?? office;
}

export { regionsAbove };

/**
 * The supervising agency of `agency` for a case: the same department type one level up (walking
 * up when that level has none, as routing does, to the national level: provincial-only types
 * such as mine safety are supervised by the national one); otherwise the province
 * safety-committee office, else the national desk. Every agency inside the region the case
 * implicates is skipped (ADR 013): a province-implicated case is supervised at the national level,
 * and null only when the directory has no agency outside the region.
 */
export async function supervisingAgency(tx: Executor, agency: AgencyRow, c: ConflictFacts): Promise<AgencyRow | null> {
  for (const region of regionsAbove(agency.placeCode)) {
    if (!mayBeToldAbout(region, c)) continue;
    const up = await activeAgency(tx, agency.departmentType, region);
    if (up) return up;
  }
  if (agency.placeCode === COUNTRY) return null;
  const found = await provinceSafetyCommittee(tx, agency.placeCode);
  const office = found && mayBeToldAbout(found.placeCode, c) ? found : null;
  if (office && office.id !== agency.id) return office;
  const national = await nationalDesk(tx);
  return national && national.id !== agency.id ? national : office;
}

export async function placeName(tx: Executor, code: string): Promise<string> {
  const rows = rowsOf<{ name: string }>(await tx.execute(sql`select name_zh as "name" from places where code = ${code}`));
  return rows[0]?.name ?? code;
}

export async function sectorName(tx: Executor, code: string): Promise<string> {
  const rows = rowsOf<{ name: string }>(await tx.execute(sql`select name_zh as "name" from sectors where code = ${code}`));
  return rows[0]?.name ?? code;
}

/** Monday of the ISO week containing `iso`, and the ISO week label (e.g. 2026-W10). */
export function isoWeek(iso: string): { monday: string; sunday: string; label: string } {
  const d = new Date(iso + "T00:00:00Z");
  const dow = (d.getUTCDay() + 6) % 7; // Monday 0
  const monday = addDays(iso, -dow);
  const thursday = new Date(addDays(monday, 3) + "T00:00:00Z");
  const year = thursday.getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1);
  const week = Math.floor((thursday.getTime() - jan1) / 86_400_000 / 7) + 1;
  return { monday, sunday: addDays(monday, 6), label: `${year}-W${String(week).padStart(2, "0")}` };
}
