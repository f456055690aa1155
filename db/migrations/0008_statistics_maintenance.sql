-- Published statistics: rollups kept current in the transaction of every change
-- (docs/decisions/010-statistics-rollups.md).
--
-- stats_case_facts: what each case contributes, derived from tips, case_outcomes, tip_returns
-- and agencies. The definitions (app/domain/statistics.ts, DOMAIN.md "Published statistics"):
--   status      awaiting (state submitted) | rejected_<reason> | merged | substantiated |
--               unsubstantiated (concluded: a conclusion date and a finding; "substantiated"
--               includes partly substantiated) | in_progress (every other case taken up)
--   open_now    not rejected, merged or closed
--   overdue_now open, and flagged overdue for its current deadline by the hourly escalation
--               check (overdue_since after due_on)
--   escalated   the supervising agency was ever alerted (escalated_at)
--   with_due / on_time  concluded with a conclusion deadline / concluded on or before it
--   days        calendar days from submission to conclusion
--   actions     over concluded cases
CREATE VIEW stats_case_facts AS
SELECT t.id AS tip_id,
  date_trunc('month', t.submitted_on)::date AS month,
  t.sector_code,
  t.place_code,
  t.agency_id,
  a.place_code AS agency_place,
  CASE WHEN t.state = 'rejected' THEN 'rejected_' || coalesce(t.rejection_reason, 'out_of_scope')
       WHEN t.state = 'merged' THEN 'merged'
       WHEN t.state = 'submitted' THEN 'awaiting'
       WHEN c.concluded THEN CASE WHEN o.finding = 'unsubstantiated' THEN 'unsubstantiated' ELSE 'substantiated' END
       ELSE 'in_progress' END AS status,
  t.state NOT IN ('rejected', 'merged', 'closed') AS open_now,
  (t.state NOT IN ('rejected', 'merged', 'closed') AND t.due_on IS NOT NULL AND t.overdue_since IS NOT NULL AND t.overdue_since > t.due_on) AS overdue_now,
  t.escalated_at IS NOT NULL AS escalated,
  (c.concluded AND t.conclusion_due_on IS NOT NULL) AS with_due,
  (c.concluded AND t.conclusion_due_on IS NOT NULL AND t.concluded_on <= t.conclusion_due_on) AS on_time,
  CASE WHEN c.concluded THEN greatest(t.concluded_on - t.submitted_on, 0) END AS days,
  (c.concluded AND o.rectification_ordered) AS rectification,
  CASE WHEN c.concluded THEN coalesce(o.fine_cny, 0) ELSE 0 END AS fine_cny,
  (c.concluded AND o.suspension) AS suspension,
  (c.concluded AND o.closure) AS closure,
  (c.concluded AND o.criminal_referral) AS criminal_referral,
  CASE WHEN c.concluded THEN o.officials_held_accountable ELSE 0 END AS officials,
  coalesce((SELECT array_agg(r.agency_id::text || ':' || ra.place_code ORDER BY r.id)
            FROM tip_returns r JOIN agencies ra ON ra.id = r.agency_id WHERE r.tip_id = t.id), '{}'::text[]) AS returns_by
