/**
 * Small-count suppression for published statistics (docs/domain.md "Anonymity rules", "Published
 * statistics"): a pure module, no I/O.
 *
 * - Primary suppression: every published count from 1 to 4 — cell or total — is hidden and shown
 *   as "<5". Zero is published as 0 (an empty cell names nobody).
 * - Complementary suppression: further cells (or totals) are hidden, shown as "*" (footnote:
 *   "hidden so that a '<5' cannot be worked out by subtraction"), until no hidden figure can be
 *   recovered exactly from what is published. Complementary cells are always ≥ 5 (cells 1–4 are
 *   already primary and zeros are never hidden), so "*" honestly tells a reader "5 or more"; the
 *   audit below assumes the attacker knows exactly that: "<5" ∈ [1, 4], "*" ∈ [5, ∞).
 * - Figures over cases (rates, medians, percentiles) are only given over at least 5 cases.
 *
 * The table with its margins is an (R+1)×(C+1) grid: row i < R, column j < C are the cells,
 * column C the row totals, row R the column totals, (R, C) the grand total. Each of its R+1 rows
 * and C+1 columns is a "line" whose cells add up to its total. An attacker who sees a line with
 * exactly one hidden figure gets it by subtraction; more generally, a hidden figure is disclosed
 * when every table consistent with the published view (lines add up, hidden figures within what
 * their marker says) gives it the same value. The audit decides this exactly: after writing
 * y = −x for the marginal totals (not the grand total) every line reads "sum of y = 0", hidden
 * figures are edges between their row and column, and a figure can change by ±1 in some
 * consistent table iff a cycle through it alternates +1/−1 within the bounds (a residual cycle
 * of a network flow), which a breadth-first search finds.
 *
 * Algorithm: hide the primary figures; then repeat — if some line has exactly one hidden figure,
 * also hide the smallest non-zero visible figure of that line (cells before totals); otherwise, if
 * the audit finds a disclosed figure, hide the smallest non-zero visible figure of its row or
 * column (or, failing that, of the whole table) — until nothing changes. Each round hides one
 * more figure, so it stops. If a figure is still pinned when every non-zero figure is hidden
 * (four "<5" cells under a "<5" total are all 1), the whole table is withheld ("—", zeros
 * included), which pins nothing: every figure can then grow along a cycle through the totals.
 */

export type SuppressionReason = "small" | "complementary" | "withheld";
export type Cell = { kind: "value"; value: number } | { kind: "suppressed"; reason: SuppressionReason };

export type SuppressedTable = {
  cells: Cell[][];
  rowTotals: Cell[];
  columnTotals: Cell[];
  grandTotal: Cell;
};

export type SuppressionOptions = {
  /** Smallest count shown as a number (default 5: counts 1..threshold−1 are hidden). */
  threshold?: number;
  /**
   * Figures of the grid with margins (row `rows.length` = column totals, column `C` = row
   * totals) that must be hidden from the start, e.g. totals another published table hides
   * (see `suppressLinked`). A forced non-zero figure is marked complementary unless it is small.
   */
  force?: (row: number, column: number) => boolean;
  /**
   * Figures that are published elsewhere and so must stay visible here (e.g. totals a parent page
   * shows): never chosen for complementary suppression; if nothing else can protect the table, it
   * is withheld.
   */
  keep?: (row: number, column: number) => boolean;
};

export const MIN_CASES = 5;
export const SMALL_MARKER = "<5";
export const COMPLEMENTARY_MARKER = "*";
export const COMPLEMENTARY_FOOTNOTE = "* hidden so that a figure under 5 cannot be worked out by subtraction (5 or more)";
export const WITHHELD_MARKER = "—";
export const WITHHELD_FOOTNOTE = "— too few cases to publish this table without identifying anyone";

const isSmall = (v: number, threshold: number) => v >= 1 && v < threshold;

function checkCounts(values: readonly number[]): void {
  for (const v of values) if (!Number.isInteger(v) || v < 0) throw new RangeError(`counts must be non-negative integers, got ${v}`);
}

// ---------------------------------------------------------------------------------------------
// The grid and its audit

type Hidden = (SuppressionReason | null)[][];

/** The attacker's bounds for a figure with this marker. */
function bounds(reason: SuppressionReason, threshold: number): [number, number] {
  if (reason === "withheld") return [0, Number.POSITIVE_INFINITY];
  return reason === "small" ? [1, threshold - 1] : [threshold, Number.POSITIVE_INFINITY];
}

/** Sign of y = sign·x for the figure at (i, j) of an (R+1)×(C+1) grid. */
const signAt = (i: number, j: number, R: number, C: number) => ((i === R) !== (j === C) ? -1 : 1);

/**
 * Look for a consistent table in which the hidden figure at `target` differs from `grid` by 1.
 * Returns the alternative grid or null (the figure is disclosed).
 */
