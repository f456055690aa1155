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
 * Algorithm (docs/decisions/031): hide the primary figures; then, while the audit finds a pinned
 * figure, hide the cheapest set of visible figures that frees it — a shortest path in the audit's
 * network that closes a cycle through it, hidden figures costing nothing and visible ones what
 * hiding them costs the reader (`hidingCost` by default: the figure's value plus the threshold,
 * totals priced above any set of cells, the shared column totals above row totals; callers pass
 * their own, e.g. to spare the columns a page reads most). Each round hides at least one more
 * figure, so it stops. Then every "*" chosen is shown again, the costliest first, if showing it
 * pins nothing. If a pinned figure cannot be freed even by hiding every non-zero figure (four
 * "<5" cells under a "<5" total are all 1), the whole table is withheld ("—", zeros included),
 * which pins nothing: every figure can then grow along a cycle through the totals.
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
  /**
   * What hiding a figure costs the reader (default `hidingCost`: its value plus the threshold,
   * totals priced far higher). Complementary figures are chosen to protect the table at the least
   * total cost; the cost may depend on what is hidden already (e.g. a rate already lost).
   */
  cost?: (figure: Figure) => number;
  /**
   * The previous release's figure at each position of the grid with margins (its true value and
   * whether it was hidden), undefined where the previous release had none. With it the table is
   * suppressed consistently with that release (docs/decisions/042): a figure hidden there stays
   * hidden (unless it changed and showing it is safe against that release), one shown there with
   * the same value now is never chosen for hiding (every reader knows it), and no figure under the
   * threshold can be worked out from the two releases together.
   */
  prior?: (row: number, column: number) => PriorFigure | undefined;
};

/** A figure as the previous release had it: its true value and whether it was hidden (1) or shown (0). */
export type PriorFigure = readonly [value: number, hidden: 0 | 1];

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

/** The grid with its margins. */
export function withTotals(rows: readonly (readonly number[])[]): number[][] {
  const C = rows[0]?.length ?? 0;
  const body = rows.map((r) => [...r, r.reduce((a, b) => a + b, 0)]);
  const totals = Array.from({ length: C + 1 }, (_, j) => body.reduce((a, r) => a + r[j]!, 0));
  return [...body, totals];
}

// ---------------------------------------------------------------------------------------------
// Choosing what to hide: the cheapest protection

/** Where a figure sits in the grid with margins. */
export type FigurePlace = "cell" | "row total" | "column total" | "grand total";

/** A figure the suppression could hide, and the table as hidden so far (what its cost may depend on). */
export type Figure = {
  row: number;
  column: number;
  value: number;
  place: FigurePlace;
  /** The table's figures (grid with margins) and whether each is hidden at this point. */
  valueAt: (row: number, column: number) => number;
  hiddenAt: (row: number, column: number) => boolean;
};

/**
 * Price of hiding a row total (over its value): the reader loses what a row is about (cases
 * received per sector, place, month), and on a page by place the row total is the next level's
 * headline. Large enough that a total is hidden only when no set of cells protects the table.
 */
export const ROW_TOTAL_PRICE = 1e6;
/**
 * Price of hiding a column total or the grand total: these are the headline, shared by every
 * breakdown of a page (`suppressLinked` hides them in all of them), so a hidden one costs a
 * figure in every table; preferred to anything but another shared total.
 */
export const SHARED_TOTAL_PRICE = 1e9;

/**
 * The default cost of hiding a figure: its value (the cases a reader no longer sees) plus the
 * threshold (a hidden figure is a figure lost, however small), and a total's price.
 */
export function hidingCost(f: Pick<Figure, "value" | "place">, threshold = MIN_CASES): number {
  const base = f.value + threshold;
  if (f.place === "cell") return base;
  return base + (f.place === "row total" ? ROW_TOTAL_PRICE : SHARED_TOTAL_PRICE);
}

function placeOf(i: number, j: number, R: number, C: number): FigurePlace {
  if (i === R) return j === C ? "grand total" : "column total";
  return j === C ? "row total" : "cell";
}

