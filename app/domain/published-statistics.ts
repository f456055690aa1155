/**
 * From rollup counters to the published (suppressed) statistics: a pure module, no I/O. The
 * counters are sums of each case's contribution (db/migrations/0008: view stats_case_facts, the
 * definitions are in docs/domain.md "Published statistics"); this module
 * decides what may be shown.
 *
 * Every breakdown of a scope (by sector, by place, by month) is a table whose columns partition
 * the cases received: not taken up (rejected or merged), pending (awaiting triage or in
 * progress), substantiated (incl. partly), unsubstantiated — few columns, so that few cells are
 * small. The headline adds the detail of the first two (rejection reasons, merged; awaiting, in
 * progress) as lists whose totals are the headline's. Row totals are the cases received per row,
 * column totals the headline figures. The three tables share their column totals, so they are
 * suppressed together (`suppressLinked`). Subtotals (accepted, concluded, rejected) are shown only
 * when every part is shown; rates only when both parts are shown (or, for the on-time rate, over
 * at least 5 cases with both parts 0 or ≥ 5); medians and percentiles over at least 5 cases.
 * Counts outside the partition (open now, overdue now, escalated, returns, actions) are
 * suppressed column by column as lists with their total. Complementary figures are chosen where
 * they cost the reader least (docs/decisions/031): "not taken up" and "pending" before the parts
 * of "concluded", cells before totals.
 */
import type { RejectionReason } from "./case-state";
import { determinedUnknowns, hidingCost, PRIME, rate, suppressLinked, suppressList, suppressTable, type Cell, type Figure, type PriorFigure, type SuppressedTable, type SuppressionOptions, MIN_CASES } from "./suppression";

export const MEASURES = [
  "received",
  "awaiting",
  "rejectedOutOfScope",
  "rejectedNoFacts",
  "rejectedDuplicate",
  "rejectedAbusive",
  "merged",
  "inProgress",
  "substantiated",
  "unsubstantiated",
  "openNow",
  "overdueNow",
  "escalated",
  "returns",
  "withDue",
  "onTime",
  "rectifications",
  "fined",
  "finesCny",
  "suspensions",
  "closures",
  "criminalReferrals",
  "officialsHeldAccountable",
  // Rectification items (docs/decisions/037): over concluded cases, the items ordered, verified, and overdue now.
  "rectificationItems",
  "rectificationItemsVerified",
  "rectificationItemsOverdue",
] as const;
export type Measure = (typeof MEASURES)[number];

/** Summed counters of a group of cases, with the histogram of days to conclusion (index = days). */
export type Counters = Record<Measure, number> & { days: number[] };

/** The columns that partition the cases received, in table order. */
export const PARTITION = ["notTakenUp", "pending", "substantiated", "unsubstantiated"] as const;
export type PartitionColumn = (typeof PARTITION)[number];
/** The counter of each rejection reason (the rollups' rejected_<reason> columns). */
export const REJECTION_MEASURES = {
  out_of_scope: "rejectedOutOfScope",
  no_facts: "rejectedNoFacts",
  duplicate: "rejectedDuplicate",
  abusive: "rejectedAbusive",
} as const satisfies Record<RejectionReason, Measure>;
const REJECTED = [REJECTION_MEASURES.out_of_scope, REJECTION_MEASURES.no_facts, REJECTION_MEASURES.duplicate, REJECTION_MEASURES.abusive] as const;
/** What the first two partition columns are made of (published in the headline only). */
export const DETAIL = { notTakenUp: [...REJECTED, "merged"], pending: ["awaiting", "inProgress"] } as const;
export type DetailMeasure = (typeof DETAIL)[keyof typeof DETAIL][number];

/** A partition column's count. */
export function partitionValue(c: Counters, k: PartitionColumn): number {
  if (k === "substantiated" || k === "unsubstantiated") return c[k];
  return DETAIL[k].reduce((s, m) => s + c[m], 0);
}

/** Counts published column by column as a list with its total. */
export const LISTED = [
  "openNow",
  "overdueNow",
  "escalated",
  "returns",
  "rectifications",
  "suspensions",
  "closures",
  "criminalReferrals",
  "officialsHeldAccountable",
  "rectificationItems",
  "rectificationItemsVerified",
  "rectificationItemsOverdue",
] as const;
export type ListedMeasure = (typeof LISTED)[number];

export function emptyCounters(): Counters {
  return { ...(Object.fromEntries(MEASURES.map((m) => [m, 0])) as Record<Measure, number>), days: [] };
}

/** a + b (a new object). */
export function addCounters(a: Counters, b: Counters): Counters {
  const out = emptyCounters();
  for (const m of MEASURES) out[m] = a[m] + b[m];
  const n = Math.max(a.days.length, b.days.length);
  out.days = Array.from({ length: n }, (_, i) => (a.days[i] ?? 0) + (b.days[i] ?? 0));
  return out;
}

export const sumCounters = (xs: readonly Counters[]) => xs.reduce(addCounters, emptyCounters());