/** The hidden figures of each row and of each column, in ascending order (the audit's arcs). */
type Adjacency = { byRow: number[][]; byColumn: number[][] };

function adjacency(hidden: Hidden): Adjacency {
  const byRow: number[][] = hidden.map(() => []);
  const byColumn: number[][] = hidden[0]!.map(() => []);
  for (let i = 0; i < hidden.length; i++)
    for (let j = 0; j < hidden[i]!.length; j++)
      if (hidden[i]![j]) {
        byRow[i]!.push(j);
        byColumn[j]!.push(i);
      }
  return { byRow, byColumn };
}

function moveFigure(grid: readonly number[][], hidden: Hidden, target: [number, number], threshold: number, adj: Adjacency = adjacency(hidden)): number[][] | null {
  const R = grid.length - 1;
  const C = grid[0]!.length - 1;
  // Nodes: rows 0..R, then columns R+1..R+1+C. Arcs: the hidden figures only (a visible one cannot move).
  const rowNode = (i: number) => i;
  const colNode = (j: number) => R + 1 + j;
  const canShift = (i: number, j: number, dy: 1 | -1) => {
    const reason = hidden[i]![j];
    if (!reason) return false;
    const [lo, hi] = bounds(reason, threshold);
    const x = grid[i]![j]! + dy * signAt(i, j, R, C);
    return x >= lo && x <= hi;
  };
  const [ti, tj] = target;
  for (const dy of [1, -1] as const) {
    if (!canShift(ti, tj, dy)) continue;
    // Increasing y at (ti,tj) is the arc row→col; close the cycle with a path col→row (and the reverse for a decrease).
    const start = dy === 1 ? colNode(tj) : rowNode(ti);
    const goal = dy === 1 ? rowNode(ti) : colNode(tj);
    const parent = new Map<number, { from: number; i: number; j: number; dy: 1 | -1 }>();
    const seen = new Set<number>([start]);
    const queue = [start];
    for (let head = 0; head < queue.length && !seen.has(goal); head++) {
      const node = queue[head]!;
      const out: { to: number; i: number; j: number; dy: 1 | -1 }[] = [];
      if (node <= R) {
        for (const j of adj.byRow[node]!) if (!(node === ti && j === tj) && canShift(node, j, 1)) out.push({ to: colNode(j), i: node, j, dy: 1 });
      } else {
        const j = node - R - 1;
        for (const i of adj.byColumn[j]!) if (!(i === ti && j === tj) && canShift(i, j, -1)) out.push({ to: rowNode(i), i, j, dy: -1 });
      }
      for (const arc of out) {
        if (seen.has(arc.to)) continue;
        seen.add(arc.to);
        parent.set(arc.to, { from: node, i: arc.i, j: arc.j, dy: arc.dy });
        queue.push(arc.to);
      }
    }
    if (!seen.has(goal)) continue;
    const alt = grid.map((r) => [...r]);
    alt[ti]![tj]! += dy * signAt(ti, tj, R, C);
    for (let node = goal; node !== start; ) {
      const p = parent.get(node)!;
      alt[p.i]![p.j]! += p.dy * signAt(p.i, p.j, R, C);
      node = p.from;
    }
    return alt;
  }
  return null;
}

/**
 * The first hidden figure (row by row) that no consistent table can move, or null. `movable`
 * remembers the figures found movable: hiding more figures only adds ways to move one, so within
 * one suppression they need not be checked again.
 */
function firstDisclosed(grid: readonly number[][], hidden: Hidden, threshold: number, movable: Set<number> = new Set()): [number, number] | null {
  const adj = adjacency(hidden);
  const width = grid[0]!.length;
  for (let i = 0; i < grid.length; i++)
    for (const j of adj.byRow[i]!) {
      if (movable.has(i * width + j)) continue;
      if (!moveFigure(grid, hidden, [i, j], threshold, adj)) return [i, j];
      movable.add(i * width + j);
    }
  return null;
}

/** The smallest non-zero visible figure among `positions` (cells before totals on ties), or null. */
function smallestVisible(grid: readonly number[][], hidden: Hidden, positions: [number, number][], keep?: (row: number, column: number) => boolean): [number, number] | null {
  const R = grid.length - 1;
  const C = grid[0]!.length - 1;
  let best: [number, number] | null = null;
  const key = ([i, j]: [number, number]) => [grid[i]![j]!, i === R || j === C ? 1 : 0, i, j] as const;
  const less = (a: readonly number[], b: readonly number[]) => {
    for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k]! < b[k]!;
    return false;
  };
  for (const p of positions) {
    if (hidden[p[0]]![p[1]] || grid[p[0]]![p[1]] === 0 || keep?.(p[0], p[1])) continue;
    if (!best || less(key(p), key(best))) best = p;
  }
  return best;
}

