import { sqlClient } from "../lib/db.server";
import {
  addCounters,
  emptyCounters,
  MEASURES,
  monthsOf,
  publishAgencies,
  publishScope,
  statisticsWindow,
  sumCounters,
  type Counters,
  type GivenHeadline,
  type Measure,
  type MonthPeriod,
  type PublishedScope,
  type PublishedAgencyRow,
  type PublishedFigures,
  type PublishedRow,
  type ScopeInput,
} from "../domain/published-statistics";
import { TIP_CHANNELS, type TipChannel } from "../domain/channels";
import { addressPath, levelOf, regionsContaining } from "../domain/places";
import { env } from "../lib/env.server";
import { todayLocal } from "./deadline-common.server";

/**
 * The published statistics of one place (or the whole country, 000000) over one period, read
 * from the rollups (stats_rollup plus stats_pending, the changes not folded in yet: never the cases themselves)
 * and put through app/domain/published-statistics.ts. See docs/decisions/010-statistics-rollups.md.
 *
 * Periods are consecutive 12-month windows ending with the current month (window 0 = the last
 * 12 months, window 1 = the 12 months before, …): a reader cannot choose two overlapping
 * periods and subtract one from the other to uncover a hidden month.
 */

import { NATION_CODE as NATION, STATISTICS_WINDOWS as WINDOWS } from "../domain/statistics-query";
export { NATION };

export type Named = { code: string; nameZh: string; nameEn: string };

export type StatisticsPage = {
  scope: Named & { level: "nation" | "province" | "city" | "county" };
  /** From the country down to the scope's parent. */
  ancestors: Named[];
  period: MonthPeriod;
  windows: MonthPeriod[];
  headline: PublishedFigures;
  previous: PublishedFigures;
  sectors: (PublishedRow & { label: Named })[];
  /** The next level down; `drill` false for the row of cases placed only at the scope's own level. */
  places: (PublishedRow & { label: Named; drill: boolean })[];
  months: PublishedRow[];
  /** How the tips arrived: web, Open311 and the hotline's channels, every channel a row (ADR 020). */
  channels: (PublishedRow & { key: TipChannel })[];
  agencies: { rows: (PublishedAgencyRow & { label: Named })[]; totals: ReturnType<typeof publishAgencies>["totals"] };
  today: string;
};

/** The 12-month windows, newest first. */
export function statisticsWindows(today: string): MonthPeriod[] {
  return Array.from({ length: WINDOWS }, (_, k) => statisticsWindow(today, k));
}

const COLUMNS: Record<Measure, string> = {
  received: "received",
  awaiting: "awaiting",
  rejectedOutOfScope: "rejected_out_of_scope",
  rejectedNoFacts: "rejected_no_facts",
  rejectedDuplicate: "rejected_duplicate",
  rejectedAbusive: "rejected_abusive",
  merged: "merged",
  inProgress: "in_progress",
  substantiated: "substantiated",
  unsubstantiated: "unsubstantiated",
  openNow: "open_now",
  overdueNow: "overdue_now",
  escalated: "escalated",
  returns: "returns",
  withDue: "with_due",
  onTime: "on_time",
  rectifications: "rectifications",
  fined: "fined",
  finesCny: "fines_cny",
  suspensions: "suspensions",
  closures: "closures",
  criminalReferrals: "criminal_referrals",
  officialsHeldAccountable: "officials_held_accountable",
  rectificationItems: "rectification_items",
  rectificationItemsVerified: "rectification_items_verified",
  rectificationItemsOverdue: "rectification_items_overdue",
};
export const SUMS = MEASURES.map((m) => `sum(${COLUMNS[m]})::float8 as "${m}"`).join(", ");
export const PICK = MEASURES.map((m) => COLUMNS[m]).join(", ");

export type Group = { dim: string; key: string; month: string };
type CounterRow = Group & Record<Measure, number>;

