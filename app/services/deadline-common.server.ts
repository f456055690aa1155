import { TRIAGE_STATES } from "../domain/case-state";
import { mayBeToldAbout, type ConflictFacts } from "../domain/permissions";
import { sql } from "drizzle-orm";
import { addDays, localDate } from "../domain/working-days";
import type { Executor } from "../lib/db.server";
import { env } from "../lib/env.server";

/**
 * What the deadline jobs (reminders, escalation, digest) and the supervision page share.
 * Being overdue is not a state: it is a deadline passed in one of these open states.
 */
export const AGENCY_CLOCK_STATES = ["assigned", "accepted", "investigating", "rectifying"] as const;
/** The desk's clock (triage decision), owned by the province safety-committee office. */
export const DESK_CLOCK_STATES = TRIAGE_STATES;
export const DEADLINE_STATES = [...AGENCY_CLOCK_STATES, ...DESK_CLOCK_STATES] as const;

/** The states a weekly digest counts as open for an agency (its inbox, less closed). */
export const DIGEST_OPEN_STATES = ["assigned", "accepted", "investigating", "concluded", "rectifying", "verified", "under_review"] as const;

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

/** Whole days from `from` to `to` (ISO dates). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to + "T00:00:00Z") - Date.parse(from + "T00:00:00Z")) / 86_400_000);
}

export { addDays };

export type AgencyRow = { id: string; departmentType: string; placeCode: string; nameZh: string; nameEn: string; inboxEmail: string };

function rowsOf<T>(r: unknown): T[] {
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

/** The province safety-committee office (安委办) of a place: the desk and the fallback owner. */
export function provinceSafetyCommittee(tx: Executor, placeCode: string): Promise<AgencyRow | null> {
  return activeAgency(tx, "safety_committee", placeCode.slice(0, 2) + "0000");
}

/** The regions above a place, nearest first: county → city → province. */
export function regionsAbove(placeCode: string): string[] {
  const city = placeCode.slice(0, 4) + "00";
  const province = placeCode.slice(0, 2) + "0000";
  if (placeCode === province) return [];
  if (placeCode === city) return [province];
  return [city, province];
}

/**
 * The supervising agency of `agency` for a case: the same department type one level up (walking
 * up when that level has none, as routing does); otherwise the province safety-committee office.
 * Every agency inside the region the case implicates is skipped (ADR 013): null when no agency
 * outside it is left (a province-implicated case, until a national level exists).
 */
export async function supervisingAgency(tx: Executor, agency: AgencyRow, c: ConflictFacts): Promise<AgencyRow | null> {
  for (const region of regionsAbove(agency.placeCode)) {
    if (!mayBeToldAbout(region, c)) continue;
    const up = await activeAgency(tx, agency.departmentType, region);
    if (up) return up;
  }
  const office = await provinceSafetyCommittee(tx, agency.placeCode);
  return office && mayBeToldAbout(office.placeCode, c) ? office : null;
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
