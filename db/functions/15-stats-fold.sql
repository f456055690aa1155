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
