import { sql } from "drizzle-orm";
import type { statisticsReleasePages } from "../../db/schema/index";
import { emptyCounters, MEASURES, publishScope, statisticsWindow, type Counters, type GivenHeadline, type MonthPeriod, type PublishedScope, type ScopeInput } from "../domain/published-statistics";
import { addressPath, levelOf, regionsContaining } from "../domain/places";
import { priorCellsOf, protectSiblings, releaseCells, tablesWithheldBefore, type ReleaseCells } from "../domain/release-consistency";
import { NATION_CODE as NATION, STATISTICS_WINDOWS as WINDOWS } from "../domain/statistics-query";
import { queryRows, type Executor } from "../lib/db.server";
import { assembleScope, groupKey, PICK, statisticsWindows, SUMS, type Named, type ScopeLabels, type StatisticsPage } from "./published-statistics.server";

/**
 * The pages of a statistics release as a tree (issue 16, ADR 041/042/043): the country, then each
 * place's children computed together with their parent's published rows as `given` (as /stats's
 * publishChain), audited as siblings against the parent (protectSiblings), emitted, then each
 * child's own children. Below a province nothing depends on another province: its subtree can be
 * computed in a thread of its own (./statistics-release-subtrees.server.ts), reading the same
 * snapshot of the data, with the parent sent as plain data (ParentPages).
 */

export type ReleasePageRow = typeof statisticsReleasePages.$inferInsert;

/** What every part of one release's computation shares: plain data, which a thread can be sent. */
export type ReleasePlan = {
  releaseNo: number;
  asOf: string;
  /** The previous published release, whose private cells are carried forward (null: none). */
  priorNo: number | null;
  /** The country and every place with cases in a stored window, in code order (top-down). */
  places: string[];
};

/** A place's publication as its children's computation needs it, in every window 0 … WINDOWS: plain data. */
export type ParentPages = {
  place: string;
  inputs: Pick<ScopeInput, "total" | "breakdowns">[];
  current: PublishedScope[];
};

export type ReleaseNames = { places: Map<string, Named>; sectors: Named[]; agencies: Map<string, Named> };

export async function loadReleaseNames(tx: Executor): Promise<ReleaseNames> {
  const [placeRows, sectors, agencyRows] = await Promise.all([
    queryRows<Named>(tx, sql`select trim(code) as code, name_zh as "nameZh", name_en as "nameEn" from places`),
    queryRows<Named>(tx, sql`select code, name_zh as "nameZh", name_en as "nameEn" from sectors order by sort_order, code`),
    queryRows<Named>(tx, sql`select id::text as code, name_zh as "nameZh", name_en as "nameEn" from agencies`),
  ]);
  return { places: new Map(placeRows.map((p) => [p.code, p])), sectors, agencies: new Map(agencyRows.map((a) => [a.code, a])) };
}

/** A scope's labels as /stats's `names(scope)` gives them, from the names of every place. */
function labelsOf(scope: string, names: ReleaseNames): ScopeLabels {
  const ancestors = addressPath(scope)
    .slice(0, -1)
    .map((c) => names.places.get(c))
    .filter((p): p is Named => !!p);
  return { places: names.places, sectors: names.sectors, ancestors, self: scope === NATION ? null : (names.places.get(scope) ?? null) };
}

/** Windows 0 … WINDOWS of a release: the last only for the previous year's headline of window WINDOWS-1. */
export function releaseWindows(asOf: string): MonthPeriod[] {
  return Array.from({ length: WINDOWS + 1 }, (_, k) => statisticsWindow(asOf, k));
}

type CounterRow = { w: number; dim: string; key: string; month: string } & Record<(typeof MEASURES)[number], number>;

/**
 * A scope's counters in each window 0 … n-1 at once (one read of its rollup rows, not one per
 * window): the same groups as /stats's `scopeCounters` gives for each window alone.
 */