// ---------------------------------------------------------------------------------------------
// Medians and percentiles from a histogram (the same definitions as medianOf / percentile)

/** The value of the k-th smallest (1-based) observation of a histogram. */
function kth(days: readonly number[], k: number): number {
  let seen = 0;
  for (let d = 0; d < days.length; d++) {
    seen += days[d] ?? 0;
    if (seen >= k) return d;
  }
  throw new RangeError("k beyond the histogram");
}

const histogramCount = (days: readonly number[]) => days.reduce((a, b) => a + b, 0);

/** Median (mean of the middle two for an even count), or null over fewer than 5 cases. */
export function histogramMedian(days: readonly number[], minCases = MIN_CASES): number | null {
  const n = histogramCount(days);
  if (n < minCases || n === 0) return null;
  return n % 2 === 1 ? kth(days, (n + 1) / 2) : (kth(days, n / 2) + kth(days, n / 2 + 1)) / 2;
}

/** The p-th percentile by nearest rank, or null over fewer than 5 cases. */
export function histogramPercentile(days: readonly number[], p: number, minCases = MIN_CASES): number | null {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  const n = histogramCount(days);
  if (n < minCases || n === 0) return null;
  return kth(days, Math.ceil((p / 100) * n));
}

// ---------------------------------------------------------------------------------------------
// Published rows

export type PublishedFigures = {
  received: Cell;
  partition: Record<PartitionColumn, Cell>;
  /** Concluded (substantiated + unsubstantiated): a value only when both parts are. */
  concluded: Cell;
  /** The headline only: what "not taken up" and "pending" are made of, and the subtotals rejected (the four reasons) and taken up (in progress + concluded). */
  detail: (Record<DetailMeasure, Cell> & { rejected: Cell; accepted: Cell }) | null;
  substantiatedRate: number | null;
  onTimeRate: number | null;
  medianDays: number | null;
  p90Days: number | null;
  listed: Record<ListedMeasure, Cell>;
  /** Fines in CNY: the sum, shown when at least 5 cases were fined (and that count is shown). */
  finesCny: number | null;
};

export type PublishedRow = { key: string; figures: PublishedFigures };

export type PublishedBreakdown = { rows: PublishedRow[] };

const hiddenCell: Cell = { kind: "suppressed", reason: "complementary" };

function sumOf(cells: readonly Cell[]): Cell {
  let total = 0;
  for (const c of cells) {
    if (c.kind !== "value") return c.kind === "suppressed" && c.reason === "withheld" ? c : hiddenCell;
    total += c.value;
  }
  return { kind: "value", value: total };
}

function published(c: Counters, received: Cell, partition: readonly Cell[], listed: Record<ListedMeasure, Cell>, withDetail = false): PublishedFigures {
  const part = Object.fromEntries(PARTITION.map((k, j) => [k, partition[j]!])) as Record<PartitionColumn, Cell>;
  const shown = (k: PartitionColumn) => part[k].kind === "value";
  const concluded = sumOf([part.substantiated, part.unsubstantiated]);
  let detail: PublishedFigures["detail"] = null;
  if (withDetail) {
    const cells = {} as Record<DetailMeasure, Cell>;
    for (const k of ["notTakenUp", "pending"] as const) {
      const hidden = part[k].kind === "suppressed";
      const [list] = suppressLinked([DETAIL[k].map((m) => [c[m]])], { hiddenTotals: hidden ? [0, 1] : [], keepTotals: hidden ? [] : [0, 1] });
      const withheldList = !hidden && list!.columnTotals[0]!.kind === "suppressed";
      DETAIL[k].forEach((m, i) => (cells[m] = withheldList ? WITHHELD : list!.cells[i]![0]!));
    }
    detail = { ...cells, rejected: sumOf(REJECTED.map((m) => cells[m])), accepted: sumOf([cells.inProgress, concluded]) };
  }
  return {
    received,
    partition: part,
    concluded,
    detail,
    substantiatedRate: shown("substantiated") && shown("unsubstantiated") ? rate(c.substantiated, c.substantiated + c.unsubstantiated) : null,
    onTimeRate: rate(c.onTime, c.withDue, { protectParts: true }),
    medianDays: histogramMedian(c.days),
    p90Days: histogramPercentile(c.days, 90),
    listed,
    finesCny: c.fined >= MIN_CASES ? c.finesCny : null,
  };
}

/**
 * Each listed measure as a column list per breakdown, with the total (the headline figure). The
 * lists share the total, so they are suppressed together like the partition tables: each list is
 * an n×1 table whose column total is the shared figure (and the headline a 1×1 table). A total
 * `given` hidden is hidden from the start; if the lists would have to hide a total `given` shows,
 * they are withheld instead.
 */
