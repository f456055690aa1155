-- 0030: the statistics triggers record each counted change (stats_change: one row for a filing,
-- two for a later change) instead of delta rows for every scope x dim; stats_fold() expands them
-- into the rollups in bulk and the view stats_pending shows the changes not folded yet (and any
-- stats_delta rows left from before this migration), so figures stay current at every commit.
CREATE TABLE "stats_change" (
	"id" bigint PRIMARY KEY DEFAULT stats_delta_id() NOT NULL,
	"sign" smallint NOT NULL,
	"facts" jsonb NOT NULL,
	CONSTRAINT "stats_change_sign_ck" CHECK (sign in (-1, 1))
);
--> statement-breakpoint
-- As `npm run db:functions` writes it, from db/functions/ (the files that changed: 13-stats-refresh.sql, 15-stats-fold.sql, 16-stats-rebuild.sql, 18-stats-pending.sql).
-- Every statement is CREATE OR REPLACE: running it on a database that has these definitions
-- already changes nothing. Edit db/functions/, never this file (ADR 021).
-- db/functions/13-stats-refresh.sql
-- Statistics: one case's change recorded as it happened (0008; since 0030 one or two stats_change rows, not delta rows for every scope x dim).
-- The current definition (db/functions/README.md: a change here ships as a new migration).
-- Record the change of one case: its old facts with sign -1 and its new facts with sign +1 (no
-- row locks beyond the case's own stats_case row, so concurrent filings never queue); stats_fold()
-- expands them into the rollups, readers see them through the view stats_pending.
CREATE OR REPLACE FUNCTION stats_refresh(p_tip uuid) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  old_f stats_case;
  new_f stats_case;
  had_old boolean;
BEGIN
  SELECT * INTO old_f FROM stats_case WHERE tip_id = p_tip FOR UPDATE;
  had_old := FOUND;
  SELECT * INTO new_f FROM stats_case_facts WHERE tip_id = p_tip;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  IF had_old AND old_f IS NOT DISTINCT FROM new_f THEN
    RETURN;
  END IF;
  IF had_old THEN
    INSERT INTO stats_change (sign, facts) VALUES (-1, to_jsonb(old_f)), (1, to_jsonb(new_f));
    DELETE FROM stats_case WHERE tip_id = p_tip;
  ELSE
    INSERT INTO stats_change (sign, facts) VALUES (1, to_jsonb(new_f));
  END IF;
  INSERT INTO stats_case SELECT new_f.*;
END;
$$;
--> statement-breakpoint
-- db/functions/15-stats-fold.sql
-- Statistics: pending changes folded into the rollups, every minute (0008; the recorded changes of stats_change expanded here since 0030).
-- The current definition (db/functions/README.md: a change here ships as a new migration).
-- Fold the pending delta rows and recorded changes into the rollups (one folder at a time), in
-- one statement (one snapshot). Readers add stats_pending to the rollups, so a figure is current
-- at every commit whether or not this has run.
CREATE OR REPLACE FUNCTION stats_fold() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  n integer;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('canary.stats_fold'));
  WITH moved_deltas AS (DELETE FROM stats_delta RETURNING *),
  moved_changes AS (DELETE FROM stats_change RETURNING sign, facts),
  moved AS (
    SELECT scope, month, dim, key, received, awaiting, rejected_out_of_scope, rejected_no_facts, rejected_duplicate, rejected_abusive, merged, in_progress, substantiated, unsubstantiated, open_now, overdue_now, escalated, returns, with_due, on_time, rectifications, fined, fines_cny, suspensions, closures, criminal_referrals, officials_held_accountable, conclusion_days, rectification_items, rectification_items_verified, rectification_items_overdue
    FROM moved_deltas
    UNION ALL
    SELECT e.* FROM moved_changes c CROSS JOIN LATERAL stats_expand(jsonb_populate_record(NULL::stats_case, c.facts), c.sign) AS e)
  INSERT INTO stats_rollup AS r (scope, month, dim, key, received, awaiting, rejected_out_of_scope, rejected_no_facts, rejected_duplicate, rejected_abusive, merged, in_progress, substantiated, unsubstantiated, open_now, overdue_now, escalated, returns, with_due, on_time, rectifications, fined, fines_cny, suspensions, closures, criminal_referrals, officials_held_accountable, conclusion_days, rectification_items, rectification_items_verified, rectification_items_overdue)
  SELECT scope, month, dim, key,
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
    stats_days_sum(conclusion_days),
    sum(rectification_items)::integer AS rectification_items,
    sum(rectification_items_verified)::integer AS rectification_items_verified,
    sum(rectification_items_overdue)::integer AS rectification_items_overdue
  FROM moved
  GROUP BY scope, month, dim, key
  ORDER BY scope, dim, month, key
  ON CONFLICT (scope, dim, month, key) DO UPDATE SET
    received = r.received + excluded.received,
    awaiting = r.awaiting + excluded.awaiting,
    rejected_out_of_scope = r.rejected_out_of_scope + excluded.rejected_out_of_scope,
    rejected_no_facts = r.rejected_no_facts + excluded.rejected_no_facts,
    rejected_duplicate = r.rejected_duplicate + excluded.rejected_duplicate,
    rejected_abusive = r.rejected_abusive + excluded.rejected_abusive,
    merged = r.merged + excluded.merged,
    in_progress = r.in_progress + excluded.in_progress,
    substantiated = r.substantiated + excluded.substantiated,
    unsubstantiated = r.unsubstantiated + excluded.unsubstantiated,
    open_now = r.open_now + excluded.open_now,
    overdue_now = r.overdue_now + excluded.overdue_now,
    escalated = r.escalated + excluded.escalated,
    returns = r.returns + excluded.returns,
    with_due = r.with_due + excluded.with_due,
    on_time = r.on_time + excluded.on_time,
    rectifications = r.rectifications + excluded.rectifications,
    fined = r.fined + excluded.fined,
    fines_cny = r.fines_cny + excluded.fines_cny,
    suspensions = r.suspensions + excluded.suspensions,
    closures = r.closures + excluded.closures,
    criminal_referrals = r.criminal_referrals + excluded.criminal_referrals,
    officials_held_accountable = r.officials_held_accountable + excluded.officials_held_accountable,
    rectification_items = r.rectification_items + excluded.rectification_items,
    rectification_items_verified = r.rectification_items_verified + excluded.rectification_items_verified,
    rectification_items_overdue = r.rectification_items_overdue + excluded.rectification_items_overdue,
    conclusion_days = stats_days_add(r.conclusion_days, excluded.conclusion_days);
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END;
$$;
--> statement-breakpoint
-- db/functions/16-stats-rebuild.sql
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
--> statement-breakpoint
-- db/functions/18-stats-pending.sql
-- Statistics: the changes not folded into the rollups yet, as rollup rows (0030).
-- The current definition (db/functions/README.md: a change here ships as a new migration).
-- stats_rollup plus stats_pending is every figure as of the reader's snapshot, folded or not:
-- the delta rows left from before 0030 (stats_delta) and the recorded changes (stats_change)
-- expanded by stats_expand, one row per (change, scope, dim, key).
CREATE OR REPLACE VIEW stats_pending AS
SELECT d.scope, d.month, d.dim, d.key, d.received, d.awaiting, d.rejected_out_of_scope, d.rejected_no_facts, d.rejected_duplicate, d.rejected_abusive, d.merged, d.in_progress, d.substantiated, d.unsubstantiated, d.open_now, d.overdue_now, d.escalated, d.returns, d.with_due, d.on_time, d.rectifications, d.fined, d.fines_cny, d.suspensions, d.closures, d.criminal_referrals, d.officials_held_accountable, d.conclusion_days, d.rectification_items, d.rectification_items_verified, d.rectification_items_overdue
FROM stats_delta d
UNION ALL
SELECT e.scope, e.month, e.dim, e.key, e.received, e.awaiting, e.rejected_out_of_scope, e.rejected_no_facts, e.rejected_duplicate, e.rejected_abusive, e.merged, e.in_progress, e.substantiated, e.unsubstantiated, e.open_now, e.overdue_now, e.escalated, e.returns, e.with_due, e.on_time, e.rectifications, e.fined, e.fines_cny, e.suspensions, e.closures, e.criminal_referrals, e.officials_held_accountable, e.conclusion_days, e.rectification_items, e.rectification_items_verified, e.rectification_items_overdue
FROM stats_change c
CROSS JOIN LATERAL stats_expand(jsonb_populate_record(NULL::stats_case, c.facts), c.sign) AS e;
