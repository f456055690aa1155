-- Statistics: everything recounted from the cases (0008; the data version moved since 9c2c035, histograms in one pass since 787f809 — both edits of the applied 0008, shipped to every database by 0019; stats_change emptied too since 0030).
-- The current definition (db/functions/README.md: a change here ships as a new migration).
-- Recount everything from the cases (after a bulk load, or to repair): `npm run stats:rebuild`.
CREATE OR REPLACE FUNCTION stats_rebuild() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('canary.stats_fold'));
  LOCK TABLE stats_case, stats_delta, stats_change, stats_rollup IN EXCLUSIVE MODE;
  TRUNCATE stats_case, stats_delta, stats_change, stats_rollup;
  -- Readers cache by this sequence's value (the data version): move it.
  PERFORM nextval('stats_delta_id_seq');
  INSERT INTO stats_case SELECT * FROM stats_case_facts;
  CREATE TEMP TABLE stats_rebuild_rows ON COMMIT DROP AS
    SELECT e.* FROM stats_case f CROSS JOIN LATERAL stats_expand(f, 1) AS e;
  -- Histograms: (rollup row, days) counts, then one dense array per rollup row.
  CREATE TEMP TABLE stats_rebuild_days ON COMMIT DROP AS
    SELECT scope, month, dim, key,
      (SELECT array_agg(coalesce(p.n, 0) ORDER BY g)
       FROM generate_series(1, max(h.i)) AS g LEFT JOIN unnest(array_agg(h.i), array_agg(h.n)) AS p(i, n) ON p.i = g) AS days
    FROM (SELECT scope, month, dim, key, cardinality(conclusion_days) AS i, count(*)::integer AS n
          FROM stats_rebuild_rows WHERE cardinality(conclusion_days) > 0 GROUP BY 1, 2, 3, 4, 5) AS h
    GROUP BY 1, 2, 3, 4;
  INSERT INTO stats_rollup (scope, month, dim, key, received, awaiting, rejected_out_of_scope, rejected_no_facts, rejected_duplicate, rejected_abusive, merged, in_progress, substantiated, unsubstantiated, open_now, overdue_now, escalated, returns, with_due, on_time, rectifications, fined, fines_cny, suspensions, closures, criminal_referrals, officials_held_accountable, rectification_items, rectification_items_verified, rectification_items_overdue, conclusion_days)
  SELECT c.*, coalesce(d.days, '{}'::integer[])
  FROM (SELECT scope, month, dim, key,
      sum(received)::integer AS received,
      sum(awaiting)::integer AS awaiting,
      sum(rejected_out_of_scope)::integer AS rejected_out_of_scope,
      sum(rejected_no_facts)::integer AS rejected_no_facts,
      sum(rejected_duplicate)::integer AS rejected_duplicate,
      sum(rejected_abusive)::integer AS rejected_abusive,
      sum(merged)::integer AS merged,
      sum(in_progress)::integer AS in_progress,
      sum(substantiated)::integer AS substantiated,
      sum(unsubstantiated)::integer AS unsubstantiated,
      sum(open_now)::integer AS open_now,
      sum(overdue_now)::integer AS overdue_now,
      sum(escalated)::integer AS escalated,
      sum(returns)::integer AS returns,
      sum(with_due)::integer AS with_due,
      sum(on_time)::integer AS on_time,
      sum(rectifications)::integer AS rectifications,
      sum(fined)::integer AS fined,
      sum(fines_cny)::bigint AS fines_cny,
      sum(suspensions)::integer AS suspensions,
      sum(closures)::integer AS closures,
      sum(criminal_referrals)::integer AS criminal_referrals,
      sum(officials_held_accountable)::integer AS officials_held_accountable,
      sum(rectification_items)::integer AS rectification_items,
      sum(rectification_items_verified)::integer AS rectification_items_verified,
      sum(rectification_items_overdue)::integer AS rectification_items_overdue
    FROM stats_rebuild_rows GROUP BY scope, month, dim, key) AS c
  LEFT JOIN stats_rebuild_days AS d USING (scope, month, dim, key);
  DROP TABLE stats_rebuild_rows, stats_rebuild_days;
END;
$$;