/** A binary min-heap of (cost, node) pairs; ties go to the smaller node, so choices are deterministic. */
class Heap {
  private readonly items: [number, number][] = [];
  get size() {
    return this.items.length;
  }
  private static less(a: [number, number], b: [number, number]) {
    return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
  }
  push(item: [number, number]) {
    const h = this.items;
    h.push(item);
    for (let k = h.length - 1; k > 0; ) {
      const up = (k - 1) >> 1;
      if (!Heap.less(h[k]!, h[up]!)) break;
      [h[k], h[up]] = [h[up]!, h[k]!];
      k = up;
    }
  }
  pop(): [number, number] {
    const h = this.items;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      for (let k = 0; ; ) {
        const l = 2 * k + 1;
        const r = l + 1;
        let m = k;
        if (l < h.length && Heap.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && Heap.less(h[r]!, h[m]!)) m = r;
        if (m === k) break;
        [h[k], h[m]] = [h[m]!, h[k]!];
        k = m;
      }
    }
    return top;
  }
}

type Costing = {
  threshold: number;
  keep?: (row: number, column: number) => boolean;
  cost: (f: Figure) => number;
  /** Only these figures, hidden or not, may be on the path (default: all). */
  usable?: (row: number, column: number) => boolean;
};

/**
 * The cheapest set of visible figures whose hiding lets the hidden figure at `target` move (a
 * cycle through it in the audit's network, `moveFigure`): a shortest path in which a hidden
 * figure costs nothing and a visible non-zero one (not kept) what `cost` says, able to move as a
 * "*" would (never below the threshold). Null when no such set exists, even hiding everything.
 */
function cheapestProtection(grid: readonly number[][], hidden: Hidden, target: [number, number], how: Costing): [number, number][] | null {
  const R = grid.length - 1;
  const C = grid[0]!.length - 1;
  const { threshold } = how;
  const [ti, tj] = target;
  const priced = new Map<number, number>();
  const view = { valueAt: (i: number, j: number) => grid[i]![j]!, hiddenAt: (i: number, j: number) => hidden[i]![j] !== null };
  /** The cost of using figure (i, j) with y moved by dy, or null when it cannot be used. */
  const price = (i: number, j: number, dy: 1 | -1): number | null => {
    if ((i === ti && j === tj) || (how.usable && !how.usable(i, j))) return null;
    const reason = hidden[i]![j];
    const v = grid[i]![j]!;
    const x = v + dy * signAt(i, j, R, C);
    if (reason) {
      const [lo, hi] = bounds(reason, threshold);
      return x >= lo && x <= hi ? 0 : null;
    }
    if (v === 0 || x < threshold || how.keep?.(i, j)) return null;
    const k = i * (C + 1) + j;
    let c = priced.get(k);
    if (c === undefined) {
      c = how.cost({ row: i, column: j, value: v, place: placeOf(i, j, R, C), ...view });
      priced.set(k, c);
    }
    return c;
  };
  const canMove = (dy: 1 | -1) => {
    const [lo, hi] = bounds(hidden[ti]![tj]!, threshold);
    const x = grid[ti]![tj]! + dy * signAt(ti, tj, R, C);
    return x >= lo && x <= hi;
  };
  let best: { cost: number; figures: [number, number][] } | null = null;
  for (const dy of [1, -1] as const) {
    if (!canMove(dy)) continue;
    // As in moveFigure: nodes are rows 0..R and columns R+1..R+1+C; row → column raises y, column → row lowers it.
    const start = dy === 1 ? R + 1 + tj : ti;
    const goal = dy === 1 ? ti : R + 1 + tj;
    const dist = new Float64Array(R + C + 2).fill(Number.POSITIVE_INFINITY);
    const via = new Map<number, { from: number; i: number; j: number }>();
    const heap = new Heap();
    dist[start] = 0;
    heap.push([0, start]);
    while (heap.size > 0) {
      const [d, node] = heap.pop();
      if (d > dist[node]!) continue;
      if (node === goal) break;
      const step = (to: number, i: number, j: number, c: number | null) => {
        if (c === null || d + c >= dist[to]!) return;
        dist[to] = d + c;
        via.set(to, { from: node, i, j });
        heap.push([d + c, to]);
      };
      if (node <= R) for (let j = 0; j <= C; j++) step(R + 1 + j, node, j, price(node, j, 1));
      else {
        const j = node - R - 1;
        for (let i = 0; i <= R; i++) step(i, i, j, price(i, j, -1));
      }
    }
    if (!Number.isFinite(dist[goal]!) || (best && dist[goal]! >= best.cost)) continue;
    const figures: [number, number][] = [];
    for (let node = goal; node !== start; ) {
      const p = via.get(node)!;
      if (!hidden[p.i]![p.j]) figures.push([p.i, p.j]);
      node = p.from;
    }
    best = { cost: dist[goal]!, figures };
  }
  return best ? best.figures : null;
}

