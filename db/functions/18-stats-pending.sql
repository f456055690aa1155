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