async function scopeCountersByWindow(tx: Executor, scope: string, windows: readonly MonthPeriod[]): Promise<Map<string, Counters>[]> {
  const from = `${windows[windows.length - 1]!.from}-01`;
  const to = `${windows[0]!.to}-01`;
  // Consecutive windows, newest first: a month's window is the first whose start it is not before.
  const w = sql.raw(`case ${windows.map((p, i) => `when month >= '${p.from}-01'::date then ${i}`).join(" ")} end`);
  const month = sql.raw(`case when dim = 'all' then to_char(month, 'YYYY-MM') else '' end`);
  const [rows, days] = await Promise.all([
    queryRows<CounterRow>(
      tx,
      sql`select ${w} as w, dim, key, ${month} as "month", ${sql.raw(SUMS)}
          from (select dim, key, month, ${sql.raw(PICK)} from stats_rollup where scope = ${scope} and month between ${from}::date and ${to}::date
                union all
                select dim, key, month, ${sql.raw(PICK)} from stats_pending where scope = ${scope} and month between ${from}::date and ${to}::date) u
          group by 1, 2, 3, 4`,
    ),
    // Histograms are arrays: summed here rather than in SQL.
    queryRows<{ w: number; dim: string; key: string; month: string; days: number[] }>(
      tx,
      sql`select ${w} as w, dim, key, ${month} as "month", conclusion_days as "days"
          from stats_rollup where scope = ${scope} and month between ${from}::date and ${to}::date and dim <> 'agency' and cardinality(conclusion_days) > 0
          union all
          select ${w}, dim, key, ${month}, conclusion_days
          from stats_pending where scope = ${scope} and month between ${from}::date and ${to}::date and dim <> 'agency' and cardinality(conclusion_days) > 0`,
    ),
  ]);
  const out = windows.map(() => new Map<string, Counters>());
  for (const r of rows) {
    const c = emptyCounters();
    for (const m of MEASURES) c[m] = Number(r[m]);
    out[r.w]!.set(groupKey(r), c);
  }
  for (const r of days) {
    const groups = out[r.w]!;
    const k = groupKey(r);
    const c = groups.get(k) ?? emptyCounters();
    const n = Math.max(c.days.length, r.days.length);
    c.days = Array.from({ length: n }, (_, i) => (c.days[i] ?? 0) + (r.days[i] ?? 0));
    groups.set(k, c);
  }
  return out;
}

/** The previous release's cells of a place by window (null when it had no page of the place). */
async function previousCellsOf(tx: Executor, priorNo: number | null, place: string): Promise<(ReleaseCells | undefined)[] | null> {
  if (priorNo === null) return null;
  const rows = await queryRows<{ windowNo: number; cells: ReleaseCells }>(
    tx,
    sql`select window_no as "windowNo", cells from statistics_release_pages where release_no = ${priorNo} and place_code = ${place}`,
  );
  if (rows.length === 0) return null;
  const out: (ReleaseCells | undefined)[] = Array.from({ length: WINDOWS }, () => undefined);
  for (const r of rows) out[r.windowNo] = r.cells;
  return out;
}

/** One place's pages as they are computed: each window's publication and the input it was published from (with the previous release's cells). */
export type PlaceRelease = {
  place: string;
  computed: ReturnType<typeof assembleScope>[];
  inputs: ScopeInput[];
  /** The page of window `w` again, with another publication (the siblings' audit hid more). */
  assemble: (w: number, publish: (input: ScopeInput) => PublishedScope) => ReturnType<typeof assembleScope>;
};

/** What a place's children need of it: its inputs without the previous release's lookups (functions), and its publications. */
export function parentPagesOf(r: PlaceRelease): ParentPages {
  return { place: r.place, inputs: r.inputs.map((i) => ({ total: i.total, breakdowns: i.breakdowns })), current: r.computed.map((c) => c.current) };
}

/** The parent a place's page takes its headline from (the chain country → province → city → county). */
function parentOf(place: string): string | null {
  const chain = regionsContaining(place).reverse();
  return chain.length < 2 ? null : chain[chain.length - 2]!;
}

export type ReleaseTree = {
  /** The country's pages, emitted. */
  nation: () => Promise<PlaceRelease>;
  /** A place's children, computed and audited together, emitted; returned for their own children. */
  children: (parent: ParentPages) => Promise<PlaceRelease[]>;
  /** Every page below a place, emitted. */
  below: (parent: ParentPages) => Promise<void>;
  /** How many places of the release lie below a place (to hand the largest subtrees out first). */
  sizeBelow: (place: string) => number;
};

/**
 * The computation of a release's pages over one transaction's snapshot; each place's rows (one
 * per shown window) go to `emit` as soon as the place and its siblings are audited.
 */