/** The figures (as row × width + column) that move with the hidden figure at `target` in some consistent table, or null when it is pinned. */
function witnessOf(grid: readonly number[][], hidden: Hidden, target: [number, number], threshold: number): number[] | null {
  const alt = moveFigure(grid, hidden, target, threshold);
  if (!alt) return null;
  const width = grid[0]!.length;
  const out: number[] = [];
  for (let i = 0; i < grid.length; i++) for (let j = 0; j < width; j++) if (alt[i]![j] !== grid[i]![j]) out.push(i * width + j);
  return out;
}

function suppressGrid(grid: number[][], threshold: number, force?: (row: number, column: number) => boolean, keep?: (row: number, column: number) => boolean, cost?: (f: Figure) => number, prior?: (row: number, column: number) => PriorFigure | undefined): Hidden {
  const before = prior ? new Release(grid, prior, threshold) : null;
  // Hidden in the previous release: hidden again (a zero cannot be: the audit below decides whether showing it is safe).
  const hidden: Hidden = grid.map((r, i) => r.map((v, j) => (isSmall(v, threshold) ? "small" : v !== 0 && (force?.(i, j) || before?.wasHidden(i, j)) ? "complementary" : null)));
  // Shown in the previous release with the same value: every reader knows it, hiding it protects nothing.
  const keepShown = before ? (i: number, j: number) => before.knownShown(i, j) || (keep?.(i, j) ?? false) : keep;
  const how: Costing = { threshold, keep: keepShown, cost: cost ?? ((f) => hidingCost(f, threshold)) };
  const movable = new Set<number>();
  const chosen: [number, number][] = [];
  const withheldGrid = (): Hidden => grid.map((r) => r.map(() => "withheld"));
  // Protect each pinned figure in turn (row by row) with the cheapest figures that free it.
  for (;;) {
    const d = firstDisclosed(grid, hidden, threshold, movable);
    let more: [number, number][] | null;
    if (d) more = cheapestProtection(grid, hidden, d, how);
    else {
      // Then against the previous release: a figure under the threshold that the two releases
      // together pin. Only figures that changed can protect it (an unchanged one moves in both
      // releases alike); when none can, the table is withheld.
      const j = before?.firstPinned(hidden);
      if (!j) break;
      more = j.changed ? cheapestProtection(grid, hidden, j.target, { ...how, usable: (a, b) => before!.changed(a, b) }) : null;
      if (more?.length === 0) more = null;
    }
    // Not even hiding every non-zero figure frees it (e.g. four "<5" cells under a "<5" total
    // must all be 1): withhold the whole table, zeros included.
    if (!more) return withheldGrid();
    for (const [i, j] of more) {
      hidden[i]![j] = "complementary";
      chosen.push([i, j]);
    }
  }
  // A figure hidden early may have become unnecessary once later ones were hidden: show again
  // each chosen figure (the costliest first) whose showing pins nothing, until every "*" chosen
  // is needed (showing one again could make another unnecessary, hence the repeat). Each hidden
  // figure keeps a witness (a cycle that moves it); showing a figure re-checks only the hidden
  // figures whose witness ran through it.
  const R = grid.length - 1;
  const C = grid[0]!.length - 1;
  const width = C + 1;
  const witnesses = new Map<number, number[]>();
  for (let i = 0; i <= R; i++) for (let j = 0; j <= C; j++) if (hidden[i]![j]) witnesses.set(i * width + j, witnessOf(grid, hidden, [i, j], threshold)!);
  const view = { valueAt: (i: number, j: number) => grid[i]![j]!, hiddenAt: (i: number, j: number) => hidden[i]![j] !== null };
  let ranked = chosen
    .map(([i, j]) => ({ i, j, c: how.cost({ row: i, column: j, value: grid[i]![j]!, place: placeOf(i, j, R, C), ...view }) }))
    .sort((a, b) => b.c - a.c || a.i - b.i || a.j - b.j);
  for (let shown = true; shown; ) {
    shown = false;
    for (const { i, j } of ranked) {
      const key = i * width + j;
      hidden[i]![j] = null;
      const renewed = new Map<number, number[]>();
      let needed = false;
      for (const [h, cycle] of witnesses) {
        if (h === key || !cycle.includes(key)) continue;
        const w = witnessOf(grid, hidden, [Math.floor(h / width), h % width], threshold);
        if (!w) {
          needed = true;
          break;
        }
        renewed.set(h, w);
      }
      if (needed || (before && before.firstPinned(hidden))) {
        hidden[i]![j] = "complementary";
        continue;
      }
      witnesses.delete(key);
      for (const [h, w] of renewed) witnesses.set(h, w);
      shown = true;
    }
    ranked = ranked.filter(({ i, j }) => hidden[i]![j]);
  }
  // A figure hidden only because the previous release hid it is shown again when its value has
  // changed and showing it pins nothing, in this release or in the two together (the costliest
  // first). An unchanged one never is: showing it would give the previous release's figure away.
  if (before) {
    const again: { i: number; j: number; c: number }[] = [];
    for (let i = 0; i <= R; i++)
      for (let j = 0; j <= C; j++)
        if (hidden[i]![j] === "complementary" && before.wasHidden(i, j) && before.changed(i, j) && !force?.(i, j) && !chosen.some(([a, b]) => a === i && b === j))
          again.push({ i, j, c: how.cost({ row: i, column: j, value: grid[i]![j]!, place: placeOf(i, j, R, C), ...view }) });
    again.sort((a, b) => b.c - a.c || a.i - b.i || a.j - b.j);
    for (const { i, j } of again) {
      hidden[i]![j] = null;
      if (firstDisclosed(grid, hidden, threshold) || before.firstPinned(hidden)) hidden[i]![j] = "complementary";
    }
  }
  return hidden;
}

