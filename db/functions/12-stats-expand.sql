-- Statistics: the rollup rows one case counts in (0008; the channel dimension since 0017).
-- The current definition (db/functions/README.md: a change here ships as a new migration).
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
    CASE WHEN k.kind = 'return' OR f.days IS NULL THEN '{}'::integer[] ELSE array_fill(0, ARRAY[least(f.days, 730)]) || sign END AS conclusion_days,
    sign * (CASE WHEN k.kind = 'return' THEN 0 ELSE f.rectification_items END) AS rectification_items,
    sign * (CASE WHEN k.kind = 'return' THEN 0 ELSE f.rectification_items_verified END) AS rectification_items_verified,
    sign * (CASE WHEN k.kind = 'return' THEN 0 ELSE f.rectification_items_overdue END) AS rectification_items_overdue
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
