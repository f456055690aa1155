-- bench:intake variant (BENCH_SQL): a PROTOTYPE of the compact design, measured on the throwaway
-- bench database only (not a migration, nothing reads stats_change here). The trigger still
-- derives the case's facts (stats_case_facts) and keeps stats_case, but instead of expanding the
-- change into delta rows for every scope x dim (15 for a filed tip at county level, 17 for a
-- routing or a conclusion) it records the change itself: the old facts with sign -1 and the new
-- with sign +1 (1 row for a filing, 2 for a change). The fold (and a reader, for the pending
-- rows) would expand them with stats_expand in bulk.
CREATE TABLE stats_change (
  id bigint PRIMARY KEY DEFAULT stats_delta_id(),
  sign smallint NOT NULL,
  facts jsonb NOT NULL
);
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
