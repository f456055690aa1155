-- Statistics: what each case contributes (0008; days never negative and the channel since 0017).
-- The current definition (db/functions/README.md: a change here ships as a new migration).
-- Published statistics: rollups kept current in the transaction of every change
-- (docs/decisions/010-statistics-rollups.md).
--
-- stats_case_facts: what each case contributes, derived from tips, case_outcomes, tip_returns
-- and agencies. The definitions (docs/domain.md "Published statistics"):
--   status      awaiting (state submitted) | rejected_<reason> | merged | substantiated |
--               unsubstantiated (concluded: a conclusion date and a finding; "substantiated"
--               includes partly substantiated) | in_progress (every other case taken up)
--   open_now    not rejected, merged or closed
--   overdue_now open, and flagged overdue for its current deadline by the hourly escalation
--               check (overdue_since after due_on)
--   escalated   the supervising agency was ever alerted (escalated_at)
--   with_due / on_time  concluded with a conclusion deadline / concluded on or before it
--   days        calendar days from submission to conclusion, never negative (a conclusion dated
--               before the filing counts as 0)
--   actions     over concluded cases
--   rectification_items / _verified / _overdue  over concluded cases: the case's rectification
--               items, those verified, and (while the case is overdue now) those not verified
--               whose deadline in force is before overdue_since (since 0027, ADR 037), after channel
--   channel     how the tip arrived (web, open311, phone, letter, visit, email; since 0017), the
--               last column, as stats_case's (CREATE OR REPLACE VIEW can only add columns at the end)
CREATE OR REPLACE VIEW stats_case_facts AS
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
            FROM tip_returns r JOIN agencies ra ON ra.id = r.agency_id WHERE r.tip_id = t.id), '{}'::text[]) AS returns_by,
  t.channel,
  CASE WHEN c.concluded THEN i.n ELSE 0 END AS rectification_items,
  CASE WHEN c.concluded THEN i.verified ELSE 0 END AS rectification_items_verified,
  CASE WHEN c.concluded AND t.state NOT IN ('rejected', 'merged', 'closed') AND t.due_on IS NOT NULL AND t.overdue_since IS NOT NULL AND t.overdue_since > t.due_on THEN i.overdue ELSE 0 END AS rectification_items_overdue
FROM tips t
LEFT JOIN case_outcomes o ON o.tip_id = t.id
LEFT JOIN agencies a ON a.id = t.agency_id
CROSS JOIN LATERAL (SELECT coalesce(t.state NOT IN ('rejected', 'merged', 'submitted') AND t.concluded_on IS NOT NULL AND o.finding IS NOT NULL, false) AS concluded) c
CROSS JOIN LATERAL (SELECT count(*)::integer AS n,
    (count(*) FILTER (WHERE ri.state = 'verified'))::integer AS verified,
    (count(*) FILTER (WHERE ri.state <> 'verified' AND coalesce(ri.extended_due_on, ri.due_on) < t.overdue_since))::integer AS overdue
  FROM rectification_items ri WHERE ri.tip_id = t.id) i;