const rowLine = (i: number, C: number): [number, number][] => Array.from({ length: C + 1 }, (_, j) => [i, j]);
const colLine = (j: number, R: number): [number, number][] => Array.from({ length: R + 1 }, (_, i) => [i, j]);

/** The grid with its margins. */
export function withTotals(rows: readonly (readonly number[])[]): number[][] {
  const C = rows[0]?.length ?? 0;
  const body = rows.map((r) => [...r, r.reduce((a, b) => a + b, 0)]);
  const totals = Array.from({ length: C + 1 }, (_, j) => body.reduce((a, r) => a + r[j]!, 0));
  return [...body, totals];
}

function suppressGrid(grid: number[][], threshold: number, force?: (row: number, column: number) => boolean, keep?: (row: number, column: number) => boolean): Hidden {
  const R = grid.length - 1;
  const C = grid[0]!.length - 1;
  const hidden: Hidden = grid.map((r, i) => r.map((v, j) => (isSmall(v, threshold) ? "small" : v !== 0 && force?.(i, j) ? "complementary" : null)));
  const lines = [...Array.from({ length: R + 1 }, (_, i) => rowLine(i, C)), ...Array.from({ length: C + 1 }, (_, j) => colLine(j, R))];
  const movable = new Set<number>();
  for (;;) {
    let next: [number, number] | null = null;
    // 1. A line with exactly one hidden figure gives it away by subtraction.
    for (const line of lines) {
      if (line.filter(([i, j]) => hidden[i]![j]).length !== 1) continue;
      next = smallestVisible(grid, hidden, line, keep);
      if (next) break;
    }
    // 2. The exact audit (cycles, bounds from the markers).
    if (!next) {
      const d = firstDisclosed(grid, hidden, threshold, movable);
      if (!d) return hidden;
      next = smallestVisible(grid, hidden, [...rowLine(d[0], C), ...colLine(d[1], R)], keep) ?? smallestVisible(grid, hidden, lines.flat(), keep);
      // Everything non-zero is hidden and a figure is still pinned (e.g. four "<5" cells under a
      // "<5" total must all be 1): withhold the whole table, zeros included.
      if (!next) return grid.map((r) => r.map(() => "withheld"));
    }
    hidden[next[0]]![next[1]] = "complementary";
  }
}

const toCell = (value: number, reason: SuppressionReason | null): Cell => (reason ? { kind: "suppressed", reason } : { kind: "value", value });

/**
 * Suppress a two-way table of counts (rows × columns, every row the same length) and its row,
 * column and grand totals.
 */
export function suppressTable(rows: readonly (readonly number[])[], opts: SuppressionOptions = {}): SuppressedTable {
  const threshold = opts.threshold ?? MIN_CASES;
  const C = rows[0]?.length ?? 0;
  if (rows.some((r) => r.length !== C)) throw new RangeError("every row must have the same number of columns");
  rows.forEach(checkCounts);
  if (rows.length === 0 || C === 0) {
    const rowTotals = rows.map(() => toCell(0, null));
    return { cells: rows.map(() => []), rowTotals, columnTotals: Array.from({ length: C }, () => toCell(0, null)), grandTotal: toCell(0, null) };
  }
  const grid = withTotals(rows);
  const hidden = suppressGrid(grid, threshold, opts.force, opts.keep);
  const R = rows.length;
  return {
    cells: rows.map((r, i) => r.map((v, j) => toCell(v, hidden[i]![j]!))),
    rowTotals: rows.map((_, i) => toCell(grid[i]![C]!, hidden[i]![C]!)),
    columnTotals: Array.from({ length: C }, (_, j) => toCell(grid[R]![j]!, hidden[R]![j]!)),
    grandTotal: toCell(grid[R]![C]!, hidden[R]![C]!),
  };
}

/** The published view as a grid of cells with its margins, in the layout of `withTotals`. */
export function publishedGrid(t: SuppressedTable): Cell[][] {
  return [...t.cells.map((r, i) => [...r, t.rowTotals[i]!]), [...t.columnTotals, t.grandTotal]];
}

/**
 * A table consistent with the published `table` (same visible figures, hidden figures within
 * their markers' bounds, every line adding up) in which the hidden figure at (row, column) of the
 * grid with margins differs from the truth; null when there is none, i.e. when it is disclosed.
 * Row `rows.length` holds the column totals and column `rows[0].length` the row totals.
 */
export function alternativeTable(rows: readonly (readonly number[])[], table: SuppressedTable, row: number, column: number, opts: SuppressionOptions = {}): number[][] | null {
  const grid = withTotals(rows);
  const hidden: Hidden = publishedGrid(table).map((r) => r.map((c) => (c.kind === "suppressed" ? c.reason : null)));
  if (!hidden[row]?.[column]) return null;
  return moveFigure(grid, hidden, [row, column], opts.threshold ?? MIN_CASES);
}

