-- The national level (issue 11, docs/decisions/018-national-level-and-desks.md): the country
-- (全国, 000000) as a place, so that national agencies (one per department type and the State
-- Council work-safety committee office, the national triage desk) can be entered in the
-- directory (agencies.place_code references places). It sits above the provinces by its code
-- (app/domain/places.ts); the provinces keep parent_code null, so the place picker and the
-- statistics' tree are unchanged. No tip is moved: every tip's desk is computed from staffing
-- when it is read, so a tip filed before (in an unstaffed province) shows at the national desk.
INSERT INTO "places" ("code", "parent_code", "level", "name_zh", "name_en") VALUES ('000000', NULL, 'country', '全国', 'China (national level)') ON CONFLICT ("code") DO NOTHING;
