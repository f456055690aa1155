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
