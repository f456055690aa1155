import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseBeforeMigration } from "../support/migrated-database";

// Migration 0026 (issue 15, ADR 036): the officer in charge is backfilled from the latest
// `case.accept` of each case's ledger chain, for the cases now with their agency past acceptance,
// unless a routing came after it. A database migrated to 0025 with such cases, then to 0026.

let sql: postgres.Sql;
const ids: Record<string, string> = {};
let migrateOn: () => Promise<void>;
let close: () => Promise<void>;
afterAll(async () => {
  await close?.();
});

beforeAll(async () => {
  ({ sql, migrateOn, close } = await databaseBeforeMigration("officer_in_charge", "canary_officer"));

  await sql`insert into places (code, parent_code, level, name_zh, name_en) values
    ('330000', null, 'province', '浙江省', 'Zhejiang Province'), ('330100', '330000', 'city', '杭州市', 'Hangzhou City'),
    ('330106', '330100', 'county', '西湖区', 'Xihu District'), ('330108', '330100', 'county', '滨江区', 'Binjiang District')`;
  await sql`insert into department_types (code, name_zh, name_en) values ('emergency_management', '应急管理局', 'Emergency Management Bureau'), ('safety_committee', '安委办', 'Safety Committee Office')`;
  await sql`insert into sectors (code, name_zh, name_en, department_type, sort_order) values ('hazardous_chemicals', '危险化学品', 'Hazardous chemicals', 'emergency_management', 1)`;
  const agencies = await sql<{ id: string; place_code: string; department_type: string }[]>`insert into agencies (department_type, place_code, name_zh, name_en, inbox_email) values
    ('emergency_management', '330106', '西湖区应急管理局', 'Xihu EM', 'em106@agencies.canary.invalid'),
    ('emergency_management', '330108', '滨江区应急管理局', 'Binjiang EM', 'em108@agencies.canary.invalid'),
    ('safety_committee', '330106', '西湖区安委办', 'Xihu SC', 'sc106@agencies.canary.invalid')
    returning id::text, place_code, department_type`;
  const agency = (type: string, place: string) => agencies.find((a) => a.department_type === type && a.place_code === place)!.id;
  ids.em106 = agency("emergency_management", "330106");
  ids.em108 = agency("emergency_management", "330108");
  const staff = await sql<{ id: string; email: string }[]>`insert into staff_accounts (email, display_name, role, agency_id) values
    ('wang@x.invalid', '王五', 'agency_officer', ${ids.em106}::uuid),
    ('zhao@x.invalid', '赵六', 'agency_officer', ${ids.em106}::uuid),
    ('binjiang@x.invalid', '滨江', 'agency_officer', ${ids.em108}::uuid),
    ('desk@x.invalid', '受理员', 'triage_officer', ${agency("safety_committee", "330106")}::uuid)
    returning id::text, email`;
  for (const s of staff) ids[s.email.split("@")[0]!] = s.id;

  let seq = 1000;
  const tip = async (key: string, state: string, agencyId: string | null, steps: [string, string][]) => {
    seq += 1;
    const [row] = await sql<
      { id: string }[]
    >`insert into tips (reference, reference_seq, state, channel, sector_code, place_code, submitted_on, captcha_status, content_enc, receipt_hash, agency_id, assigned_on)
      values (${`JB2026-${10000000 + seq}`}, ${202600000000 + seq}, ${state}, 'web', 'hazardous_chemicals', '330106', '2026-11-02', 'not_required', ${Buffer.from("x")}, ${randomBytes(
      32
    )}, ${agencyId}::uuid, ${agencyId ? "2026-11-03" : null})
      returning id::text`;
    ids[key] = row!.id;
    let n = 0;
    for (const [action, actor] of [["tip.submitted", ""] as [string, string], ...steps]) {
      n += 1;
      await sql`insert into ledger_entries (chain, seq, recorded_on, recorded_at, actor_type, actor_id, action, subject_type, subject_id, details, prev_hash, hash)
        values (${"tip:" + row!.id}, ${n}, '2026-11-03', ${actor ? "2026-11-03T02:00:00Z" : null}::timestamptz, ${actor ? "staff" : "tipster"}, ${
        actor ? ids[actor]! : null
      }::uuid, ${action}, 'tip', ${row!.id}, '{}'::jsonb, ${Buffer.alloc(32)}, ${randomBytes(32)})`;
    }
  };
  await tip("investigating", "investigating", ids.em106, [
    ["case.route", "desk"],
    ["case.accept", "wang"],
    ["case.start_investigation", "wang"],
  ]);
  await tip("acceptedTwice", "accepted", ids.em106, [
    ["case.route", "desk"],
    ["case.accept", "wang"],
    ["case.return", "wang"],
    ["case.route", "desk"],
    ["case.accept", "zhao"],
  ]);
  await tip("reRouted", "assigned", ids.em108, [
    ["case.route", "desk"],
    ["case.accept", "wang"],
    ["case.reopen", "desk"],
    ["case.route", "desk"],
  ]);
  await tip("closed", "closed", ids.em106, [
    ["case.route", "desk"],
    ["case.accept", "wang"],
    ["case.close", "wang"],
  ]);
  await tip("reviewReopened", "reopened", ids.em106, [
    ["case.route", "desk"],
    ["case.accept", "wang"],
    ["case.reopen_after_review", "desk"],
  ]);
  await tip("submitted", "submitted", null, []);
  await migrateOn();
});

describe("migration 0026: the officer in charge, backfilled", () => {
  it("takes the latest acceptance's officer, for cases with their agency past acceptance only", async () => {
    const rows = await sql<{ id: string; officer: string | null }[]>`select id::text, assigned_officer_id::text as officer from tips`;
    const byKey = Object.fromEntries(Object.entries(ids).flatMap(([k, id]) => rows.filter((r) => r.id === id).map((r) => [k, r.officer])));
    expect(byKey).toEqual({
      investigating: ids.wang,
      acceptedTwice: ids.zhao, // the latest acceptance, not the first
      reRouted: null, // routed again since (and not yet accepted)
      closed: ids.wang, // closed cases keep who handled them
      reviewReopened: null, // back at the desk
      submitted: null,
    });
  });

  it("adds the foreign key and the index of my cases", async () => {
    const [fk] = await sql`select count(*)::int as n from pg_constraint where conname = 'tips_assigned_officer_id_staff_accounts_id_fk'`;
    expect(fk!.n).toBe(1);
    const [idx] = await sql`select indexdef from pg_indexes where indexname = 'tips_officer_idx'`;
    expect(idx!.indexdef).toContain("(agency_id, assigned_officer_id, assigned_on, reference_seq)");
  });
});