/**
 * The previous release of a table, and the audit of the two releases together. An attacker knows
 * both releases' published figures and, at worst, which figures did not change (x₁ = x₂ for
 * those). A hidden figure under the threshold is safe when some pair of tables consistent with
 * both releases moves it. Three kinds of move are looked for, each a cycle in the audit's network
 * (`moveFigure`): one that moves both releases alike, through figures hidden in both and within
 * both releases' markers; one that moves the new release alone, through hidden figures that
 * changed (an unchanged figure must move in both); and one that moves the previous release alone,
 * through the figures it hid that changed since. Other moves exist (the two releases moving
 * differently through unchanged figures), so the audit may find a figure pinned that is not: it
 * then hides more than it must, never less.
 */
class Release {
  private readonly value: (number | undefined)[][];
  private readonly hiddenThen: boolean[][];
  private readonly R: number;
  private readonly C: number;
  constructor(
    private readonly grid: readonly number[][],
    prior: (row: number, column: number) => PriorFigure | undefined,
    private readonly threshold: number,
  ) {
    this.R = grid.length - 1;
    this.C = grid[0]!.length - 1;
    const figures = grid.map((r, i) => r.map((_, j) => prior(i, j)));
    this.value = figures.map((r) => r.map((f) => f?.[0]));
    this.hiddenThen = figures.map((r) => r.map((f) => f?.[1] === 1));
  }
  wasHidden(i: number, j: number): boolean {
    return this.hiddenThen[i]![j]!;
  }
  /** A figure the previous release did not have counts as changed. */
  changed(i: number, j: number): boolean {
    return this.value[i]![j] !== this.grid[i]![j];
  }
  knownShown(i: number, j: number): boolean {
    return this.value[i]![j] !== undefined && !this.hiddenThen[i]![j] && !this.changed(i, j);
  }
  /** What the previous release's marker told the attacker (its reason is not kept: the tightest one its value allows). */
  private boundsThen(i: number, j: number): [number, number] {
    const v = this.value[i]![j]!;
    return v === 0 ? [0, Number.POSITIVE_INFINITY] : bounds(isSmall(v, this.threshold) ? "small" : "complementary", this.threshold);
  }
  private moves(target: [number, number], canShift: (i: number, j: number, dy: 1 | -1) => boolean): boolean {
    return cycleThrough(this.R, this.C, target, canShift);
  }
  /** The first figure under the threshold (hidden now, or hidden in the previous release) that the two releases pin; `changed` says whether hiding changed figures could free it. */
  firstPinned(hidden: Hidden): { target: [number, number]; changed: boolean } | null {
    const { R, C, grid, threshold } = this;
    const within = (lo: number, hi: number, x: number) => x >= lo && x <= hi;
    const now = (i: number, j: number, dy: 1 | -1) => {
      const reason = hidden[i]![j];
      if (!reason) return false;
      const [lo, hi] = bounds(reason, threshold);
      return within(lo, hi, grid[i]![j]! + dy * signAt(i, j, R, C));
    };
    const then = (i: number, j: number, dy: 1 | -1) => {
      if (!this.hiddenThen[i]![j]) return false;
      const [lo, hi] = this.boundsThen(i, j);
      return within(lo, hi, this.value[i]![j]! + dy * signAt(i, j, R, C));
    };
    const both = (i: number, j: number, dy: 1 | -1) => now(i, j, dy) && then(i, j, dy);
    const newAlone = (i: number, j: number, dy: 1 | -1) => this.changed(i, j) && now(i, j, dy);
    const oldAlone = (i: number, j: number, dy: 1 | -1) => this.changed(i, j) && then(i, j, dy);
    for (let i = 0; i <= R; i++)
      for (let j = 0; j <= C; j++) {
        const smallNow = hidden[i]![j] === "small";
        const v = this.value[i]![j];
        const smallThen = this.hiddenThen[i]![j] && v !== undefined && isSmall(v, threshold);
        if (!smallNow && !smallThen) continue;
        const t: [number, number] = [i, j];
        const changed = this.changed(i, j);
        const together = hidden[i]![j] !== null && this.hiddenThen[i]![j]! && this.moves(t, both);
        const safeNow = !smallNow || together || (changed && this.moves(t, newAlone));
        const safeThen = !smallThen || together || (changed && this.moves(t, oldAlone));
        if (safeNow && safeThen) continue;
        // Hiding more in the new release can only add moves of the new release alone.
        return { target: t, changed: safeThen && changed };
      }
    return null;
  }
}