/** Counters of a scope over a period, by dimension and key (the "all" rows per month), days-to-conclusion histograms included (not for agencies). */
export async function scopeCounters(scope: string, period: MonthPeriod): Promise<Map<string, Counters>> {
  const client = sqlClient();
  const from = `${period.from}-01`;
  const to = `${period.to}-01`;
  const month = `case when dim = 'all' then to_char(month, 'YYYY-MM') else '' end`;
  const rows = client.unsafe<CounterRow[]>(
    `select dim, key, ${month} as "month", ${SUMS}
     from (select dim, key, month, ${PICK} from stats_rollup where scope = $1 and month between $2::date and $3::date
           union all
           select dim, key, month, ${PICK} from stats_pending where scope = $1 and month between $2::date and $3::date) u
     group by 1, 2, 3`,
    [scope, from, to],
  );
  // Histograms are arrays: summed here rather than in SQL.
  const days = client.unsafe<(Group & { days: number[] })[]>(
    `select dim, key, ${month} as "month", conclusion_days as "days"
     from stats_rollup where scope = $1 and month between $2::date and $3::date and dim <> 'agency' and cardinality(conclusion_days) > 0
     union all
     select dim, key, ${month}, conclusion_days
     from stats_pending where scope = $1 and month between $2::date and $3::date and dim <> 'agency' and cardinality(conclusion_days) > 0`,
    [scope, from, to],
  );
  const out = new Map<string, Counters>();
  for (const r of await rows) {
    const c = emptyCounters();
    for (const m of MEASURES) c[m] = Number(r[m]);
    out.set(groupKey(r), c);
  }
  for (const r of await days) {
    const k = groupKey(r);
    out.set(k, addCounters(out.get(k) ?? emptyCounters(), { ...emptyCounters(), days: r.days }));
  }
  return out;
}

export const groupKey = (g: Group) => `${g.dim}|${g.key}|${g.month}`;

/** Rows of one dimension: key → counters (the "all" dimension: month → counters). */
export function slice(groups: Map<string, Counters>, dim: string): Map<string, Counters> {
  const out = new Map<string, Counters>();
  const prefix = `${dim}|`;
  for (const [k, c] of groups) {
    if (!k.startsWith(prefix)) continue;
    const [key, month] = k.slice(prefix.length).split("|") as [string, string];
    out.set(dim === "all" ? month : key, c);
  }
  return out;
}

const sum = (m: Map<string, Counters>) => sumCounters([...m.values()]);

async function names(scope: string): Promise<{ places: Map<string, Named>; sectors: Named[]; ancestors: Named[]; self: Named | null }> {
  const client = sqlClient();
  // Top down, the scope itself left out (none for a province or the country).
  const ancestorCodes = addressPath(scope).slice(0, -1);
  const [placeRows, sectorRows] = await Promise.all([
    scope === NATION
      ? client<Named[]>`select code, name_zh as "nameZh", name_en as "nameEn" from places where level = 'province'`
      : client<Named[]>`select code, name_zh as "nameZh", name_en as "nameEn" from places where parent_code = ${scope} or code = ${scope} or code in ${client(ancestorCodes.length ? ancestorCodes : [""])}`,
    client<Named[]>`select code, name_zh as "nameZh", name_en as "nameEn" from sectors order by sort_order, code`,
  ]);
  const places = new Map(placeRows.map((p) => [p.code.trim(), { ...p, code: p.code.trim() }]));
  return { places, sectors: sectorRows, ancestors: ancestorCodes.map((c) => places.get(c)).filter((p): p is Named => !!p), self: places.get(scope) ?? null };
}

async function agencyNames(ids: string[]): Promise<Map<string, Named>> {
  if (ids.length === 0) return new Map();
  const rows = await sqlClient()<Named[]>`select id::text as code, name_zh as "nameZh", name_en as "nameEn" from agencies where id in ${sqlClient()(ids)}`;
  return new Map(rows.map((r) => [r.code, r]));
}

