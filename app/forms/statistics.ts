import { z } from "zod";

import { NATION_CODE, STATISTICS_TABLES, STATISTICS_WINDOWS } from "../domain/statistics-query";

export { NATION_CODE, STATISTICS_TABLES, STATISTICS_WINDOWS, statisticsSearch, type StatisticsTable } from "../domain/statistics-query";

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
  /** A past statistics release (its number); none = the current one. Anything not a release number is a 404, not the current release. */
  release: z.coerce.number().int().min(1).max(2_147_483_647).optional().catch(0),
});
export type StatisticsQuery = z.infer<typeof statisticsQuerySchema>;

export function parseStatisticsQuery(params: URLSearchParams): StatisticsQuery {
  return statisticsQuerySchema.parse({
    place: params.get("place") || undefined,
    period: params.get("period") ?? undefined,
    table: params.get("table") ?? undefined,
    agencies: params.get("agencies") ?? undefined,
    release: params.get("release") || undefined,
  });
}