function listColumns(
  breakdowns: readonly (readonly Counters[])[],
  total: Counters,
  given?: Record<ListedMeasure, Cell>,
  /** The previous release's figure of row `row` of breakdown `b` (row −1: the headline) for a measure. */
  prior?: (b: number, row: number, m: ListedMeasure) => PriorFigure | undefined,
  /** Whether row `row` of breakdown `b` (b −1: the headline) must hide the measure. */
  hide?: (b: number, row: number, m: ListedMeasure) => boolean,
): { rows: Record<ListedMeasure, Cell>[][]; total: Record<ListedMeasure, Cell> } {
  const out = breakdowns.map((rows) => rows.map(() => ({}) as Record<ListedMeasure, Cell>));
  const tot = {} as Record<ListedMeasure, Cell>;
  const listed = breakdowns.map((rows, b) => ({ rows, b })).filter(({ rows }) => rows.length > 0);
  for (const m of LISTED) {
    const tables = [[[total[m]]], ...listed.map(({ rows }) => rows.map((r) => [r[m]]))];
    const givenHidden = given !== undefined && given[m].kind === "suppressed";
    // The headline's figure hidden by the release audit (never when the parent gives it).
    const headHidden = given === undefined && (hide?.(-1, -1, m) ?? false);
    // An n×1 list: row i's cell and row total are the same figure; row n (column totals) is the headline.
    const each =
      prior || hide
        ? (t: number) => ({
            prior: prior && ((i: number, _j: number) => (t === 0 || i === tables[t]!.length ? prior(-1, -1, m) : prior(listed[t - 1]!.b, i, m))),
            force: hide && ((i: number, _j: number) => t > 0 && i < tables[t]!.length && hide(listed[t - 1]!.b, i, m)),
          })
        : undefined;
    const [own, ...lists] = suppressLinked(tables, { hiddenTotals: givenHidden || headHidden ? [0, 1] : [], keepTotals: given !== undefined && !givenHidden ? [0, 1] : [], each });
    const withhold = given !== undefined && !givenHidden && own!.grandTotal.kind === "suppressed";
    tot[m] = given ? given[m] : own!.grandTotal;
    let k = 0;
    breakdowns.forEach((rows, bi) => {
      if (rows.length === 0) return;
      const l = lists[k++]!;
      rows.forEach((_, i) => (out[bi]![i]![m] = withhold ? WITHHELD : l.cells[i]![0]!));
    });
  }
  return { rows: out, total: tot };
}

const SUBSTANTIATED = PARTITION.indexOf("substantiated");
const UNSUBSTANTIATED = PARTITION.indexOf("unsubstantiated");

/**
 * What hiding a figure of a partition table costs the reader. The tables show received, not
 * taken up, pending, concluded (substantiated + unsubstantiated) and the substantiated rate: a
 * hidden substantiated or unsubstantiated count also hides the row's concluded count and its
 * rate (unless the other part already did), so these cost more than a hidden "not taken up" or
 * "pending" count of the same size — the least-read columns are hidden first.
 */
export function partitionHidingCost(f: Figure): number {
  if (f.place !== "cell" || (f.column !== SUBSTANTIATED && f.column !== UNSUBSTANTIATED)) return hidingCost(f);
  const other = f.column === SUBSTANTIATED ? UNSUBSTANTIATED : SUBSTANTIATED;
  if (f.hiddenAt(f.row, other)) return hidingCost(f);
  const concluded = f.value + f.valueAt(f.row, other);
  // The part itself, the concluded count and the rate.
  return hidingCost(f) + concluded + 2 * MIN_CASES;
}

/** A figure of a withheld table or list ("—"). */
export const WITHHELD: Cell = { kind: "suppressed", reason: "withheld" };

function withheld(t: SuppressedTable): SuppressedTable {
  return { ...t, cells: t.cells.map((r) => r.map(() => WITHHELD)), rowTotals: t.rowTotals.map(() => WITHHELD) };
}

/** A scope's headline as its parent page publishes it (the scope's row in the parent's table by place). */
export type GivenHeadline = Pick<PublishedFigures, "received" | "partition" | "listed">;

/**
 * The previous release's figures of the same place and window (the private `cells` of its page,
 * ADR 041): the true value of a figure and whether it was hidden (1) or shown (0); undefined for a
 * figure that release did not have. `table` is headline, sector, place, month or channel; `rowKey`
 * the row's key ("total" for the headline); `column` a PARTITION column, "received" or a LISTED
 * measure. Month rows are looked up by their month, whichever window held them then
 * (`priorCellsOf` in release-consistency.ts).
 */
export type PriorCells = (table: string, rowKey: string, column: string) => PriorFigure | undefined;

/** The column names of a partition table's grid with margins: the PARTITION columns, then the row total. */
export const PARTITION_COLUMNS = [...PARTITION, "received"] as const;
export const HEADLINE_TABLE = "headline";
export const HEADLINE_ROW = "total";