export const NATION_NAME: Named = { code: NATION, nameZh: "全国", nameEn: "China (all provinces)" };

/** The data version: stats_delta's sequence moves with every counted change (a stats_change row; and with a rebuild). */
async function statisticsVersion(): Promise<string> {
  const [row] = await sqlClient()<{ v: string }[]>`select last_value::text || ':' || is_called::text as v from stats_delta_id_seq`;
  return row!.v;
}

type Computed = { page: Omit<StatisticsPage, "windows" | "today" | "previous">; current: PublishedScope; input: ScopeInput };

/** The names a scope's page shows: its places (itself, its children, its ancestors), the sectors. */
export type ScopeLabels = { places: Map<string, Named>; sectors: Named[]; ancestors: Named[]; self: Named | null };

/** One scope's publication over a window, its headline as `given` by the parent page. */
async function computeScope(scope: string, period: MonthPeriod, given: GivenHeadline | undefined): Promise<Computed | null> {
  const [groups, label] = await Promise.all([scopeCounters(scope, period), names(scope)]);
  if (scope !== NATION && !label.self) return null;
  const agencyLabels = await agencyNames(agencyKeysOf(groups));
  return assembleScope({ scope, period, groups, label, agencyLabels, given });
}

/** The agencies listed on a page: those with cases or returns in the period. */
export function agencyKeysOf(groups: Map<string, Counters>): string[] {
  return [...slice(groups, "agency").entries()].filter(([, c]) => c.received > 0 || c.returns > 0).map(([k]) => k);
}

/**
 * A scope's page from its counters (`scopeCounters`) and names, with no I/O: /stats and the
 * statistics release (app/services/statistics-release.server.ts) build it alike. `publish` is
 * the suppression (publishScope; the release passes its own, which carries the previous release
 * forward).
 */
export function assembleScope(a: {
  scope: string;
  period: MonthPeriod;
  groups: Map<string, Counters>;
  label: ScopeLabels;
  agencyLabels: Map<string, Named>;
  given: GivenHeadline | undefined;
  publish?: (input: ScopeInput) => PublishedScope;
}): Computed {
  const { scope, period, groups, label, agencyLabels, given } = a;
  const county = scope !== NATION && levelOf(scope) === "county";

  const all = slice(groups, "all");
  const total = sum(all);
  const bySector = slice(groups, "sector");
  const byPlace = slice(groups, "place");
  // Cases placed only at the scope's own level: the rest of the total, so the rows add up.
  const placed = sum(byPlace);
  const remainder = emptyCounters();
  for (const m of MEASURES) remainder[m] = total[m] - placed[m];
  remainder.days = total.days.map((n, i) => n - (placed.days[i] ?? 0));
  const sectorRows = label.sectors.map((s) => ({ key: s.code, counters: bySector.get(s.code) ?? emptyCounters() }));
  const placeRows = [...byPlace.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, counters]) => ({ key, counters }));
  if (scope !== NATION && !county && remainder.received > 0) placeRows.push({ key: scope, counters: remainder });
  const monthRows = monthsOf(period).map((m) => ({ key: m, counters: all.get(m) ?? emptyCounters() }));
  const byChannel = slice(groups, "channel");
  const channelRows = TIP_CHANNELS.map((c) => ({ key: c, counters: byChannel.get(c) ?? emptyCounters() }));
  // The channel table is linked with the others like the sector table (ADR 009/010): a total it hides is hidden in all.
  const breakdowns = [{ name: "sector", rows: sectorRows }, ...(county ? [] : [{ name: "place", rows: placeRows }]), { name: "month", rows: monthRows }, { name: "channel", rows: channelRows }];
  const input: ScopeInput = { total, breakdowns, given };
  const current = (a.publish ?? publishScope)(input);

  const agencyCounters = slice(groups, "agency");
  const agencyKeys = [...agencyCounters.entries()].filter(([, c]) => c.received > 0 || c.returns > 0);
  agencyKeys.sort(([a], [b]) => (agencyLabels.get(a)?.nameZh ?? a).localeCompare(agencyLabels.get(b)?.nameZh ?? b, "zh-CN"));
  const agencies = publishAgencies(agencyKeys.map(([key, counters]) => ({ key, counters })));

  const subNationalLevel = (code: string) => {
    const l = levelOf(code);
    return l === "country" ? "nation" : l;
  };
  const placeLabel = (code: string): Named => label.places.get(code) ?? { code, nameZh: code, nameEn: code };
  const page: Computed["page"] = {
    scope: scope === NATION ? { ...NATION_NAME, level: "nation" } : { ...label.self!, level: subNationalLevel(scope) },
    ancestors: scope === NATION ? [] : [NATION_NAME, ...label.ancestors],
    period,
    headline: current.headline,
    sectors: (current.breakdowns.sector?.rows ?? []).map((r) => ({ ...r, label: label.sectors.find((s) => s.code === r.key)! })),
    places: (current.breakdowns.place?.rows ?? []).map((r) => ({ ...r, label: placeLabel(r.key), drill: r.key !== scope })),
    months: current.breakdowns.month?.rows ?? [],
    channels: (current.breakdowns.channel?.rows ?? []).map((r) => ({ ...r, key: r.key as TipChannel })),
    agencies: { rows: agencies.rows.map((r) => ({ ...r, label: agencyLabels.get(r.key) ?? { code: r.key, nameZh: r.key, nameEn: r.key } })), totals: agencies.totals },
  };
  return { page, current, input };
}

