-- Random row ids for rows a tipster's action writes (first defined in 0014).
-- The current definition (db/functions/README.md: a change here ships as a new migration).
-- Nothing stored orders a tipster's actions within their day (docs/decisions/015-tipster-time.md).
-- Rows a tipster's action writes get random ids instead of sequence values; existing ids stay.
CREATE OR REPLACE FUNCTION random_id() RETURNS bigint
LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
  -- 53 random bits (gen_random_uuid is in core since PostgreSQL 13): positive, exact as a JavaScript number.
  SELECT ('x' || substr(translate(gen_random_uuid()::text, '-', ''), 1, 16))::bit(64)::bigint & 9007199254740991
$$;
