-- Nothing stored orders a tipster's actions within their day (docs/decisions/015-tipster-time.md).
-- Rows a tipster's action writes get random ids instead of sequence values; existing ids stay.
CREATE FUNCTION random_id() RETURNS bigint
LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
  -- 53 random bits (gen_random_uuid is in core since PostgreSQL 13): positive, exact as a JavaScript number.
  SELECT ('x' || substr(translate(gen_random_uuid()::text, '-', ''), 1, 16))::bit(64)::bigint & 9007199254740991
$$;
--> statement-breakpoint
-- stats_delta's sequence is the statistics' data version (published-statistics.server.ts): it
-- still moves with every delta row, while the row's own id is random.
CREATE FUNCTION stats_delta_id() RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM nextval('stats_delta_id_seq');
  RETURN random_id();
END;
$$;
--> statement-breakpoint
ALTER TABLE "ledger_entries" ALTER COLUMN "id" SET DEFAULT random_id();--> statement-breakpoint
DROP SEQUENCE "ledger_entries_id_seq";--> statement-breakpoint
ALTER TABLE "case_disputes" ALTER COLUMN "id" SET DEFAULT random_id();--> statement-breakpoint
DROP SEQUENCE "case_disputes_id_seq";--> statement-breakpoint
ALTER TABLE "stats_delta" ALTER COLUMN "id" SET DEFAULT stats_delta_id();--> statement-breakpoint
ALTER TABLE "tip_messages" ALTER COLUMN "id" SET DEFAULT random_id();--> statement-breakpoint
DROP SEQUENCE "tip_messages_id_seq";--> statement-breakpoint
-- The thread's order, which the id gave until now.
ALTER TABLE "tip_messages" ADD COLUMN "position" integer;--> statement-breakpoint
UPDATE "tip_messages" m SET "position" = o.n
  FROM (SELECT id, row_number() OVER (PARTITION BY tip_id ORDER BY id) AS n FROM "tip_messages") o
  WHERE o.id = m.id;--> statement-breakpoint
ALTER TABLE "tip_messages" ALTER COLUMN "position" SET NOT NULL;--> statement-breakpoint
DROP INDEX "tip_messages_tip_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "tip_messages_tip_position_uq" ON "tip_messages" USING btree ("tip_id","position");