/**
 * Suppress several tables that break the same figures down in different ways (by sector, by
 * place, by month): every table has the same columns and the same column totals, which are
 * published once. A column total hidden in one table is hidden in all of them, so no table gives
 * away what another hides; repeated until no table hides a further total. `hiddenTotals` are
 * hidden from the start and `keepTotals` never hidden (column indices; the column count stands
 * for the grand total), e.g. the figures a parent page hides and shows.
 */
export function suppressLinked(
  tables: readonly (readonly (readonly number[])[])[],
  opts: SuppressionOptions & { hiddenTotals?: Iterable<number>; keepTotals?: Iterable<number> } = {},
): SuppressedTable[] {
  const forced = new Set<number>(opts.hiddenTotals ?? []);
  const kept = new Set<number>(opts.keepTotals ?? []);
  for (;;) {
    const results = tables.map((rows) => {
      const R = rows.length;
      return suppressTable(rows, {
        ...opts,
        force: (i, j) => (i === R && forced.has(j)) || (opts.force?.(i, j) ?? false),
        keep: (i, j) => (i === R && kept.has(j)) || (opts.keep?.(i, j) ?? false),
      });
    });
    const before = forced.size;
    for (const t of results) {
      t.columnTotals.forEach((c, j) => c.kind === "suppressed" && forced.add(j));
      if (t.grandTotal.kind === "suppressed") forced.add(t.columnTotals.length);
    }
    if (forced.size === before) return results;
  }
}

export type SuppressedList = { values: Cell[]; total: Cell };

/**
 * Suppress a list of counts published with its total (one line). `total` defaults to the sum; a
 * larger total (an unlisted remainder that is not published) is allowed and treated as a further
 * figure of the line, so it is hidden or published by the same rules.
 */
export function suppressList(values: readonly number[], total?: number, opts: SuppressionOptions = {}): SuppressedList {
  checkCounts(values);
  const sum = values.reduce((a, b) => a + b, 0);
  const t = total ?? sum;
  checkCounts([t]);
  if (t < sum) throw new RangeError(`total ${t} is less than the sum of the values ${sum}`);
  // A list is a one-row table; the columns are the items, so the column totals repeat the cells
  // and carry no information: suppress a 1×n table with a remainder column when there is one.
  const row = t > sum ? [...values, t - sum] : [...values];
  if (row.length === 0) return { values: [], total: toCell(0, null) };
  const s = suppressTable([row], opts);
  return { values: s.cells[0]!.slice(0, values.length), total: s.rowTotals[0]! };
}

// ---------------------------------------------------------------------------------------------
// Figures over cases

export type RateOptions = {
  /** Fewest cases (denominator) a rate is given over (default 5). */
  minCases?: number;
  /**
   * Also withhold the rate when the numerator or the remainder (denominator − numerator) is
   * from 1 to 4: with a published denominator, the rate gives that count away. Default false.
   */
  protectParts?: boolean;
};

/** numerator / denominator, or null over fewer than 5 cases. */
export function rate(numerator: number, denominator: number, opts: RateOptions = {}): number | null {
  const min = opts.minCases ?? MIN_CASES;
  if (!(denominator >= min) || numerator < 0 || numerator > denominator) return null;
  if (opts.protectParts && (isSmall(numerator, min) || isSmall(denominator - numerator, min))) return null;
  return numerator / denominator;
}

const finite = (values: readonly number[]) => values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);

/** The median (mean of the middle two for an even count), or null over fewer than 5 values. */
export function medianOf(values: readonly number[], minCases = MIN_CASES): number | null {
  const v = finite(values);
  if (v.length < minCases || v.length === 0) return null;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 === 1 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

/** The p-th percentile (0 < p ≤ 100) by nearest rank, or null over fewer than 5 values. */
export function percentile(values: readonly number[], p: number, minCases = MIN_CASES): number | null {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  const v = finite(values);
  if (v.length < minCases || v.length === 0) return null;
  return v[Math.ceil((p / 100) * v.length) - 1]!;
}

// ---------------------------------------------------------------------------------------------
// Rendering

/** "<5" for a small count, "*" for a complementary suppression, "—" for a withheld table, else the number. */
/** One number format per locale: building an Intl.NumberFormat costs far more than using one (a /stats page formats thousands of cells). */
const numberFormats = new Map<string, Intl.NumberFormat>();

export function formatCell(cell: Cell, locale = "zh-CN"): string {
  if (cell.kind === "suppressed") return cell.reason === "small" ? SMALL_MARKER : cell.reason === "complementary" ? COMPLEMENTARY_MARKER : WITHHELD_MARKER;
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    numberFormats.set(locale, format);
  }
  return format.format(cell.value);
}
