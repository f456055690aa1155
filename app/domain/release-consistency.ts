/**
 * Statistics releases that stay safe when compared (issue 16, docs/decisions/042): a pure module,
 * no I/O.
 *
 * - `releaseCells`: a page's private figures (the true values and which were hidden), stored with
 *   the release so that the next release carries its suppression forward (`ScopeInput.prior`).
 * - `priorCellsOf`: the previous release's figures of a page as `publishScope` looks them up.
 * - `protectSiblings`: the children of one place publish their breakdowns on their own pages, the
 *   parent publishes the same breakdowns summed over them (plus the cases placed only at its own
 *   level) and their totals on its table by place. Each two-way table is safe on its own; together
 *   they form a three-way table (place × row × column) in which a hidden figure may be the only
 *   unknown of some combination. This hides further figures of the children's tables until none is.
 */
import {
  HEADLINE_ROW,
  HEADLINE_TABLE,
  PARTITION,
  PARTITION_COLUMNS,
  partitionValue,
  publishedFigures,
  publishScopeReport,
  type Counters,
  type PriorCells,
  type PublishedFigures,
  type PublishedScope,
  type ScopeInput,
  type ScopeReport,
} from "./published-statistics";
import { determinedUnknowns, MIN_CASES, PRIME, type Cell } from "./suppression";

export { determinedUnknowns };

/** A page's private figures: `${table}|${rowKey}|${column}` → [true value, hidden 0 | 1] (the format of statistics_release_pages.cells). */
export type ReleaseCells = Record<string, [number, 0 | 1]>;

export const cellKey = (table: string, rowKey: string, column: string) => `${table}|${rowKey}|${column}`;

const hiddenFlag = (c: Cell): 0 | 1 => (c.kind === "suppressed" ? 1 : 0);

/**
 * The figures a page publishes from `input`, as `published` shows them: the headline ("total") and
 * every row of every breakdown, each partition column, the cases received and each listed measure.
 * Agencies are not part of a scope's partition and are left out.
 */
export function releaseCells(input: ScopeInput, published: PublishedScope): Record<string, [number, 0 | 1]> {
  const out: ReleaseCells = {};
  for (const [key, f] of publishedFigures(input, published)) out[key] = [f.value, hiddenFlag(f.cell)];
  return out;
}

/**
 * The previous release's figures for the page of window `window` of a place, from that release's
 * pages of the same place by window (undefined where it had none). Every figure is looked up in
 * the page of the same window, except month rows: a month is the same figure whichever window
 * shows it, so one that moved to the next window when the month turned is found where it was.
 * Undefined when the previous release had no page of the place at all.
 */
export function priorCellsOf(previous: readonly (ReleaseCells | undefined)[], window: number): PriorCells | undefined {
  if (!previous.some(Boolean)) return undefined;
  const same = previous[window];
  return (table, rowKey, column) => {
    const key = cellKey(table, rowKey, column);
    const found = same?.[key];
    if (found || table !== "month") return found;
    for (const page of previous) if (page?.[key]) return page[key];
    return undefined;
  };
}

/**
 * The breakdowns the previous release withheld and that are to be withheld again: a zero is never
 * hidden but in a table withheld ("—"), so a table where the previous release hid a zero that is
 * still zero was withheld, and showing it now would show that zero unchanged (ADR 042: an
 * unchanged figure hidden before stays hidden).
 */
