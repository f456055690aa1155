import { calendarDays, settings } from "../../db/schema/index";
import { DEFAULT_SETTINGS } from "../../db/seed/reference-data";
import { addDays, addWorkingDays, calendarFrom, type Calendar } from "../domain/working-days";
import { db } from "./db.server";

/**
 * Rules that are data (deadlines, holiday calendar), read from the database and cached for a
 * minute: an administrator's change takes effect without a restart.
 */
type Rules = { settings: Record<string, unknown>; calendar: Calendar; loadedAt: number };
let cache: Rules | undefined;

export async function rules(): Promise<Rules> {
  if (cache && Date.now() - cache.loadedAt < 60_000) return cache;
  const [s, days] = await Promise.all([db().select().from(settings), db().select().from(calendarDays)]);
  cache = {
    settings: Object.fromEntries(s.map((r) => [r.key, r.value])),
    calendar: calendarFrom(days),
    loadedAt: Date.now(),
  };
  return cache;
}

export function clearRulesCache() {
  cache = undefined;
}

export async function numberSetting(key: keyof typeof DEFAULT_SETTINGS): Promise<number> {
  const v = (await rules()).settings[key];
  return typeof v === "number" ? v : DEFAULT_SETTINGS[key];
}

/**
 * The deadline of a clock started `today` (docs/domain.md "Deadlines"): triage and acceptance in
 * working days over the holiday calendar, conclusion in calendar days. The one place that pairs
 * each clock with its setting.
 */
export async function deadlineFrom(today: string, clock: "triage" | "acceptance" | "conclusion"): Promise<string> {
  if (clock === "conclusion") return addDays(today, await numberSetting("deadline.conclusion_days"));
  const days = await numberSetting(clock === "triage" ? "deadline.triage_working_days" : "deadline.acceptance_working_days");
  return addWorkingDays(today, days, (await rules()).calendar);
}
