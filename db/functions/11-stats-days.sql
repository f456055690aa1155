-- Statistics: conclusion-day histograms added element-wise (0008).
-- The current definition (db/functions/README.md: a change here ships as a new migration).
-- Element-wise sum of conclusion-day histograms.
CREATE OR REPLACE FUNCTION stats_days_add(a integer[], b integer[]) RETURNS integer[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(array_agg(coalesce(a[i], 0) + coalesce(b[i], 0) ORDER BY i), '{}'::integer[])
  FROM generate_series(1, greatest(cardinality(a), cardinality(b))) AS i
$$;
--> statement-breakpoint
CREATE OR REPLACE AGGREGATE stats_days_sum(integer[]) (SFUNC = stats_days_add, STYPE = integer[], INITCOND = '{}');