export type ScopeInput = {
  /** The scope's counters over the period (the sum of every breakdown's rows). */
  total: Counters;
  /** Breakdowns that partition `total` (each with its rows in display order). */
  breakdowns: { name: string; rows: { key: string; counters: Counters }[] }[];
  /**
   * The headline as the parent page already publishes it: the same figures are hidden here, the
   * breakdowns are suppressed with them hidden and the others kept visible, and a breakdown that
   * cannot be protected that way is withheld.
   */
  given?: GivenHeadline;
  /**
   * The previous release of this page: its hidden figures stay hidden (shown again only when
   * their value changed and showing them is safe against that release), figures it showed that
   * have not changed are never chosen for hiding, and no figure under 5 can be worked out from the
   * two releases together (docs/decisions/042). Without it the page is suppressed and audited on its own.
   */
  prior?: PriorCells;
  /**
   * Figures of a breakdown's partition table to hide from the start (marked complementary unless
   * small; zeros stay shown), e.g. what `protectSiblings` hides so that sibling places' tables do
   * not give each other away against their parent's.
   */
  hide?: (table: string, rowKey: string, column: string) => boolean;
  /** Breakdowns whose partition table is withheld ("—"; the headline stays), e.g. when only that hides a zero a sibling's figure is worked out from. */
  withhold?: readonly string[];
};

export type PublishedScope = {
  headline: PublishedFigures;
  breakdowns: Record<string, PublishedBreakdown>;
};

/**
 * The published figures of a scope: the headline and every breakdown, suppressed together. Rows
 * of a breakdown must add up to `total` (a breakdown by place carries a row for the cases placed
 * only at the scope's own level).
 */
export function publishScope(input: ScopeInput): PublishedScope {
  return publishScopeReport(input).published;
}

/** A page's publication and the headline figures only its parent can protect (`publishScopeReport`). */
export type ScopeReport = { published: PublishedScope; parentMustHide: string[] };

/**
 * `publishScope`, with the headline figures that only the parent can protect: with the headline
 * given, a figure under 5 that the two releases give away through the headline (its table's other
 * figures unchanged, so known from the previous release) is safe only once the parent hides the
 * headline's figure named here (a PARTITION column, "received" or a LISTED measure) in its row of
 * its table by place, and this page is published again with that headline.
 */
export function publishScopeReport(input: ScopeInput): ScopeReport {
  const done = (published: PublishedScope, fixes: ReleaseFix[] = []): ScopeReport => ({
    published,
    parentMustHide: [...new Set(fixes.flatMap((f) => (f.parentHide ? [f.parentHide] : [])))],
  });
  // Against the previous release, each table is audited with its markers' bounds (suppression.ts);
  // the tables of a page share the headline, so the page is then audited whole, both releases
  // together (or this one alone, without a previous release: tables suppressed each on its own
  // against a given headline can still give each other away), by linear algebra: a figure under
  // 5 that some combination gives is protected by hiding the nearest changed figure of the same
  // sums, and the page suppressed again.
  const more = new Set<string>();
  const withholdMore = new Set<string>();
  for (let round = 0; ; round++) {
    const hide = (t: string, r: string, c: string) => more.has(`${t}|${r}|${c}`) || (input.hide?.(t, r, c) ?? false);
    const attempt: ScopeInput = { ...input, hide, withhold: [...(input.withhold ?? []), ...withholdMore] };
    const out = publishOnce(attempt);
    const fixes = releaseAudit(input, out);
    if (fixes.length === 0) {
      // A figure the previous release showed and that has not changed is known to every reader:
      // hidden now, it protects nothing, and it reads as if it had changed. Where the suppression
      // still chose one (no other figure could protect its table), that table is withheld instead;
      // for one of the headline, which is never withheld, the breakdowns are, and the headline
      // stands alone.
      const next = shownBeforeHiddenNow(input, out)
        .flatMap((t) => (t === HEADLINE_TABLE ? input.breakdowns.map((b) => b.name) : [t]))
        .filter((name) => !withholdMore.has(name) && !(input.withhold ?? []).includes(name));
      if (next.length === 0) return done(out);
      for (const name of next) withholdMore.add(name);
      continue;
    }
    const before = more.size + withholdMore.size;
    // After 20 rounds a table still giving figures away is withheld; the headline, never withheld, keeps hiding.
    for (const f of fixes) {
      if (f.hide && (round < 20 || f.table === HEADLINE_TABLE)) more.add(f.hide);
      else if (f.table !== HEADLINE_TABLE) withholdMore.add(f.table);
    }
    // Nothing new to hide: withhold the tables whose figures are given away (the headline is never withheld).
    if (more.size + withholdMore.size === before) {
      const stuck = fixes.filter((f) => !withholdMore.has(f.table) && f.table !== HEADLINE_TABLE);
      if (stuck.length === 0) return done(out, fixes);
      for (const f of stuck) withholdMore.add(f.table);
    }
  }
}

/** The tables of a page's partition figures that the previous release showed with the same value and that are hidden now, but not withheld. */
function shownBeforeHiddenNow(input: ScopeInput, published: PublishedScope): string[] {
  const tables = new Set<string>();
  for (const [key, f] of publishedFigures(input, published)) {
    if (f.cell.kind !== "suppressed" || f.cell.reason === "withheld") continue;
    const [table, row, column] = key.split("|") as [string, string, string];
    if (!(PARTITION_COLUMNS as readonly string[]).includes(column)) continue;
    const then = input.prior?.(table, row, column);
    if (then && then[1] === 0 && then[0] === f.value) tables.add(table);
  }
  return [...tables];
}

