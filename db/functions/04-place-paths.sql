-- place_paths (the materialized view, in 0012 and db/schema) refreshed whenever places change (0012).
-- The current definition (db/functions/README.md: a change here ships as a new migration).
CREATE OR REPLACE FUNCTION "refresh_place_paths"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  REFRESH MATERIALIZED VIEW "place_paths";
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER "places_refresh_paths" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "places" FOR EACH STATEMENT EXECUTE FUNCTION "refresh_place_paths"();
