ALTER TABLE "stats_case" ADD COLUMN "channel" text;
--> statement-breakpoint
-- The channel as a statistics dimension (docs/decisions/020-hotline-channels.md): each case's
-- facts gain its channel (the last column, as stats_case's), and each case counts in a
-- ('channel', <channel>) row at every scope, like its sector. Existing figures are recounted.
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
  t.channel
FROM tips t
LEFT JOIN case_outcomes o ON o.tip_id = t.id
LEFT JOIN agencies a ON a.id = t.agency_id
CROSS JOIN LATERAL (SELECT coalesce(t.state NOT IN ('rejected', 'merged', 'submitted') AND t.concluded_on IS NOT NULL AND o.finding IS NOT NULL, false) AS concluded) c;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stats_expand(f stats_case, sign integer) RETURNS SETOF stats_rollup
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
    -- the case's place seen from the country, its province, its city and its county (and, since
    -- 0017, its channel: web, open311, phone, letter, visit, email)
    SELECT s.scope, d.dim, d.key, 'case' AS kind
    FROM (VALUES
        ('000000', substr(f.place_code, 1, 2) || '0000'),
        (substr(f.place_code, 1, 2) || '0000', CASE WHEN f.place_code NOT LIKE '__0000' THEN substr(f.place_code, 1, 4) || '00' END),
        (CASE WHEN f.place_code NOT LIKE '__0000' THEN substr(f.place_code, 1, 4) || '00' END, CASE WHEN f.place_code NOT LIKE '____00' THEN f.place_code END),
        (CASE WHEN f.place_code NOT LIKE '____00' THEN f.place_code END, NULL)
      ) AS s(scope, child)
    CROSS JOIN LATERAL (VALUES ('all', ''), ('sector', f.sector_code), ('place', s.child), ('channel', f.channel)) AS d(dim, key)
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
SELECT stats_rebuild();
