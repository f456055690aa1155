-- One CSV field, quoted and guarded, for the outcomes download (0012; guarded since 0015).
-- The current definition (db/functions/README.md: a change here ships as a new migration).
-- One field of a CSV record (RFC 4180), as in 0012, and now guarded against formula injection
-- the way app/domain/csv-text.ts guards the CSVs written in Node (OWASP): a text that starts with
-- '=', '+', '-', '@', a tab or a carriage return gets a leading apostrophe, so that a spreadsheet
-- shows it as text instead of running it. Only text columns go through this function; numbers,
-- codes, dates and booleans of the outcomes download do not (app/services/published-outcomes.server.ts).
-- The apostrophe cannot add a separator, so the quoting decision is the same as before.
CREATE OR REPLACE FUNCTION "csv_field"(v text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN v IS NULL THEN ''
            WHEN strpos(v, ',') > 0 OR strpos(v, '"') > 0 OR strpos(v, chr(10)) > 0 OR strpos(v, chr(13)) > 0
              THEN '"' || CASE WHEN left(v, 1) IN ('=', '+', '-', '@', chr(9), chr(13)) THEN '''' ELSE '' END || replace(v, '"', '""') || '"'
            WHEN left(v, 1) IN ('=', '+', '-', '@', chr(9), chr(13)) THEN '''' || v
            ELSE v END;
