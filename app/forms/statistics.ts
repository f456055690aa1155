import { z } from "zod";

/** The query of /stats and its downloads: a place (000000 = the whole country) and a 12-month window (0 = the latest). */
export const NATION_CODE = "000000";
export const STATISTICS_WINDOWS = 5;
export const STATISTICS_TABLES = ["headline", "sector", "place", "month", "channel", "agency"] as const;
export type StatisticsTable = (typeof STATISTICS_TABLES)[number];

export const statisticsQuerySchema = z.object({
  place: z
    .string()
    .regex(/^\d{6}$/)
    .catch(NATION_CODE)
    .default(NATION_CODE),
  period: z.coerce
    .number()
    .int()
    .min(0)
    .max(STATISTICS_WINDOWS - 1)
    .catch(0)
    .default(0),
  table: z.enum(STATISTICS_TABLES).catch("headline").default("headline"),
  /** The page of the agency table (1-based). */
  agencies: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
export type StatisticsQuery = z.infer<typeof statisticsQuerySchema>;

export function parseStatisticsQuery(params: URLSearchParams): StatisticsQuery {
  return statisticsQuerySchema.parse({
    place: params.get("place") || undefined,
    period: params.get("period") ?? undefined,
    table: params.get("table") ?? undefined,
    agencies: params.get("agencies") ?? undefined,
  });
}

/** The query string of a statistics page or download (defaults left out). */
export function statisticsSearch(q: { place?: string; period?: number; table?: StatisticsTable; agencies?: number }): string {
  const p = new URLSearchParams();
  if (q.place && q.place !== NATION_CODE) p.set("place", q.place);
  if (q.period) p.set("period", String(q.period));
  if (q.table && q.table !== "headline") p.set("table", q.table);
  if (q.agencies && q.agencies > 1) p.set("agencies", String(q.agencies));
  const s = p.toString();
  return s ? `?${s}` : "";
}