/** Every figure of a page (headline and breakdown rows) by key: its true value and its published cell. */
export function publishedFigures(input: ScopeInput, published: PublishedScope): Map<string, { value: number; cell: Cell }> {
  const out = new Map<string, { value: number; cell: Cell }>();
  const put = (table: string, row: string, c: Counters, f: PublishedFigures) => {
    let received = 0;
    for (const k of PARTITION) {
      const v = partitionValue(c, k);
      received += v;
      out.set(`${table}|${row}|${k}`, { value: v, cell: f.partition[k] });
    }
    // The published "received" is the row total of the partition table, the sum of its columns.
    out.set(`${table}|${row}|received`, { value: received, cell: f.received });
    for (const m of LISTED) out.set(`${table}|${row}|${m}`, { value: c[m], cell: f.listed[m] });
  };
  put(HEADLINE_TABLE, HEADLINE_ROW, input.total, published.headline);
  for (const b of input.breakdowns) {
    const rows = published.breakdowns[b.name]?.rows ?? [];
    b.rows.forEach((r, i) => {
      const f = rows[i];
      if (f) put(b.name, r.key, r.counters, f.figures);
    });
  }
  return out;
}

/**
 * The page's figures under 5, hidden in this release or the previous one, that the two together
 * give by linear algebra (knowing which figures did not change), each with the nearest shown
 * figure that changed (to hide) or, failing one, its table (to withhold).
 */
type ReleaseFix = {
  /** The table of the figure to hide, or to withhold when there is none. */
  table: string;
  /** The figure to hide (table|row|column). */
  hide?: string;
  /** With the headline given and nothing else to hide: the headline's column the parent must hide. */
  parentHide?: string;
};

