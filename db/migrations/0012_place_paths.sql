-- How a place is written in published data (the outcomes page, its feed and the open-data
-- downloads): province, city and county names, without the placeholder levels that are not real
-- names ("市辖区", "省直辖县级行政区划"). Chinese from the top down without separators
-- ("浙江省杭州市西湖区"), English from the bottom up ("Xihu District, Hangzhou, Zhejiang").
-- One definition for the JavaScript pages and the CSV that PostgreSQL writes. Materialized (the
-- CSV looks one up per record, 700,000 times) and refreshed by a trigger whenever places change
-- (only the reference data seed writes them).
CREATE MATERIALIZED VIEW "place_paths" AS
SELECT p.code,
       concat_ws('', l3.zh, l2.zh, l1.zh) AS path_zh,
       concat_ws(', ', l1.en, l2.en, l3.en) AS path_en
FROM places p
LEFT JOIN places parent ON parent.code = p.parent_code
LEFT JOIN places grandparent ON grandparent.code = parent.parent_code
CROSS JOIN LATERAL (SELECT CASE WHEN p.name_zh LIKE ANY (ARRAY['%市辖区%', '%直辖%']) THEN NULL ELSE p.name_zh END AS zh, CASE WHEN p.name_zh LIKE ANY (ARRAY['%市辖区%', '%直辖%']) THEN NULL ELSE p.name_en END AS en) l1
CROSS JOIN LATERAL (SELECT CASE WHEN parent.name_zh LIKE ANY (ARRAY['%市辖区%', '%直辖%']) THEN NULL ELSE parent.name_zh END AS zh, CASE WHEN parent.name_zh LIKE ANY (ARRAY['%市辖区%', '%直辖%']) THEN NULL ELSE parent.name_en END AS en) l2
CROSS JOIN LATERAL (SELECT CASE WHEN grandparent.name_zh LIKE ANY (ARRAY['%市辖区%', '%直辖%']) THEN NULL ELSE grandparent.name_zh END AS zh, CASE WHEN grandparent.name_zh LIKE ANY (ARRAY['%市辖区%', '%直辖%']) THEN NULL ELSE grandparent.name_en END AS en) l3;
--> statement-breakpoint
CREATE UNIQUE INDEX "place_paths_code" ON "place_paths" ("code");
--> statement-breakpoint
CREATE FUNCTION "refresh_place_paths"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  REFRESH MATERIALIZED VIEW "place_paths";
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "places_refresh_paths" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "places" FOR EACH STATEMENT EXECUTE FUNCTION "refresh_place_paths"();
--> statement-breakpoint
-- One field of a CSV record (RFC 4180): empty for NULL; quoted, with quotes doubled, when it holds
-- a comma, a quote, a carriage return or a line feed. Used by the outcomes download, whose pages
-- PostgreSQL writes as text (app/services/published-outcomes.server.ts).
CREATE FUNCTION "csv_field"(v text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN v IS NULL THEN ''
            WHEN strpos(v, ',') > 0 OR strpos(v, '"') > 0 OR strpos(v, chr(10)) > 0 OR strpos(v, chr(13)) > 0 THEN '"' || replace(v, '"', '""') || '"'
            ELSE v END;