/**
 * Publications by (scope, window, data version): a page is recomputed only when a counted change
 * happened since. The chain of a county page (country → province → city → county) shares its
 * upper levels with every other page below them.
 */
const computed = new Map<string, Promise<Computed | null>>();
const COMPUTED_MAX = 500;

/** The sequence number of a data version ("123:true"); NaN for a `fresh` computation's. */
const sequenceOf = (version: string) => Number(version.split(":")[0]);

/** The newest data version seen: publications of older versions are dropped when a newer one appears. */
let newestVersion = -1;

function cachedScope(version: string, scope: string, period: MonthPeriod, given: GivenHeadline | undefined): Promise<Computed | null> {
  const sequence = sequenceOf(version);
  if (Number.isFinite(sequence) && sequence > newestVersion) {
    // Pages of an older version are never served again (requests still computing one keep their own promises).
    if (newestVersion >= 0) computed.clear();
    newestVersion = sequence;
  }
  const key = `${version}|${scope}|${period.from}`;
  let hit = computed.get(key);
  if (!hit) {
    hit = computeScope(scope, period, given);
    hit.catch(() => computed.delete(key));
    if (computed.size >= COMPUTED_MAX) computed.delete(computed.keys().next().value!);
    computed.set(key, hit);
  }
  return hit;
}

/** The codes from the country down to `scope`. */
function chainTo(scope: string): string[] {
  return regionsContaining(scope).reverse();
}

/** A page as published, with the data version it was computed from and when. */
type Publication = { version: string; at: number; page: StatisticsPage | null };
/** The newest publication of each (place, window, day), the most recently computed last (the oldest leave first). */
const publications = new Map<string, Publication>();
const PUBLICATIONS_MAX = 300;
/** Computations under way, by (place, window, day): one at a time each. */
const refreshing = new Map<string, Promise<Publication>>();

async function publish(version: string, place: string, w: number, today: string): Promise<StatisticsPage | null> {
  // The year-on-year comparison is the previous window's page, exactly as it is published.
  const [current, previous] = await Promise.all([publishChain(version, place, statisticsWindow(today, w)), publishChain(version, place, statisticsWindow(today, w + 1))]);
  if (!current || !previous) return null;
  return { ...current.page, previous: previous.page.headline, windows: statisticsWindows(today), today };
}