function releaseAudit(input: ScopeInput, published: PublishedScope): ReleaseFix[] {
  const prior: PriorCells = input.prior ?? (() => undefined);
  const small = (v: number | undefined) => v !== undefined && v >= 1 && v < MIN_CASES;
  // Figures by number: 2k is figure k in the previous release, 2k + 1 in this one.
  const keys: string[] = [];
  const tableOf: string[] = [];
  const at = new Map<string, number>();
  const value: (number | undefined)[] = [];
  const unknown: boolean[] = [];
  let anySmall = false;
  for (const [key, f] of publishedFigures(input, published)) {
    const k = keys.length;
    keys.push(key);
    at.set(key, k);
    const [table, row, column] = key.split("|") as [string, string, string];
    tableOf.push(table);
    const then = prior(table, row, column);
    value[2 * k] = then?.[0];
    unknown[2 * k] = then?.[1] === 1;
    value[2 * k + 1] = f.value;
    unknown[2 * k + 1] = f.cell.kind === "suppressed";
    if ((unknown[2 * k] && small(then![0])) || (unknown[2 * k + 1] && small(f.value))) anySmall = true;
  }
  if (!anySmall) return [];
  const equations: number[][][] = [];
  const sums = (plus: number[], minus: number[]) => equations.push([plus.filter((x) => x >= 0), minus.filter((x) => x >= 0)]);
  const figure = (release: 0 | 1, t: string, r: string, c: string) => {
    const k = at.get(`${t}|${r}|${c}`);
    return k === undefined || value[2 * k + release] === undefined ? -1 : 2 * k + release;
  };
  let rests = 2 * keys.length;
  for (const release of [0, 1] as const) {
    const head = (c: string) => figure(release, HEADLINE_TABLE, HEADLINE_ROW, c);
    if (head("received") >= 0) sums(PARTITION.map(head), [head("received")]);
    for (const b of input.breakdowns) {
      const rows = b.rows.filter((r) => figure(release, b.name, r.key, "received") >= 0);
      for (const r of rows) sums(PARTITION.map((c) => figure(release, b.name, r.key, c)), [figure(release, b.name, r.key, "received")]);
      // The previous release's months and places may have had other rows: an unknown rest.
      const rest = release === 0 && (b.name === "month" || b.name === "place" || rows.length < b.rows.length);
      for (const c of [...PARTITION_COLUMNS, ...LISTED]) {
        if (head(c) < 0) continue;
        const terms = rows.map((r) => figure(release, b.name, r.key, c));
        if (rest) {
          unknown[rests] = true;
          terms.push(rests++);
        }
        sums(terms, [head(c)]);
      }
    }
  }
  for (let k = 0; k < keys.length; k++) if (value[2 * k] !== undefined && value[2 * k] === value[2 * k + 1]) sums([2 * k], [2 * k + 1]);

  const equationsOf = new Map<number, number[]>();
  equations.forEach(([plus, minus], e) => {
    for (const x of [...plus!, ...minus!]) {
      if (!equationsOf.has(x)) equationsOf.set(x, []);
      equationsOf.get(x)!.push(e);
    }
  });
  const isTarget = (x: number) => x < 2 * keys.length && unknown[x] && small(value[x]);
  const targets = unknown.flatMap((u, x) => (u && isTarget(x) ? [x] : []));
  // Only the equations connected to a figure under 5 through hidden figures can give it away.
  const reached = new Set<number>();
  const ids: number[] = [];
  const index = new Map<number, number>();
  for (const queue = [...targets], seen = new Set(targets); queue.length > 0; ) {
    const x = queue.pop()!;
    index.set(x, ids.length);
    ids.push(x);
    for (const e of equationsOf.get(x) ?? []) {
      if (reached.has(e)) continue;
      reached.add(e);
      for (const y of [...equations[e]![0]!, ...equations[e]![1]!])
        if (unknown[y] && !seen.has(y)) {
          seen.add(y);
          queue.push(y);
        }
    }
  }
  const rows: Map<number, number>[] = [];
  for (const e of reached) {
    const [plus, minus] = equations[e]!;
    const row = new Map<number, number>();
    for (const [list, sign] of [
      [plus!, 1],
      [minus!, PRIME - 1],
    ] as [number[], number][])
      for (const x of list) {
        const k = index.get(x);
        if (k !== undefined) row.set(k, ((row.get(k) ?? 0) + sign) % PRIME);
      }
    for (const [k, v] of row) if (v === 0) row.delete(k);
    if (row.size > 0) rows.push(row);
  }
  const given = determinedUnknowns(ids.length, rows)
    .map((k) => ids[k]!)
    .filter(isTarget);
  // The nearest figure shown now that changed, in a breakdown (the headline is the parent's or
  // shared by every table); failing one (every table that could protect it withheld, its
  // unchanged figures known from the previous release), the headline's own, unless the parent gives it.
  const nearest = (target: number, headline: boolean): number | undefined => {
    const seenEq = new Set<number>();
    const seen = new Set<number>([target]);
    let found: number | undefined;
    for (let level = [target]; level.length > 0 && found === undefined; ) {
      const next: number[] = [];
      let best: number | undefined;
      for (const h of level)
        for (const e of equationsOf.get(h) ?? []) {
          if (seenEq.has(e)) continue;
          seenEq.add(e);
          for (const x of [...equations[e]![0]!, ...equations[e]![1]!]) {
            if (x < 2 * keys.length && x % 2 === 1 && !unknown[x] && (tableOf[(x - 1) / 2] === HEADLINE_TABLE) === headline) {
              const v = value[x]!;
              if (v > 0 && value[x - 1] !== v && (best === undefined || v < value[best]! || (v === value[best] && x < best))) best = x;
            }
            if (unknown[x] && !seen.has(x)) {
              seen.add(x);
              next.push(x);
            }
          }
        }
      found = best;
      level = next;
    }
    return found;
  };
  const fixes: ReleaseFix[] = [];
  for (const target of given) {
    const inBreakdown = nearest(target, false);
    const inHeadline = inBreakdown === undefined ? nearest(target, true) : undefined;
    const found = inBreakdown ?? (input.given ? undefined : inHeadline);
    const table = tableOf[Math.floor(target / 2)]!;
    if (found !== undefined) fixes.push({ table: tableOf[(found - 1) / 2]!, hide: keys[(found - 1) / 2]! });
    else fixes.push({ table, ...(inHeadline !== undefined ? { parentHide: keys[(inHeadline - 1) / 2]!.split("|")[2]! } : {}) });
  }
  return fixes;
}

/**
 * The page's tables suppressed together, but for those to be withheld: a withheld table publishes
 * nothing, so it must not make the headline or the other tables hide anything (with every table
 * withheld, the headline is suppressed alone). A withheld table's place in the result holds its
 * own suppression, which the caller replaces with "—".
 */
function suppressLinkedExceptWithheld(
  tables: number[][][],
  input: ScopeInput,
  each: ((t: number) => Pick<SuppressionOptions, "force" | "prior">) | undefined,
): SuppressedTable[] {
  const withholding = (t: number) => input.withhold?.includes(input.breakdowns[t]?.name ?? "") ?? false;
  // Headline figures to hide (the release audit's last resort, when every table that could protect a figure is withheld) are hidden in every table's margin.
  const hiddenTotals = PARTITION_COLUMNS.flatMap((c, j) => (input.hide?.(HEADLINE_TABLE, HEADLINE_ROW, c) ? [j] : []));
  if (!tables.some((_, t) => withholding(t))) return suppressLinked(tables, { cost: partitionHidingCost, each, hiddenTotals });
  const linked = tables.map((_, t) => t).filter((t) => !withholding(t));
  const totalRow = PARTITION.map((k) => partitionValue(input.total, k));
  // Table -1 is the headline alone (its prior and forced figures are the headline's).
  const order = linked.length > 0 ? linked : [-1];
  const out = suppressLinked(
    order.map((t) => (t < 0 ? [totalRow] : tables[t]!)),
    { cost: partitionHidingCost, each: each && ((i: number) => each(order[i]!)), hiddenTotals },
  );
  const head = out[0]!;
  return tables.map((rows, t) => {
    const i = order.indexOf(t);
    if (i >= 0) return out[i]!;
    return { cells: rows.map((r) => r.map(() => WITHHELD)), rowTotals: rows.map(() => WITHHELD), columnTotals: head.columnTotals, grandTotal: head.grandTotal };
  });
}