export function tablesWithheldBefore(input: ScopeInput, prior: PriorCells | undefined): string[] {
  if (!prior) return [];
  const out: string[] = [];
  for (const b of input.breakdowns) {
    const hidZero = b.rows.some((r) =>
      PARTITION_COLUMNS.some((column) => {
        const value = column === "received" ? r.counters.received : partitionValue(r.counters, column);
        const before = prior(b.name, r.key, column);
        return value === 0 && before !== undefined && before[0] === 0 && before[1] === 1;
      }),
    );
    if (hidZero) out.push(b.name);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Sibling places against their parent

/** One place's page: what it was computed from and what it publishes. */
export type PlacePage = {
  place: string;
  input: ScopeInput;
  published: PublishedScope;
  /** The headline figures only its parent can protect (`publishScopeReport`). */
  parentMustHide?: string[];
};

/** What a page hides (figure keys) and withholds (table names) beyond its own suppression: plain data. */
export type ScopeExtras = { hides: string[]; withhold: string[] };

/** A child's page after the siblings' audit: what it hid and withheld beyond its input, and what its parent must hide. */
export type ProtectedPage = ScopeReport & ScopeExtras;

/** The breakdowns that a place's page and its parent's both publish (the place table is the parent's own). */
export const SIBLING_BREAKDOWNS = ["sector", "month", "channel"] as const;

const COLUMNS = PARTITION_COLUMNS.length;
const RECEIVED = COLUMNS - 1;

/** The published figure of a row at column j (a PARTITION column, or the row total). */
const figureAt = (f: PublishedFigures, j: number): Cell => (j === RECEIVED ? f.received : f.partition[PARTITION[j]!]);
const valueAt = (c: Counters, j: number): number => (j === RECEIVED ? PARTITION.reduce((s, k) => s + partitionValue(c, k), 0) : partitionValue(c, PARTITION[j]!));

/**
 * The children's pages with further figures of their sector, month and channel tables hidden
 * (marked "*"), so that nothing hidden on the children's pages or on the parent's can be worked out
 * by combining them: for each breakdown and each column, a child's interior cells (its page), the
 * parent's cells (the sum over the children plus the parent's own-level remainder, its page), and
 * the children's totals (rows of the parent's table by place), with the received count across the
 * columns. The audit is linear algebra over those equations: a hidden figure is given away when
 * some combination of published figures equals it. Cases placed only at the parent's level are
 * never published by row, so each of their figures is an unknown too; one from 1 to 4 is protected
 * like a hidden figure.
 *
 * Hiding more never reveals more: each child's tables stay safe (a figure hidden here is protected
 * within its table by the child's own suppression, and what it hid before stays hidden). A child
 * table withheld ("—") is left alone. The parent's page is never changed. Returns the children's
 * publications in the order given.
 */
export function protectSiblings(parent: PlacePage, children: readonly PlacePage[]): PublishedScope[] {
  return protectSiblingsReport(parent, children).map((p) => p.published);
}

/** `protectSiblings`, with what each child hid and withheld beyond its input (to publish it again alike) and what its parent must hide. */
export function protectSiblingsReport(parent: PlacePage, children: readonly PlacePage[]): ProtectedPage[] {
  const pages = children.map((c) => ({ ...c }));
  const parentMustHide = children.map((c) => c.parentMustHide ?? []);
  const hides = children.map(() => new Set<string>());
  const withheldTables = children.map(() => new Set<string>());
  for (const name of SIBLING_BREAKDOWNS) {
    const own = parent.input.breakdowns.find((b) => b.name === name);
    if (!own || !parent.published.breakdowns[name]) continue;
    const unfixable = new Set<string>();
    for (;;) {
      const system = siblingSystem(parent, pages, name);
      const given = system.determined().filter((id) => !unfixable.has(id) && system.isTarget(id));
      if (given.length === 0) break;
      const hiddenBefore = pages.map((_, i) => system.hiddenKeysOf(i).length);
      // For each figure given away, hide the cheapest child figure that takes part in the same sums.
      const chosen = new Map<number, Set<string>>();
      const withholding = new Set<number>();
      for (const id of given) {
        const pick = system.cheapestPartner(id, chosen);
        if (!pick) {
          unfixable.add(id);
          continue;
        }
        if (!chosen.has(pick.child)) chosen.set(pick.child, new Set());
        if ("withhold" in pick) withholding.add(pick.child);
        else chosen.get(pick.child)!.add(pick.key);
      }
      if (chosen.size === 0) break;
      for (const [i, keys] of chosen) {
        // Hide again everything this table hid, so that re-suppressing it can only hide more.
        for (const k of system.hiddenKeysOf(i)) hides[i]!.add(k);
        for (const k of keys) hides[i]!.add(k);
        if (withholding.has(i)) withheldTables[i]!.add(name);
        const extra = hides[i]!;
        const before = children[i]!.input.hide;
        const input: ScopeInput = {
          ...children[i]!.input,
          hide: (t, r, c) => extra.has(cellKey(t, r, c)) || (before?.(t, r, c) ?? false),
          withhold: [...(children[i]!.input.withhold ?? []), ...withheldTables[i]!],
        };
        const report = publishScopeReport(input);
        parentMustHide[i] = report.parentMustHide;
        pages[i] = { ...pages[i]!, input, published: report.published };
      }
      // Each round hides at least one more figure; should one not (a figure the child's own
      // suppression cannot hide), its targets are given up rather than tried forever.
      const after = siblingSystem(parent, pages, name);
      if (pages.every((_, i) => after.hiddenKeysOf(i).length === hiddenBefore[i])) for (const id of given) unfixable.add(id);
    }
  }
  return pages.map((p, i) => ({ published: p.published, hides: [...hides[i]!], withhold: [...withheldTables[i]!], parentMustHide: parentMustHide[i]! }));
}

/**
 * A page's input to publish it again hiding `more` as well, and hiding again everything it hides
 * now and withholding what it withholds (so that it only hides more: what was audited against it
 * stays safe).
 */
export function hidingMore(input: ScopeInput, published: PublishedScope, more: Iterable<string>): ScopeExtras {
  const hides = new Set(more);
  const withhold = new Set<string>();
  for (const [key, f] of publishedFigures(input, published)) {
    if (f.cell.kind !== "suppressed") continue;
    const [table, , column] = key.split("|") as [string, string, string];
    if (f.cell.reason !== "withheld") hides.add(key);
    // A table is withheld when its partition figures are. A listed measure's list withheld alone
    // is withheld again by its own suppression (hiding its figures would show its zeros).
    else if (table !== HEADLINE_TABLE && (PARTITION_COLUMNS as readonly string[]).includes(column)) withhold.add(table);
  }
  return { hides: [...hides], withhold: [...withhold] };
}

type Figure = { id: string; hidden: boolean; value: number; child?: number; key?: string; row?: number; column: number; withheld?: boolean };

/** The linear system of one breakdown of a parent and its children: figure ids, equations over them, and which are hidden. */
function siblingSystem(parent: PlacePage, children: readonly PlacePage[], name: string) {
  const parentRows = parent.input.breakdowns.find((b) => b.name === name)!.rows;
  const parentPublished = parent.published.breakdowns[name]!.rows;
  const rowKeys = parentRows.map((r) => r.key);
  const R = rowKeys.length;
  const figures = new Map<string, Figure>();
  const add = (f: Figure) => (figures.set(f.id, f), f.id);
  const cell = (c: Cell, value: number, rest: Omit<Figure, "hidden" | "value">) => add({ ...rest, hidden: c.kind === "suppressed", value, withheld: c.kind === "suppressed" && c.reason === "withheld" });
  const equations: [plus: string[], minus: string[]][] = [];

  // The parent's table by place: its rows are the children and the parent's own level.
  const placeRows = parent.published.breakdowns.place?.rows ?? [];
  const placeCounters = parent.input.breakdowns.find((b) => b.name === "place")?.rows ?? [];
  const ownRow = placeRows.find((r) => r.key === parent.place);
  const ownCounters = placeCounters.find((r) => r.key === parent.place)?.counters;
  // Places in the parent's table without a page here are unknowns like the parent's own level.
  const childAt = new Map(children.map((c, i) => [c.place, i]));
  const layers: { id: string; child?: number; margin: (j: number) => string; cells: (r: number, j: number) => string }[] = [];

  const H = (j: number) => `H|${j}`;
  for (let j = 0; j < COLUMNS; j++) cell(figureAt(parent.published.headline, j), valueAt(parent.input.total, j), { id: H(j), column: j });
  const y = (r: number, j: number) => `y|${r}|${j}`;
  parentRows.forEach((row, r) => {
    for (let j = 0; j < COLUMNS; j++) cell(figureAt(parentPublished[r]!.figures, j), valueAt(row.counters, j), { id: y(r, j), row: r, column: j });
  });

  children.forEach((c, i) => {
    const rows = c.input.breakdowns.find((b) => b.name === name)?.rows ?? [];
    const published = c.published.breakdowns[name]?.rows ?? [];
    const byKey = new Map(rows.map((row, k) => [row.key, { counters: row.counters, figures: published[k]!.figures }]));
    const X = (j: number) => `X${i}|${j}`;
    for (let j = 0; j < COLUMNS; j++) cell(figureAt(c.published.headline, j), valueAt(c.input.total, j), { id: X(j), child: i, column: j });
    const x = (r: number, j: number) => `x${i}|${r}|${j}`;
    rowKeys.forEach((key, r) => {
      const found = byKey.get(key);
      for (let j = 0; j < COLUMNS; j++)
        if (found) cell(figureAt(found.figures, j), valueAt(found.counters, j), { id: x(r, j), child: i, key: cellKey(name, key, PARTITION_COLUMNS[j]!), row: r, column: j });
        else add({ id: x(r, j), hidden: false, value: 0, child: i, row: r, column: j });
    });
    layers.push({ id: `x${i}`, child: i, margin: X, cells: x });
  });
  // Unpublished layers: the parent's own level, and any place of its table without a page here.
  const free: { id: string; counters?: Counters; figures: PublishedFigures }[] = [];
  if (ownRow) free.push({ id: "o", counters: ownCounters, figures: ownRow.figures });
  for (const r of placeRows) if (r.key !== parent.place && !childAt.has(r.key)) free.push({ id: `u${r.key}`, figures: r.figures });
  for (const f of free) {
    const M = (j: number) => `${f.id}M|${j}`;
    for (let j = 0; j < COLUMNS; j++) cell(figureAt(f.figures, j), f.counters ? valueAt(f.counters, j) : 0, { id: M(j), column: j });
    const o = (r: number, j: number) => `${f.id}|${r}|${j}`;
    for (let r = 0; r < R; r++) for (let j = 0; j < COLUMNS; j++) add({ id: o(r, j), hidden: true, value: NaN, row: r, column: j });
    layers.push({ id: f.id, margin: M, cells: o });
  }
  // The own level's true figures, to know which of its unknowns are small: the parent minus its children.
  if (ownRow && children.length === placeRows.length - 1)
    for (let r = 0; r < R; r++)
      for (let j = 0; j < COLUMNS; j++) {
        let v = figures.get(y(r, j))!.value;
        for (let i = 0; i < children.length; i++) v -= figures.get(`x${i}|${r}|${j}`)!.value;
        figures.get(`o|${r}|${j}`)!.value = v;
      }

  const sums = (plus: string[], minus: string[]) => equations.push([plus, minus]);
  const cols = Array.from({ length: COLUMNS - 1 }, (_, j) => j);
  for (const L of layers) {
    for (let r = 0; r < R; r++) sums(cols.map((j) => L.cells(r, j)), [L.cells(r, RECEIVED)]);
    for (let j = 0; j < COLUMNS; j++) sums(rowKeys.map((_, r) => L.cells(r, j)), [L.margin(j)]);
    sums(cols.map((j) => L.margin(j)), [L.margin(RECEIVED)]);
  }
  for (let r = 0; r < R; r++) sums(cols.map((j) => y(r, j)), [y(r, RECEIVED)]);
  for (let j = 0; j < COLUMNS; j++) {
    sums(rowKeys.map((_, r) => y(r, j)), [H(j)]);
    sums(layers.map((L) => L.margin(j)), [H(j)]);
    for (let r = 0; r < R; r++) sums(layers.map((L) => L.cells(r, j)), [y(r, j)]);
  }
  sums(cols.map(H), [H(RECEIVED)]);

  // Unknowns: the hidden figures. A published figure drops out of an equation (it is a constant).
  const ids: string[] = [];
  const index = new Map<string, number>();
  for (const f of figures.values())
    if (f.hidden) {
      index.set(f.id, ids.length);
      ids.push(f.id);
    }
  const rows: Map<number, number>[] = [];
  for (const [plus, minus] of equations) {
    const row = new Map<number, number>();
    for (const [list, sign] of [
      [plus, 1],
      [minus, PRIME - 1],
    ] as [string[], number][])
      for (const id of list) {
        const k = index.get(id);
        if (k !== undefined) row.set(k, (((row.get(k) ?? 0) + sign) % PRIME) as number);
      }
    for (const [k, v] of row) if (v === 0) row.delete(k);
    if (row.size > 0) rows.push(row);
  }

  const equationsOf = new Map<string, number[]>();
  equations.forEach(([plus, minus], e) => {
    for (const g of [...plus, ...minus]) {
      if (!equationsOf.has(g)) equationsOf.set(g, []);
      equationsOf.get(g)!.push(e);
    }
  });
  const withheld = new Set<number>();
  for (const f of figures.values()) if (f.child !== undefined && f.key && f.withheld) withheld.add(f.child);

  return {
    /** The hidden figures some combination of the equations gives exactly. */
    determined(): string[] {
      return determinedUnknowns(ids.length, rows).map((k) => ids[k]!);
    },
    /** A figure that must not be given away: any hidden published figure, and an unknown of the own level from 1 to 4. */
    isTarget(id: string): boolean {
      const f = figures.get(id)!;
      if (f.key === undefined && f.child === undefined && f.row !== undefined && !id.startsWith("y|")) return f.value >= 1 && f.value < MIN_CASES;
      return true;
    },
    /** The hidden figures of child i's table (its keys), to hide again when it is re-suppressed. */
    hiddenKeysOf(i: number): string[] {
      const out: string[] = [];
      for (const f of figures.values()) if (f.child === i && f.key && f.hidden) out.push(f.key);
      return out;
    },
    /**
     * The cheapest shown, non-zero child figure (not in a withheld table) nearest to `id` in the
     * equations: first those in a sum with it (the same row and column in another child, the
     * same child's row and column), then those in a sum with a hidden figure of those sums, and so
     * on — the combination that gives `id` away runs through them.
     */
    cheapestPartner(id: string, chosen: Map<number, Set<string>>): { child: number; key: string } | { child: number; withhold: true } | null {
      const usable = (g: Figure | undefined): g is Figure => !!g && !g.hidden && g.value > 0 && !!g.key && !withheld.has(g.child!) && !chosen.get(g.child!)?.has(g.key);
      const price = (g: Figure) => g.value + MIN_CASES + (g.column === RECEIVED ? 1e6 : g.column >= 2 ? 2 * MIN_CASES : 0);
      const seenEquation = new Set<number>();
      const seenFigure = new Set<string>([id]);
      // A zero cannot be hidden ("*" means 5 or more): when only zeros are left, the nearest one's
      // table is withheld — the figure's own table too, whose shown zeros may be what gives it away.
      let zero: Figure | null = null;
      for (let level = [id]; level.length > 0; ) {
        const next: string[] = [];
        let best: Figure | null = null;
        for (const h of level)
          for (const e of equationsOf.get(h) ?? []) {
            if (seenEquation.has(e)) continue;
            seenEquation.add(e);
            for (const g of [...equations[e]![0]!, ...equations[e]![1]!]) {
              const f = figures.get(g);
              if (usable(f) && (!best || price(f) < price(best) || (price(f) === price(best) && f.id < best.id))) best = f;
              if (!zero && f && !f.hidden && f.value === 0 && f.key && !withheld.has(f.child!)) zero = f;
              if (f?.hidden && !seenFigure.has(g)) {
                seenFigure.add(g);
                next.push(g);
              }
            }
          }
        if (best) return { child: best.child!, key: best.key! };
        level = next;
      }
      return zero ? { child: zero.child!, withhold: true } : null;
    },
  };
}

