-- The ledger refuses updates and deletes (first defined in 0001).
-- The current definition (db/functions/README.md: a change here ships as a new migration).
-- The ledger is append-only: updates and deletes are refused by the database itself.
-- (A superuser can still disable the trigger; the hash chains and anchors detect that.)
CREATE OR REPLACE FUNCTION canary_ledger_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'the ledger is append-only (% on %)', TG_OP, TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION canary_ledger_append_only();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER ledger_anchors_append_only BEFORE UPDATE OR DELETE ON ledger_anchors
  FOR EACH ROW EXECUTE FUNCTION canary_ledger_append_only();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER ledger_anchor_heads_append_only BEFORE UPDATE OR DELETE ON ledger_anchor_heads
  FOR EACH ROW EXECUTE FUNCTION canary_ledger_append_only();