function publishOnce(input: ScopeInput): PublishedScope {
  const partitionRows = (rows: { counters: Counters }[]) => rows.map((r) => PARTITION.map((k) => partitionValue(r.counters, k)));
  const totalRow = PARTITION.map((k) => partitionValue(input.total, k));
  // A breakdown with no rows still publishes the headline through a one-row table of the total.
  const tables = input.breakdowns.length > 0 ? input.breakdowns.map((b) => (b.rows.length > 0 ? partitionRows(b.rows) : [totalRow])) : [[totalRow]];
  const given = input.given;
  const { prior, hide } = input;
  // Table t's figure at (row, column) of its grid with margins: row R is the headline.
  const rowKeyOf = (t: number, i: number): [string, string] => {
    const b = input.breakdowns[t];
    return b && i < b.rows.length ? [b.name, b.rows[i]!.key] : [HEADLINE_TABLE, HEADLINE_ROW];
  };
  const each =
    prior || hide
      ? (t: number) => ({
          prior: prior ? (i: number, j: number) => prior(...rowKeyOf(t, i), PARTITION_COLUMNS[j]!) : undefined,
          force: hide ? (i: number, j: number) => input.breakdowns[t] !== undefined && i < input.breakdowns[t]!.rows.length && hide(...rowKeyOf(t, i), PARTITION_COLUMNS[j]!) : undefined,
        })
      : undefined;
  const givenHidden = given ? [...PARTITION.flatMap((k, j) => (given.partition[k].kind === "suppressed" ? [j] : [])), ...(given.received.kind === "suppressed" ? [PARTITION.length] : [])] : [];
  // With the headline given, its figures are fixed (hidden or shown as the parent does), so each
  // table is suppressed on its own against them; one that cannot be protected is withheld.
  const kept = given ? Array.from({ length: PARTITION.length + 1 }, (_, j) => j).filter((j) => !givenHidden.includes(j)) : [];
  const suppressed = given
    ? tables.map((t, ti) => {
        const [one] = suppressLinked([t], { hiddenTotals: givenHidden, keepTotals: kept, cost: partitionHidingCost, each: each && (() => each(ti)) });
        const hidesMore = [...one!.columnTotals, one!.grandTotal].some((c, j) => c.kind === "suppressed" && !givenHidden.includes(j));
        return hidesMore ? withheld(one!) : one!;
      })
    : suppressLinkedExceptWithheld(tables, input, each);
  input.withhold?.forEach((name) => {
    const t = input.breakdowns.findIndex((b) => b.name === name);
    if (t >= 0) suppressed[t] = withheld(suppressed[t]!);
  });
  const first = suppressed.find((_, t) => !input.withhold?.includes(input.breakdowns[t]?.name ?? "")) ?? suppressed[0]!;
  // A headline of its own with nothing shown is withheld ("—"), however its figures came to be
  // hidden: withheld by its table's suppression in one release, hidden again as "*" and "<5" by
  // the next carrying it forward, it would read differently with nothing changed.
  const nothingShown = !given && [...first.columnTotals, first.grandTotal].every((c) => c.kind === "suppressed");
  const headTotals = given ? PARTITION.map((k) => given.partition[k]) : nothingShown ? first.columnTotals.map(() => WITHHELD) : first.columnTotals;
  const headReceived = given ? given.received : nothingShown ? WITHHELD : first.grandTotal;
  const lists = listColumns(
    input.breakdowns.map((b) => b.rows.map((r) => r.counters)),
    input.total,
    given?.listed,
    prior && ((b, row, m) => (b < 0 ? prior(HEADLINE_TABLE, HEADLINE_ROW, m) : prior(input.breakdowns[b]!.name, input.breakdowns[b]!.rows[row]!.key, m))),
    hide && ((b, row, m) => (b < 0 ? hide(HEADLINE_TABLE, HEADLINE_ROW, m) : hide(input.breakdowns[b]!.name, input.breakdowns[b]!.rows[row]!.key, m))),
  );
  const headline = published(input.total, headReceived, headTotals, lists.total, true);
  const breakdowns: Record<string, PublishedBreakdown> = {};
  input.breakdowns.forEach((b, t) => {
    const s = suppressed[t]!;
    breakdowns[b.name] = {
      rows: b.rows.map((r, i) => ({ key: r.key, figures: published(r.counters, s.rowTotals[i]!, s.cells[i]!, lists.rows[t]![i]!) })),
    };
  });
  return { headline, breakdowns };
}

// ---------------------------------------------------------------------------------------------
// Agencies: each agency's own cases (not a partition of the scope)

export const AGENCY_PARTITION = ["inProgress", "substantiated", "unsubstantiated"] as const;

