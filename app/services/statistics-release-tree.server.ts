import { sql } from "drizzle-orm";
import type { statisticsReleasePages } from "../../db/schema/index";
import { emptyCounters, LISTED, MEASURES, publishedFigures, publishScopeReport, statisticsWindow, type Counters, type GivenHeadline, type MonthPeriod, type ScopeInput, type ScopeReport } from "../domain/published-statistics";
import { addressPath, levelOf, regionsContaining } from "../domain/places";
import { cellKey, hidingMore, priorCellsOf, protectSiblingsReport, releaseCells, tablesWithheldBefore, type ReleaseCells, type ScopeExtras } from "../domain/release-consistency";
import { NATION_CODE as NATION, STATISTICS_WINDOWS as WINDOWS } from "../domain/statistics-query";
import { queryRows, type Executor } from "../lib/db.server";
import { assembleScope, groupKey, PICK, statisticsWindows, SUMS, type Named, type ScopeLabels, type StatisticsPage } from "./published-statistics.server";

/**
 * The pages of a statistics release as a tree (issue 16, ADR 041/042/043): the country, then each
 * place's children computed together with their parent's published rows as `given` (as /stats's
 * publishChain), audited as siblings against the parent (protectSiblings), then each child's own
 * children; a place is emitted once its children are computed (they may have it hide more). Below a province nothing depends on another province: its subtree can be
 * computed in a thread of its own (./statistics-release-subtrees.server.ts), reading the same
 * snapshot of the data, with the province sent as plain data (SubtreeRoot) and computed again there.
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
  /** Rounds of a parent hiding what its children ask before its table by place is withheld (default MAX_PARENT_ROUNDS). */
  parentRounds?: number;
};

/**
 * A province as a subtree thread is sent it, plain data: by window 0 … WINDOWS, its headline as
 * the country gives it and what it hides and withholds beyond its own suppression (the siblings'
 * audit). From these the thread computes the same publication again, which its children may then
 * have hide more (`PlaceRelease.publishWith`).
 */
export type SubtreeRoot = {
  place: string;
  givens: (GivenHeadline | undefined)[];
  extras: ScopeExtras[];
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
  givens: (GivenHeadline | undefined)[];
  extras: ScopeExtras[];
  /** By window: the headline figures only the parent can protect (publishScopeReport). */
  parentMustHide: string[][];
  /** Publishes window `w` again with these extras (`audited`: the publication they give, already computed). */
  publishWith: (w: number, extras: ScopeExtras, audited?: ScopeReport) => void;
};

/** What a subtree thread needs to compute a place again. */
export function subtreeRootOf(r: PlaceRelease): SubtreeRoot {
  return { place: r.place, givens: r.givens, extras: r.extras };
}

const NO_EXTRAS: ScopeExtras = { hides: [], withhold: [] };
const MAX_PARENT_ROUNDS = 4;

/** The parent a place's page takes its headline from (the chain country → province → city → county). */
function parentOf(place: string): string | null {
  const chain = regionsContaining(place).reverse();
  return chain.length < 2 ? null : chain[chain.length - 2]!;
}

export type ReleaseTree = {
  /** The country's pages (emitted by `settle` or `store`, once its children are computed). */
  nation: () => Promise<PlaceRelease>;
  /** A place's children, computed and audited together (the place may come out hiding more); nothing is emitted. */
  children: (parent: PlaceRelease) => Promise<PlaceRelease[]>;
  /** A place's children and every page below them, then the place, emitted. */
  settle: (place: PlaceRelease) => Promise<void>;
  /** A place's pages, emitted as they are. */
  store: (place: PlaceRelease) => void;
  /** A place computed again from what a subtree thread is sent (the same publication). */
  rebuild: (root: SubtreeRoot) => Promise<PlaceRelease>;
  /** How many places of the release lie below a place (to hand the largest subtrees out first). */
  sizeBelow: (place: string) => number;
};

/**
 * The computation of a release's pages over one transaction's snapshot; each place's rows (one
 * per shown window) go to `emit` as soon as the place and its siblings are audited.
 */
