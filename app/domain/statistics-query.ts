/**
 * The query of the statistics pages as the browser builds it (links, filters): no schema library
 * here, so public pages ship none (issue 14); app/forms/statistics.ts parses it on the server.
 */
/** The query of /stats and its downloads: a place (000000 = the whole country) and a 12-month window (0 = the latest). */
export const NATION_CODE = "000000";
export const STATISTICS_WINDOWS = 5;
export const STATISTICS_TABLES = ["headline", "sector", "place", "month", "channel", "agency"] as const;
export type StatisticsTable = (typeof STATISTICS_TABLES)[number];

/** The query string of a statistics page or download (defaults left out). */
export function statisticsSearch(q: { place?: string; period?: number; table?: StatisticsTable; agencies?: number; release?: number }): string {
  const p = new URLSearchParams();
  if (q.place && q.place !== NATION_CODE) p.set("place", q.place);
  if (q.period) p.set("period", String(q.period));
  if (q.table && q.table !== "headline") p.set("table", q.table);
  if (q.agencies && q.agencies > 1) p.set("agencies", String(q.agencies));
  if (q.release) p.set("release", String(q.release));
  const s = p.toString();
  return s ? `?${s}` : "";
}