export function releaseTree(tx: Executor, plan: ReleasePlan, names: ReleaseNames, emit: (rows: ReleasePageRow[]) => void): ReleaseTree {
  const windows = releaseWindows(plan.asOf);
  const shownWindows = statisticsWindows(plan.asOf);
  const childrenOf = new Map<string, string[]>();
  for (const place of plan.places) {
    const parent = parentOf(place);
    if (parent !== null) childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), place]);
  }

  /** A place's publication in every window (0 … WINDOWS), its headline given by its parent's rows by place, its suppression carried forward from the previous release. */
  const readPlace = (place: string) => Promise.all([scopeCountersByWindow(tx, place, windows), previousCellsOf(tx, plan.priorNo, place)]);
  const computePlace = async (place: string, parent: ParentPages | null, read?: ReturnType<typeof readPlace>): Promise<PlaceRelease | null> => {
    const label = labelsOf(place, names);
    if (place !== NATION && !label.self) return null;
    const [groups, previous] = await (read ?? readPlace(place));
    const inputs: ScopeInput[] = [];
    const assemble = (w: number, publish: (input: ScopeInput) => PublishedScope) => {
      const given: GivenHeadline | undefined = parent?.current[w]!.breakdowns.place?.rows.find((r) => r.key === place)?.figures;
      return assembleScope({ scope: place, period: windows[w]!, groups: groups[w]!, label, agencyLabels: names.agencies, given, publish });
    };
    const computed = windows.map((_, w) =>
      assemble(w, (input) => {
        const prior = previous ? priorCellsOf(previous, w) : undefined;
        const withheld = tablesWithheldBefore(input, prior);
        inputs[w] = { ...input, prior, ...(withheld.length ? { withhold: [...(input.withhold ?? []), ...withheld] } : {}) };
        return publishScope(inputs[w]!);
      }),
    );
    return { place, computed, inputs, assemble };
  };

  const store = (r: PlaceRelease) => {
    const rows: ReleasePageRow[] = [];
    for (let w = 0; w < WINDOWS; w++) {
      const c = r.computed[w]!;
      const page: StatisticsPage = { ...c.page, previous: r.computed[w + 1]!.page.headline, windows: shownWindows, today: plan.asOf };
      rows.push({ releaseNo: plan.releaseNo, placeCode: r.place, windowNo: w, page, cells: releaseCells(r.inputs[w]!, c.current) });
    }
    emit(rows);
  };

  /**
   * A parent's children, all computed before any is emitted: their tables are audited together
   * against the parent's (protectSiblings, ADR 042), which may hide more on a child's page (never
   * on its table by place, so its own children's headlines are as computed).
   */
  const children = async (parent: ParentPages): Promise<PlaceRelease[]> => {
    const out: PlaceRelease[] = [];
    const codes = (childrenOf.get(parent.place) ?? []).filter((code) => labelsOf(code, names).self);
    // Every child's reads are sent at once (pipelined on the one connection): PostgreSQL answers
    // the next while this thread suppresses the one before. A failed read fails the release
    // where it is awaited; the others are not left unhandled meanwhile.
    const reads = codes.map((code) => readPlace(code));
    for (const r of reads) r.catch(() => {});
    for (let i = 0; i < codes.length; i++) {
      const child = await computePlace(codes[i]!, parent, reads[i]);
      if (child) out.push(child);
    }
    if (out.length === 0) return out;
    // The last window only gives window WINDOWS-1 its previous year's headline, which is the parent's: nothing to protect there.
    for (let w = 0; w < WINDOWS; w++) {
      const protectedScopes = protectSiblings(
        { place: parent.place, input: parent.inputs[w]!, published: parent.current[w]! },
        out.map((c) => ({ place: c.place, input: c.inputs[w]!, published: c.computed[w]!.current })),
      );
      out.forEach((c, i) => {
        if (protectedScopes[i] !== c.computed[w]!.current) c.computed[w] = c.assemble(w, () => protectedScopes[i]!);
      });
    }
    for (const child of out) store(child);
    return out;
  };

  const below = async (parent: ParentPages): Promise<void> => {
    for (const child of await children(parent)) if (levelOf(child.place) !== "county") await below(parentPagesOf(child));
  };

  const sizes = new Map<string, number>();
  const sizeBelow = (place: string): number => {
    let n = sizes.get(place);
    if (n === undefined) {
      n = 0;
      for (const c of childrenOf.get(place) ?? []) n += 1 + sizeBelow(c);
      sizes.set(place, n);
    }
    return n;
  };

  return {
    nation: async () => {
      const nation = (await computePlace(NATION, null))!;
      store(nation);
      return nation;
    },
    children,
    below,
    sizeBelow,
  };
}