/** Whether some cycle through `target` can shift it by ±1, each figure on it able to shift as `canShift` says (the network of `moveFigure`). */
function cycleThrough(R: number, C: number, target: [number, number], canShift: (i: number, j: number, dy: 1 | -1) => boolean): boolean {
  const [ti, tj] = target;
  for (const dy of [1, -1] as const) {
    if (!canShift(ti, tj, dy)) continue;
    const start = dy === 1 ? R + 1 + tj : ti;
    const goal = dy === 1 ? ti : R + 1 + tj;
    const seen = new Uint8Array(R + C + 2);
    seen[start] = 1;
    const queue = [start];
    for (let head = 0; head < queue.length && !seen[goal]; head++) {
      const node = queue[head]!;
      if (node <= R) {
        for (let j = 0; j <= C; j++) {
          const to = R + 1 + j;
          if (!seen[to] && !(node === ti && j === tj) && canShift(node, j, 1)) (seen[to] = 1), queue.push(to);
        }
      } else {
        const j = node - R - 1;
        for (let i = 0; i <= R; i++) if (!seen[i] && !(i === ti && j === tj) && canShift(i, j, -1)) (seen[i] = 1), queue.push(i);
      }
    }
    if (seen[goal]) return true;
  }
  return false;
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
  const hidden = suppressGrid(grid, threshold, opts.force, opts.keep, opts.cost, opts.prior);
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
  opts: SuppressionOptions & {
    hiddenTotals?: Iterable<number>;
    keepTotals?: Iterable<number>;
    /** Options of one table (by index), e.g. its previous release or figures it must hide. */
    each?: (table: number) => Pick<SuppressionOptions, "force" | "prior">;
  } = {},
): SuppressedTable[] {
  const forced = new Set<number>(opts.hiddenTotals ?? []);
  const kept = new Set<number>(opts.keepTotals ?? []);
  const { each, ...shared } = opts;
  for (;;) {
    const results = tables.map((rows, t) => {
      const R = rows.length;
      const own = each?.(t) ?? {};
      return suppressTable(rows, {
        ...shared,
        prior: own.prior ?? shared.prior,
        force: (i, j) => (i === R && forced.has(j)) || (shared.force?.(i, j) ?? false) || (own.force?.(i, j) ?? false),
        keep: (i, j) => (i === R && kept.has(j)) || (shared.keep?.(i, j) ?? false),
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
// Linear algebra modulo a prime

/** A prime near 2³¹: with equations of ±1 coefficients, a dependency that holds modulo it but not over the rationals is practically impossible. */
export const PRIME = 2147483647;
const P = PRIME;

function mul(a: number, b: number): number {
  // Exact in doubles: split b into 16-bit halves so no product exceeds 2⁵³.
  return (((a * (b >>> 16)) % P) * 65536 + a * (b & 0xffff)) % P;
}

function inverse(a: number): number {
  let result = 1;
  let base = a % P;
  for (let e = P - 2; e > 0; e = Math.floor(e / 2)) {
    if (e % 2 === 1) result = mul(result, base);
    base = mul(base, base);
  }
  return result;
}

/** A deterministic generator of non-zero residues (the audit must give the same answer every time). */
function residues(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return 1 + (s % (P - 1));
  };
}

/**
 * The unknowns (0 … n−1) that the equations `rows` (sparse, coefficients modulo P, right-hand
 * sides left out) fix: those that are zero in every solution of the homogeneous system. Found by
 * elimination and two random solutions: an unknown some solution moves is non-zero in a random
 * one except with probability 1/P, so a figure is called fixed wrongly (hidden needlessly) with
 * probability about 1/P², never the other way round.
 */
export function determinedUnknowns(n: number, rows: readonly Map<number, number>[]): number[] {
  const pivotOf = new Map<number, number>(); // unknown → index in `basis`
  const basis: { pivot: number; row: Map<number, number>; inverse: number }[] = [];
  for (const source of rows) {
    const row = new Map(source);
    for (;;) {
      // Eliminate the earliest basis row's pivot first: a basis row only brings in later pivots, so this ends.
      let hit = -1;
      let first = Number.POSITIVE_INFINITY;
      for (const k of row.keys()) {
        const at = pivotOf.get(k);
        if (at !== undefined && at < first) (first = at), (hit = k);
      }
      if (hit < 0) break;
      const b = basis[pivotOf.get(hit)!]!;
      // row −= (row[hit] / b[hit]) · b
      const factor = mul(row.get(hit)!, b.inverse);
      for (const [k, v] of b.row) {
        const next = ((row.get(k) ?? 0) - mul(factor, v) + P) % P;
        if (next === 0) row.delete(k);
        else row.set(k, next);
      }
    }
    if (row.size === 0) continue;
    const pivot = row.keys().next().value!;
    pivotOf.set(pivot, basis.length);
    basis.push({ pivot, row, inverse: inverse(row.get(pivot)!) });
  }
  const fixed = new Set<number>(Array.from({ length: n }, (_, k) => k).filter((k) => pivotOf.has(k)));
  for (const seed of [0x5eed, 0xc0ffee]) {
    const next = residues(seed);
    const z = new Float64Array(n);
    for (let k = 0; k < n; k++) if (!pivotOf.has(k)) z[k] = next();
    // A basis row holds its pivot, free unknowns and pivots of later rows: solve from the last.
    for (let b = basis.length - 1; b >= 0; b--) {
      const { pivot, row } = basis[b]!;
      let s = 0;
      for (const [k, v] of row) if (k !== pivot) s = (s + mul(v, z[k]!)) % P;
      z[pivot] = mul((P - s) % P, basis[b]!.inverse);
    }
    for (const k of [...fixed]) if (z[k] !== 0) fixed.delete(k);
  }
  return [...fixed].sort((a, b) => a - b);
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
