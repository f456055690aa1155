-- Statistics: stats_delta's id default, which moves the data version (0014).
-- The current definition (db/functions/README.md: a change here ships as a new migration).
-- stats_delta's sequence is the statistics' data version (published-statistics.server.ts): it
-- still moves with every delta row, while the row's own id is random.
CREATE OR REPLACE FUNCTION stats_delta_id() RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM nextval('stats_delta_id_seq');
  RETURN random_id();
END;
$$;