export function releaseTree(tx: Executor, plan: ReleasePlan, names: ReleaseNames, emit: (rows: ReleasePageRow[]) => void): ReleaseTree {
  const windows = releaseWindows(plan.asOf);
  const parentRounds = plan.parentRounds ?? MAX_PARENT_ROUNDS;
  const shownWindows = statisticsWindows(plan.asOf);
  const childrenOf = new Map<string, string[]>();
  for (const place of plan.places) {
    const parent = parentOf(place);
    if (parent !== null) childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), place]);
  }

  /**
   * A place's publication in every window (0 … WINDOWS), its headline given by its parent's rows
   * by place (`givens`), its suppression carried forward from the previous release, hiding and
   * withholding `extras` as well.
   */
  const readPlace = (place: string) => Promise.all([scopeCountersByWindow(tx, place, windows), previousCellsOf(tx, plan.priorNo, place)]);
  const computePlace = async (place: string, givens: (GivenHeadline | undefined)[], read?: ReturnType<typeof readPlace>, extras?: ScopeExtras[]): Promise<PlaceRelease | null> => {
    const label = labelsOf(place, names);
    if (place !== NATION && !label.self) return null;
    const [groups, previous] = await (read ?? readPlace(place));
    const r: PlaceRelease = { place, computed: [], inputs: [], givens, extras: windows.map((_, w) => extras?.[w] ?? NO_EXTRAS), parentMustHide: [], publishWith: () => {} };
    r.publishWith = (w, extra, audited) => {
      r.extras[w] = extra;
      const hides = new Set(extra.hides);
      r.computed[w] = assembleScope({
        scope: place,
        period: windows[w]!,
        groups: groups[w]!,
        label,
        agencyLabels: names.agencies,
        given: givens[w],
        publish: (input) => {
          const prior = previous ? priorCellsOf(previous, w) : undefined;
          const withhold = [...(input.withhold ?? []), ...tablesWithheldBefore(input, prior), ...extra.withhold];
          r.inputs[w] = { ...input, prior, ...(withhold.length ? { withhold } : {}), ...(hides.size ? { hide: (t, k, c) => hides.has(cellKey(t, k, c)) } : {}) };
          const report = audited ?? publishScopeReport(r.inputs[w]!);
          r.parentMustHide[w] = report.parentMustHide;
          return report.published;
        },
      });
    };
    windows.forEach((_, w) => r.publishWith(w, r.extras[w]!));
    return r;
  };
  const givensFrom = (parent: PlaceRelease, place: string) => windows.map((_, w) => parent.computed[w]!.current.breakdowns.place?.rows.find((r) => r.key === place)?.figures);

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
   * on its table by place, so its own children's headlines are as computed). A child's headline
   * figure that only the parent can protect (its other figures unchanged since the previous
   * release, so known) is hidden in the parent's table by place, and the children computed again
   * with that headline: the parent is final, and may be emitted, only once its children are.
   */
  const children = async (parent: PlaceRelease): Promise<PlaceRelease[]> => {
    const codes = (childrenOf.get(parent.place) ?? []).filter((code) => labelsOf(code, names).self);
    // Every child's reads are sent at once (pipelined on the one connection): PostgreSQL answers
    // the next while this thread suppresses the one before. A failed read fails the release
    // where it is awaited; the others are not left unhandled meanwhile.
    const reads = codes.map((code) => readPlace(code));
    for (const r of reads) r.catch(() => {});
    for (let round = 0; ; round++) {
      const out: PlaceRelease[] = [];
      for (let i = 0; i < codes.length; i++) {
        const child = await computePlace(codes[i]!, givensFrom(parent, codes[i]!), reads[i]);
        if (child) out.push(child);
      }
      if (out.length === 0) return out;
      // The last window only gives window WINDOWS-1 its previous year's headline, which is the parent's: nothing to protect there.
      let asked = false;
      for (let w = 0; w < WINDOWS; w++) {
        const reports = protectSiblingsReport(
          { place: parent.place, input: parent.inputs[w]!, published: parent.computed[w]!.current },
          out.map((c) => ({ place: c.place, input: c.inputs[w]!, published: c.computed[w]!.current, parentMustHide: c.parentMustHide[w] })),
        );
        out.forEach((c, i) => {
          const report = reports[i]!;
          if (report.published !== c.computed[w]!.current) c.publishWith(w, { hides: report.hides, withhold: report.withhold }, report);
        });
        if (reports.every((report) => report.parentMustHide.length === 0)) continue;
        // The figures the parent must hide in its table by place, that it does not hide yet.
        const shown = publishedFigures(parent.inputs[w]!, parent.computed[w]!.current);
        const asks = reports.flatMap((report, i) => report.parentMustHide.map((c) => cellKey("place", out[i]!.place, c))).filter((key) => shown.get(key)?.cell.kind === "value");
        if (asks.length === 0) continue;
        asked = true;
        // Should the rounds not end, the parent's table by place is withheld and its rows' listed
        // measures hidden: no figure of a child's headline is shown, nothing more can be asked.
        const last = round >= parentRounds;
        const everyListed = last ? out.flatMap((c) => LISTED.map((m) => cellKey("place", c.place, m))) : [];
        const more = hidingMore(parent.inputs[w]!, parent.computed[w]!.current, [...asks, ...everyListed]);
        parent.publishWith(w, last ? { hides: more.hides, withhold: [...more.withhold, "place"] } : more);
      }
      // Each round hides more of the parent's table by place; a few rounds are enough in practice.
      if (!asked) return out;
      if (round > parentRounds) throw new Error(`statistics release: the children of ${parent.place} still ask it to hide more with its table by place withheld`);
    }
  };

  /** A place's children and everything below them, then the place itself, emitted (a county's page has no children). */
  const settle = async (place: PlaceRelease): Promise<void> => {
    const below = levelOf(place.place) === "county" ? [] : await children(place);
    store(place);
    for (const child of below) await settle(child);
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
    nation: async () => (await computePlace(NATION, windows.map(() => undefined)))!,
    children,
    settle,
    store,
    rebuild: async (root) => {
      const place = await computePlace(root.place, root.givens, undefined, root.extras);
      if (!place) throw new Error(`a statistics release subtree of an unknown place: ${root.place}`);
      return place;
    },
    sizeBelow,
  };
}