function refresh(key: string, version: string, place: string, w: number, today: string): Promise<Publication> {
  const running = refreshing.get(key);
  if (running) return running;
  const at = Date.now();
  const job = publish(version, place, w, today)
    .then((page) => {
      const p: Publication = { version, at, page };
      const known = publications.get(key);
      // A slower computation of an older version never replaces a newer page.
      if (!known || sequenceOf(known.version) <= sequenceOf(version)) {
        publications.delete(key);
        publications.set(key, p);
        if (publications.size > PUBLICATIONS_MAX) publications.delete(publications.keys().next().value!);
      }
      return p;
    })
    .finally(() => refreshing.delete(key));
  refreshing.set(key, job);
  return job;
}

/**
 * The page data of /stats; null when the place does not exist. A place's headline is its row on
 * the parent's page, as published there (computed top-down from the country), so drilling down
 * never shows a figure the level above hides.
 *
 * After a counted change, the page computed before it is still served for up to
 * STATISTICS_MAX_AGE_SECONDS (60) from its computation while the new one is computed in the
 * background: no reader waits for a recomputation (0.6–1.4 s at a million tips) unless the page
 * is older than that or there is none yet. `fresh` computes anew and keeps nothing.
 */
export async function publishedStatistics(opts: { place: string; window: number; now?: Date; fresh?: boolean }): Promise<StatisticsPage | null> {
  const today = todayLocal(opts.now);
  const w = Number.isInteger(opts.window) && opts.window >= 0 && opts.window < WINDOWS ? opts.window : 0;
  if (opts.fresh) return publish(`fresh:${Math.random()}`, opts.place, w, today);
  const version = await statisticsVersion();
  const key = `${opts.place}|${w}|${today}`;
  const known = publications.get(key);
  if (known?.version === version) return known.page;
  const job = refresh(key, version, opts.place, w, today);
  if (known && Date.now() - known.at < env().statisticsMaxAgeSeconds * 1000) {
    job.catch(() => {}); // a failed refresh is retried by the next request
    return known.page;
  }
  return (await job).page;
}

/** Resolves when no publication is being computed (tests; a graceful shutdown). */
export async function statisticsSettled(): Promise<void> {
  while (refreshing.size > 0) await Promise.allSettled([...refreshing.values()]);
}

/** A place's publication, computed (or found) top-down from the country. */
async function publishChain(version: string, place: string, period: MonthPeriod): Promise<Computed | null> {
  const chain = chainTo(place);
  let given: GivenHeadline | undefined;
  for (let i = 0; i < chain.length; i++) {
    const c = await cachedScope(version, chain[i]!, period, given);
    if (!c) return null;
    if (i === chain.length - 1) return c;
    given = c.current.breakdowns.place?.rows.find((r) => r.key === chain[i + 1])?.figures;
  }
  return null;
}

/** Fold the pending deltas into the rollups (the `fold_statistics` job); returns the rows written. */
export async function foldStatistics(): Promise<number> {
  const [row] = await sqlClient()<{ n: number }[]>`select stats_fold() as n`;
  return row?.n ?? 0;
}

/** Recount every rollup from the cases (after a bulk load; `npm run stats:rebuild`). */
export async function rebuildStatistics(): Promise<void> {
  await sqlClient()`select stats_rebuild()`;
}

let homeCache: { at: number; value: { headline: PublishedFigures; period: MonthPeriod } } | null = null;
const HOME_CACHE_MS = 60_000;

/**
 * The country's headline figures of the last 12 months, for the home page. Kept for a minute in
 * this process (the home page is the busiest page).
 */
export async function homeHeadline(now = new Date()): Promise<{ headline: PublishedFigures; period: MonthPeriod }> {
  if (homeCache && now.getTime() - homeCache.at < HOME_CACHE_MS) return homeCache.value;
  const page = (await publishedStatistics({ place: NATION, window: 0, now }))!;
  homeCache = { at: now.getTime(), value: { headline: page.headline, period: page.period } };
  return homeCache.value;
}