FROM tips t
LEFT JOIN case_outcomes o ON o.tip_id = t.id
LEFT JOIN agencies a ON a.id = t.agency_id
CROSS JOIN LATERAL (SELECT coalesce(t.state NOT IN ('rejected', 'merged', 'submitted') AND t.concluded_on IS NOT NULL AND o.finding IS NOT NULL, false) AS concluded) c;
--> statement-breakpoint
-- Element-wise sum of conclusion-day histograms.
CREATE FUNCTION stats_days_add(a integer[], b integer[]) RETURNS integer[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(array_agg(coalesce(a[i], 0) + coalesce(b[i], 0) ORDER BY i), '{}'::integer[])
  FROM generate_series(1, greatest(cardinality(a), cardinality(b))) AS i
$$;
--> statement-breakpoint
CREATE AGGREGATE stats_days_sum(integer[]) (SFUNC = stats_days_add, STYPE = integer[], INITCOND = '{}');
--> statement-breakpoint
-- The rollup rows one case's facts add to (sign 1) or take from (sign -1).
CREATE FUNCTION stats_expand(f stats_case, sign integer) RETURNS SETOF stats_rollup
LANGUAGE sql IMMUTABLE AS $$
  SELECT k.scope::char(6), f.month, k.dim, k.key,
    sign * (CASE WHEN k.kind = 'return' THEN 0 ELSE 1 END) AS received,
    sign * (CASE WHEN k.kind = 'return' THEN 0 ELSE (CASE WHEN f.status = 'awaiting' THEN 1 ELSE 0 END) END) AS awaiting,
    sign * (CASE WHEN k.kind = 'return' THEN 0 ELSE (CASE WHEN f.status = 'rejected_out_of_scope' THEN 1 ELSE 0 END) END) AS rejected_out_of_scope,
    sign * (CASE WHEN k.kind = 'return' THEN 0 ELSE (CASE WHEN f.status = 'rejected_no_facts' THEN 1 ELSE 0 END) END) AS rejected_no_facts,
    sign * (CASE WHEN k.kind = 'return' THEN 0 ELSE (CASE WHEN f.status = 'rejected_duplicate' THEN 1 ELSE 0 END) END) AS rejected_duplicate,
    sign * (CASE WHEN k.kind = 'return' THEN 0 ELSE (CASE WHEN f.status = 'rejected_abusive' THEN 1 ELSE 0 END) END) AS rejected_abusive,
    sign * (CASE WHEN k.kind = 'return' THEN 0 ELSE (CASE WHEN f.status = 'merged' THEN 1 ELSE 0 END) END) AS merged,
    sign * (CASE WHEN k.kind = 'return' THEN 0 ELSE (CASE WHEN f.status = 'in_progress' THEN 1 ELSE 0 END) END) AS in_progress,
    sign * (CASE WHEN k.kind = 'return' THEN 0 ELSE (CASE WHEN f.status = 'substantiated' THEN 1 ELSE 0 END) END) AS substantiated,
    sign * (CASE WHEN k.kind = 'return' THEN 0 ELSE (CASE WHEN f.status = 'unsubstantiated' THEN 1 ELSE 0 END) END) AS unsubstantiated,
    sign * (CASE WHEN k.kind = 'return' THEN 0 ELSE (CASE WHEN f.open_now THEN 1 ELSE 0 END) END) AS open_now,
    sign * (CASE WHEN k.kind = 'return' THEN 0 ELSE (CASE WHEN f.overdue_now THEN 1 ELSE 0 END) END) AS overdue_now,
    sign * (CASE WHEN k.kind = 'return' THEN 0 ELSE (CASE WHEN f.escalated THEN 1 ELSE 0 END) END) AS escalated,
    sign * (CASE k.kind WHEN 'case' THEN cardinality(f.returns_by) WHEN 'return' THEN 1 ELSE 0 END) AS returns,
    sign * (CASE WHEN k.kind = 'return' THEN 0 ELSE (CASE WHEN f.with_due THEN 1 ELSE 0 END) END) AS with_due,
    sign * (CASE WHEN k.kind = 'return' THEN 0 ELSE (CASE WHEN f.on_time THEN 1 ELSE 0 END) END) AS on_time,
    sign * (CASE WHEN k.kind = 'return' THEN 0 ELSE (CASE WHEN f.rectification THEN 1 ELSE 0 END) END) AS rectifications,
    sign * (CASE WHEN k.kind = 'return' THEN 0 ELSE (CASE WHEN f.fine_cny > 0 THEN 1 ELSE 0 END) END) AS fined,
    sign * (CASE WHEN k.kind = 'return' THEN 0 ELSE f.fine_cny END) AS fines_cny,
    sign * (CASE WHEN k.kind = 'return' THEN 0 ELSE (CASE WHEN f.suspension THEN 1 ELSE 0 END) END) AS suspensions,
    sign * (CASE WHEN k.kind = 'return' THEN 0 ELSE (CASE WHEN f.closure THEN 1 ELSE 0 END) END) AS closures,
    sign * (CASE WHEN k.kind = 'return' THEN 0 ELSE (CASE WHEN f.criminal_referral THEN 1 ELSE 0 END) END) AS criminal_referrals,
    sign * (CASE WHEN k.kind = 'return' THEN 0 ELSE f.officials END) AS officials_held_accountable,
    CASE WHEN k.kind = 'return' OR f.days IS NULL THEN '{}'::integer[] ELSE array_fill(0, ARRAY[least(f.days, 730)]) || sign END AS conclusion_days
  FROM (
    -- the case's place seen from the country, its province, its city and its county
    SELECT s.scope, d.dim, d.key, 'case' AS kind
    FROM (VALUES
        ('000000', substr(f.place_code, 1, 2) || '0000'),
        (substr(f.place_code, 1, 2) || '0000', CASE WHEN f.place_code NOT LIKE '__0000' THEN substr(f.place_code, 1, 4) || '00' END),
        (CASE WHEN f.place_code NOT LIKE '__0000' THEN substr(f.place_code, 1, 4) || '00' END, CASE WHEN f.place_code NOT LIKE '____00' THEN f.place_code END),
        (CASE WHEN f.place_code NOT LIKE '____00' THEN f.place_code END, NULL)
      ) AS s(scope, child)
    CROSS JOIN LATERAL (VALUES ('all', ''), ('sector', f.sector_code), ('place', s.child)) AS d(dim, key)
    WHERE s.scope IS NOT NULL AND d.key IS NOT NULL
    UNION ALL
    -- the agency holding the case, listed at its own place and one level up
    SELECT a.scope, 'agency', f.agency_id::text, 'agency'
    FROM (VALUES (f.agency_place),
                 (CASE WHEN f.agency_place LIKE '__0000' THEN '000000' WHEN f.agency_place LIKE '____00' THEN substr(f.agency_place, 1, 2) || '0000' ELSE substr(f.agency_place, 1, 4) || '00' END)) AS a(scope)
    WHERE f.agency_id IS NOT NULL AND f.agency_place IS NOT NULL
    UNION ALL
    -- each return counts against the agency that returned the case
    SELECT a.scope, 'agency', split_part(r.by, ':', 1), 'return'
    FROM unnest(f.returns_by) AS r(by)
    CROSS JOIN LATERAL (VALUES (split_part(r.by, ':', 2)),
                 (CASE WHEN split_part(r.by, ':', 2) LIKE '__0000' THEN '000000' WHEN split_part(r.by, ':', 2) LIKE '____00' THEN substr(split_part(r.by, ':', 2), 1, 2) || '0000' ELSE substr(split_part(r.by, ':', 2), 1, 4) || '00' END)) AS a(scope)
  ) AS k
$$;
--> statement-breakpoint
-- Count the change of one case: old facts out, new facts in, as delta rows (no row locks, so
-- concurrent filings never queue on the country's row); stats_fold() folds them in.
CREATE FUNCTION stats_refresh(p_tip uuid) RETURNS void
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
  INSERT INTO stats_delta (scope, month, dim, key, received, awaiting, rejected_out_of_scope, rejected_no_facts, rejected_duplicate, rejected_abusive, merged, in_progress, substantiated, unsubstantiated, open_now, overdue_now, escalated, returns, with_due, on_time, rectifications, fined, fines_cny, suspensions, closures, criminal_referrals, officials_held_accountable, conclusion_days)
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
    stats_days_sum(conclusion_days)
  FROM (SELECT * FROM stats_expand(old_f, -1) WHERE had_old
        UNION ALL SELECT * FROM stats_expand(new_f, 1)) AS d
  GROUP BY scope, month, dim, key
  HAVING sum(received) <> 0 OR sum(awaiting) <> 0 OR sum(rejected_out_of_scope) <> 0 OR sum(rejected_no_facts) <> 0 OR sum(rejected_duplicate) <> 0 OR sum(rejected_abusive) <> 0 OR sum(merged) <> 0 OR sum(in_progress) <> 0 OR sum(substantiated) <> 0 OR sum(unsubstantiated) <> 0 OR sum(open_now) <> 0 OR sum(overdue_now) <> 0 OR sum(escalated) <> 0 OR sum(returns) <> 0 OR sum(with_due) <> 0 OR sum(on_time) <> 0 OR sum(rectifications) <> 0 OR sum(fined) <> 0 OR sum(fines_cny) <> 0 OR sum(suspensions) <> 0 OR sum(closures) <> 0 OR sum(criminal_referrals) <> 0 OR sum(officials_held_accountable) <> 0 OR NOT (0 = ALL (stats_days_sum(conclusion_days)));
  IF had_old THEN
    DELETE FROM stats_case WHERE tip_id = p_tip;
  END IF;
  INSERT INTO stats_case SELECT new_f.*;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION stats_tip_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM stats_refresh(NEW.id);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION stats_case_part_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM stats_refresh(OLD.tip_id);
  ELSE
    PERFORM stats_refresh(NEW.tip_id);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER tips_statistics AFTER INSERT OR UPDATE ON tips FOR EACH ROW EXECUTE FUNCTION stats_tip_changed();
--> statement-breakpoint
CREATE TRIGGER case_outcomes_statistics AFTER INSERT OR UPDATE OR DELETE ON case_outcomes FOR EACH ROW EXECUTE FUNCTION stats_case_part_changed();
--> statement-breakpoint
CREATE TRIGGER tip_returns_statistics AFTER INSERT OR UPDATE OR DELETE ON tip_returns FOR EACH ROW EXECUTE FUNCTION stats_case_part_changed();
--> statement-breakpoint
CREATE INDEX stats_delta_scope_idx ON stats_delta (scope, dim, month);
--> statement-breakpoint
-- Fold the pending deltas into the rollups (one folder at a time). Readers add the pending
-- deltas to the rollups, so a figure is current at every commit whether or not this has run.
CREATE FUNCTION stats_fold() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  n integer;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('canary.stats_fold'));
  WITH moved AS (DELETE FROM stats_delta RETURNING *)
  INSERT INTO stats_rollup AS r (scope, month, dim, key, received, awaiting, rejected_out_of_scope, rejected_no_facts, rejected_duplicate, rejected_abusive, merged, in_progress, substantiated, unsubstantiated, open_now, overdue_now, escalated, returns, with_due, on_time, rectifications, fined, fines_cny, suspensions, closures, criminal_referrals, officials_held_accountable, conclusion_days)
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
    stats_days_sum(conclusion_days)
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
    conclusion_days = stats_days_add(r.conclusion_days, excluded.conclusion_days);
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END;
$$;
--> statement-breakpoint
-- Recount everything from the cases (after a bulk load, or to repair): `npm run stats:rebuild`.
CREATE FUNCTION stats_rebuild() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('canary.stats_fold'));
  LOCK TABLE stats_case, stats_delta, stats_rollup IN EXCLUSIVE MODE;
  TRUNCATE stats_case, stats_delta, stats_rollup;
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
  INSERT INTO stats_rollup (scope, month, dim, key, received, awaiting, rejected_out_of_scope, rejected_no_facts, rejected_duplicate, rejected_abusive, merged, in_progress, substantiated, unsubstantiated, open_now, overdue_now, escalated, returns, with_due, on_time, rectifications, fined, fines_cny, suspensions, closures, criminal_referrals, officials_held_accountable, conclusion_days)
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
      sum(officials_held_accountable)::integer AS officials_held_accountable
    FROM stats_rebuild_rows GROUP BY scope, month, dim, key) AS c
  LEFT JOIN stats_rebuild_days AS d USING (scope, month, dim, key);
  DROP TABLE stats_rebuild_rows, stats_rebuild_days;
END;
$$;
