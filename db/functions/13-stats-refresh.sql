-- Statistics: one case's change written as delta rows (0008).
-- The current definition (db/functions/README.md: a change here ships as a new migration).
-- Count the change of one case: old facts out, new facts in, as delta rows (no row locks, so
-- concurrent filings never queue on the country's row); stats_fold() folds them in.
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
  INSERT INTO stats_delta (scope, month, dim, key, received, awaiting, rejected_out_of_scope, rejected_no_facts, rejected_duplicate, rejected_abusive, merged, in_progress, substantiated, unsubstantiated, open_now, overdue_now, escalated, returns, with_due, on_time, rectifications, fined, fines_cny, suspensions, closures, criminal_referrals, officials_held_accountable, conclusion_days, rectification_items, rectification_items_verified, rectification_items_overdue)
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
  FROM (SELECT * FROM stats_expand(old_f, -1) WHERE had_old
        UNION ALL SELECT * FROM stats_expand(new_f, 1)) AS d
  GROUP BY scope, month, dim, key
  HAVING sum(received) <> 0 OR sum(awaiting) <> 0 OR sum(rejected_out_of_scope) <> 0 OR sum(rejected_no_facts) <> 0 OR sum(rejected_duplicate) <> 0 OR sum(rejected_abusive) <> 0 OR sum(merged) <> 0 OR sum(in_progress) <> 0 OR sum(substantiated) <> 0 OR sum(unsubstantiated) <> 0 OR sum(open_now) <> 0 OR sum(overdue_now) <> 0 OR sum(escalated) <> 0 OR sum(returns) <> 0 OR sum(with_due) <> 0 OR sum(on_time) <> 0 OR sum(rectifications) <> 0 OR sum(fined) <> 0 OR sum(fines_cny) <> 0 OR sum(suspensions) <> 0 OR sum(closures) <> 0 OR sum(criminal_referrals) <> 0 OR sum(officials_held_accountable) <> 0 OR NOT (0 = ALL (stats_days_sum(conclusion_days))) OR sum(rectification_items) <> 0 OR sum(rectification_items_verified) <> 0 OR sum(rectification_items_overdue) <> 0;
  IF had_old THEN
    DELETE FROM stats_case WHERE tip_id = p_tip;
  END IF;
  INSERT INTO stats_case SELECT new_f.*;
END;
$$;
