import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseBeforeMigration } from "../support/migrated-database";

// Migration 0025 (ADR 032): a database seeded before it had the pinyin names — 陕西 as a second
// "Shanxi Province", 内蒙古 as "Neimenggu" — in places, in the published paths and in the agencies
// named after their place. Migrated to 0024, seeded with those names, then migrated on.

let sql: postgres.Sql;
let migrateOn: () => Promise<void>;
let close: () => Promise<void>;
afterAll(async () => {
  await close?.();
});

beforeAll(async () => {
  ({ sql, migrateOn, close } = await databaseBeforeMigration("place_names_english", "canary_names"));
  // The names the seed wrote before 0025; 220100 as an administrator might have corrected it.
  await sql`insert into places (code, parent_code, level, name_zh, name_en) values
    ('610000', null, 'province', '陕西省', 'Shanxi Province'),
    ('610100', '610000', 'city', '西安市', 'Xian City'),
    ('610113', '610100', 'county', '雁塔区', 'Yanta District'),
    ('150000', null, 'province', '内蒙古自治区', 'Neimenggu Autonomous Region'),
    ('220000', null, 'province', '吉林省', 'Jilin Province'),
    ('222400', '220000', 'city', '延边朝鲜族自治州', 'Yanbian Korean Autonomous Prefecture (edited)')`;
  await sql`insert into department_types (code, name_zh, name_en) values ('emergency_management', '应急管理局', 'Emergency Management Bureau')`;
  await sql`insert into agencies (department_type, place_code, name_zh, name_en, inbox_email) values
    ('emergency_management', '610000', '陕西省应急管理局', 'Shanxi Province Emergency Management Bureau', 'a@agencies.canary.invalid'),
    ('emergency_management', '150000', '内蒙古自治区应急管理局', 'Department of Emergency Management of Inner Mongolia', 'b@agencies.canary.invalid')`;
  await migrateOn();
});

describe("migration 0025: English place names", () => {
  it("renames the provinces the seed had wrong, keeps the others", async () => {
    const rows = await sql<{ code: string; name_en: string }[]>`select code, name_en from places where code <> '000000' order by code`;
    expect(Object.fromEntries(rows.map((r) => [r.code, r.name_en]))).toEqual({
      "150000": "Inner Mongolia Autonomous Region",
      "220000": "Jilin Province",
      "222400": "Yanbian Korean Autonomous Prefecture (edited)", // not the seed's rendering: left alone
      "610000": "Shaanxi Province",
      "610100": "Xian City",
      "610113": "Yanta District",
    });
  });

  it("the published path of a county reads the new name (place_paths is refreshed)", async () => {
    const [row] = await sql<{ path_en: string }[]>`select path_en from place_paths where code = '610113'`;
    expect(row!.path_en).toBe("Yanta District, Xian City, Shaanxi Province");
  });

  it("an agency named by the seed after its place follows; one named otherwise is left as it is", async () => {
    const rows = await sql<{ place_code: string; name_en: string }[]>`select place_code, name_en from agencies order by place_code`;
    expect(rows.map((r) => r.name_en)).toEqual(["Department of Emergency Management of Inner Mongolia", "Shaanxi Province Emergency Management Bureau"]);
  });
});
