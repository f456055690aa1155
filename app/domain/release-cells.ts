/**
 * The private figures of a release's page (`statistics_release_pages.cells`, ADR 041) and the
 * publication of a scope in a release: a pure module. The next release reads the cells to carry
 * the suppression forward, so that subtracting two releases uncovers nothing either hides.
 */
import { LISTED, PARTITION, partitionValue, publishScope, type Counters, type PublishedFigures, type PublishedScope, type ScopeInput } from "./published-statistics";
import type { Cell } from "./suppression";

/** The tables of `cells` (the agency table is left out: it is not a partition of the scope). */
export const CELL_TABLES = ["headline", "sector", "place", "month", "channel"] as const;
export type CellTable = (typeof CELL_TABLES)[number];

/**
 * A page's true figures and which of them were hidden, by `${table}|${rowKey}|${column}` (rowKey
 * "total" for the headline; column: a PARTITION column, "received", or a LISTED measure):
 * [value, 1 when the published figure is suppressed for any reason, else 0]. Never sent to a browser.
 */
export type ReleaseCells = { [key: string]: [value: number, hidden: 0 | 1] };

/**
 * The previous release's cells of the same place, by window (index = window_no; undefined where it
 * had no page): a month that moved to the next window when the month turned is found where it was.
 */
export type PreviousCells = readonly (ReleaseCells | undefined)[];

export const cellKey = (table: CellTable, rowKey: string, column: string) => `${table}|${rowKey}|${column}`;

const hiddenFlag = (c: Cell): 0 | 1 => (c.kind === "value" ? 0 : 1);

function rowCells(out: ReleaseCells, table: CellTable, rowKey: string, counters: Counters, figures: PublishedFigures) {
  for (const k of PARTITION) out[cellKey(table, rowKey, k)] = [partitionValue(counters, k), hiddenFlag(figures.partition[k])];
  out[cellKey(table, rowKey, "received")] = [counters.received, hiddenFlag(figures.received)];
  for (const m of LISTED) out[cellKey(table, rowKey, m)] = [counters[m], hiddenFlag(figures.listed[m])];
}

/**
 * The cells of a page: each row's true counters from `input` beside what `published` made of them.
 * Breakdowns other than the cell tables (none today) are left out.
 */
export function releaseCells(input: ScopeInput, published: PublishedScope): ReleaseCells {
  const out: ReleaseCells = {};
  rowCells(out, "headline", "total", input.total, published.headline);
  for (const b of input.breakdowns) {
    if (!(CELL_TABLES as readonly string[]).includes(b.name) || b.name === "headline") continue;
    const rows = published.breakdowns[b.name]?.rows ?? [];
    b.rows.forEach((r, i) => {
      const p = rows[i];
      if (p && p.key === r.key) rowCells(out, b.name as CellTable, r.key, r.counters, p.figures);
    });
  }
  return out;
}

/**
 * A scope's publication in window `window` of a release. `previous` is the previous release's
 * cells of the same place by window (null for the first release, or a place it did not have).
 * Today the publication is the same as /stats computes (`publishScope`); this is where the
 * release's carry-forward of the previous release's suppression (issue 16) goes.
 */
export function publishScopeForRelease(input: ScopeInput, previous: PreviousCells | null, window: number): PublishedScope {
  void previous;
  void window;
  return publishScope(input);
}
