-- Statistics: the triggers that count every change in its own transaction (0008).
-- The current definition (db/functions/README.md: a change here ships as a new migration).
CREATE OR REPLACE FUNCTION stats_tip_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM stats_refresh(NEW.id);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stats_case_part_changed() RETURNS trigger
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
CREATE OR REPLACE TRIGGER tips_statistics AFTER INSERT OR UPDATE ON tips FOR EACH ROW EXECUTE FUNCTION stats_tip_changed();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER case_outcomes_statistics AFTER INSERT OR UPDATE OR DELETE ON case_outcomes FOR EACH ROW EXECUTE FUNCTION stats_case_part_changed();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER tip_returns_statistics AFTER INSERT OR UPDATE OR DELETE ON tip_returns FOR EACH ROW EXECUTE FUNCTION stats_case_part_changed();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER rectification_items_statistics AFTER INSERT OR UPDATE OR DELETE ON rectification_items FOR EACH ROW EXECUTE FUNCTION stats_case_part_changed();