export type PublishedAgencyRow = {
  key: string;
  held: Cell;
  inProgress: Cell;
  substantiated: Cell;
  unsubstantiated: Cell;
  onTimeRate: number | null;
  openNow: Cell;
  overdueNow: Cell;
  returns: Cell;
};

/**
 * Agencies' tables: cases held (in progress, substantiated, unsubstantiated, and any other
 * held cases as an unpublished remainder) suppressed as one table; open, overdue and returns as
 * column lists. Rows whose agency held no case and made no return are left out by the caller.
 */
export function publishAgencies(rows: readonly { key: string; counters: Counters }[]): { rows: PublishedAgencyRow[]; totals: Omit<PublishedAgencyRow, "key" | "onTimeRate"> } {
  if (rows.length === 0) {
    const zero: Cell = { kind: "value", value: 0 };
    return { rows: [], totals: { held: zero, inProgress: zero, substantiated: zero, unsubstantiated: zero, openNow: zero, overdueNow: zero, returns: zero } };
  }
  const table = rows.map((r) => {
    const parts = AGENCY_PARTITION.map((k) => r.counters[k]);
    return [...parts, r.counters.received - parts.reduce((a, b) => a + b, 0)];
  });
  // The remainder column is not shown (only derivable from the others): hiding it costs nothing.
  const remainder = AGENCY_PARTITION.length;
  const s = suppressTable(table, { cost: (f) => (f.column === remainder && f.place !== "row total" ? 0 : hidingCost(f)) });
  const list = (m: "openNow" | "overdueNow" | "returns") => suppressList(rows.map((r) => r.counters[m]));
  const open = list("openNow");
  const overdue = list("overdueNow");
  const returns = list("returns");
  return {
    rows: rows.map((r, i) => ({
      key: r.key,
      held: s.rowTotals[i]!,
      inProgress: s.cells[i]![0]!,
      substantiated: s.cells[i]![1]!,
      unsubstantiated: s.cells[i]![2]!,
      onTimeRate: rate(r.counters.onTime, r.counters.withDue, { protectParts: true }),
      openNow: open.values[i]!,
      overdueNow: overdue.values[i]!,
      returns: returns.values[i]!,
    })),
    totals: {
      held: s.grandTotal,
      inProgress: s.columnTotals[0]!,
      substantiated: s.columnTotals[1]!,
      unsubstantiated: s.columnTotals[2]!,
      openNow: open.total,
      overdueNow: overdue.total,
      returns: returns.total,
    },
  };
}

/** Agencies shown per page of the /stats agency table (the CSV and JSON downloads carry them all). */
export const AGENCY_PAGE_SIZE = 25;

export type RowPage<T> = { rows: T[]; page: number; pages: number; first: number; last: number; total: number };

/**
 * Page `requested` (1-based) of a published table's rows, in their published order; a page past
 * the end is the last page. `first` and `last` are the 1-based positions shown (0 when empty).
 * Slicing a table that is published whole changes nothing it discloses.
 */
export function pageOfRows<T>(rows: readonly T[], requested: number, size = AGENCY_PAGE_SIZE): RowPage<T> {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const page = Math.min(Math.max(1, Number.isInteger(requested) ? requested : 1), pages);
  const slice = rows.slice((page - 1) * size, page * size);
  const first = slice.length ? (page - 1) * size + 1 : 0;
  return { rows: slice, page, pages, first, last: slice.length ? first + slice.length - 1 : 0, total: rows.length };
}

// ---------------------------------------------------------------------------------------------
// Periods (whole months) and year-on-year change

export type MonthPeriod = { from: string; to: string };

/** YYYY-MM shifted by n months. */
export function addMonths(month: string, n: number): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7)) - 1 + n;
  const yy = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  return `${String(yy).padStart(4, "0")}-${String(mm + 1).padStart(2, "0")}`;
}

/** The months from `from` to `to`, inclusive. */
export function monthsOf(p: MonthPeriod): string[] {
  const out: string[] = [];
  for (let m = p.from; m <= p.to && out.length < 1200; m = addMonths(m, 1)) out.push(m);
  return out;
}

/**
 * The 12-month window `k` windows back from the month of `today` (0: the last 12 months, 1: the
 * 12 before them, …). Published periods are these consecutive windows, never free ranges: with
 * free ranges, "January–December" minus "January–November" gives December's hidden cells.
 */
export function statisticsWindow(today: string, k: number): MonthPeriod {
  const to = addMonths(today.slice(0, 7), -12 * k);
  return { from: addMonths(to, -11), to };
}

/** Relative change of a published count, when both years' figures are shown and last year's is at least 5. */
export function changeOf(current: Cell, previous: Cell): number | null {
  if (current.kind !== "value" || previous.kind !== "value" || previous.value < MIN_CASES) return null;
  return (current.value - previous.value) / previous.value;
}

/** Change of a rate in percentage points (one decimal), when both are given. */
export function pointsOf(current: number | null, previous: number | null): number | null {
  return current === null || previous === null ? null : Math.round((current - previous) * 1000) / 10;
}
