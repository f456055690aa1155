import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseBeforeMigration } from "../support/migrated-database";

// Migration 0027 (docs/decisions/037): each outcome that ordered rectification before items
// existed becomes one item. A database migrated to the migration before it, given cases in
// rectifying, verified and closed with a rectification and one without, then migrated on.

const MINE = "rectification_items";
let sql: postgres.Sql;
const ids = { rectifying: "", verified: "", closed: "", none: "" };
const officer = "00000000-0000-4000-8000-000000000001";
const checker = "00000000-0000-4000-8000-000000000002";
let migrateOn: () => Promise<void>;
let close: () => Promise<void>;
afterAll(async () => {
  await close?.();
});

beforeAll(async () => {
  ({ sql, migrateOn, close } = await databaseBeforeMigration("rectification_items", "canary_items"));

  await sql`insert into places (code, parent_code, level, name_zh, name_en) values ('330000', null, 'province', '浙江省', 'Zhejiang Province')`;
  await sql`insert into department_types (code, name_zh, name_en) values ('emergency_management', '应急管理局', 'Emergency Management Bureau')`;
  await sql`insert into sectors (code, name_zh, name_en, department_type, sort_order) values ('hazardous_chemicals', '危险化学品', 'Hazardous chemicals', 'emergency_management', 1)`;
  await sql`insert into staff_accounts (id, email, display_name, role) values (${officer}, 'o@staff.test.invalid', '王承办', 'agency_officer'), (${checker}, 'c@staff.test.invalid', '李核查', 'agency_officer')`;
  let n = 0;
  async function tip(state: string, outcome: { ordered: boolean; dueOn: string | null; note?: string; verifiedOn?: string }) {
    n++;
    const [row] = await sql<{ id: string }[]>`
      insert into tips (reference, reference_seq, state, channel, sector_code, place_code, submitted_on, captcha_status, content_enc, receipt_hash, due_on, concluded_on)
      values (${`JB2026-1000000${n}`}, ${202600000000 + n}, ${state}, 'web', 'hazardous_chemicals', '330000', '2026-01-05', 'not_required', ${Buffer.from("x")}, ${randomBytes(32)},
              ${state === "rectifying" ? outcome.dueOn : null}, '2026-02-01')
      returning id::text as id`;
    await sql`insert into case_outcomes (tip_id, finding, rectification_ordered, rectification_due_on, public_summary_zh, verification_note, verified_on)
      values (${row!.id}, 'substantiated', ${outcome.ordered}, ${outcome.dueOn}, '经核查属实，已依法处理并责令整改到位。', ${outcome.note ?? null}, ${outcome.verifiedOn ?? null})`;
    // The ledger of the conclusion (and verification) by the officers.
    let seq = 0;
    for (const [action, actor] of [["case.conclude_with_rectification", officer], ...(outcome.verifiedOn ? [["case.verify_rectification", checker]] : [])] as const) {
      seq++;
      await sql`insert into ledger_entries (chain, seq, recorded_on, actor_type, actor_id, action, subject_type, subject_id, prev_hash, hash)
        values (${"tip:" + row!.id}, ${seq}, '2026-02-01', 'staff', ${actor}, ${action}, 'tip', ${row!.id}, ${randomBytes(32)}, ${randomBytes(32)})`;
    }
    return row!.id;
  }
  ids.rectifying = await tip("rectifying", { ordered: true, dueOn: "2026-03-01" });
  ids.verified = await tip("verified", { ordered: true, dueOn: "2026-03-01", note: "现场复查已整改。", verifiedOn: "2026-02-20" });
  ids.closed = await tip("closed", { ordered: true, dueOn: "2026-02-15", note: "复查到位。", verifiedOn: "2026-02-10" });
  ids.none = await tip("closed", { ordered: false, dueOn: null });
  await migrateOn();
});

describe("migration 0027: one item per rectification ordered before items", () => {
  it("a case still rectifying gets one open item with the outcome's deadline and the concluding officer as its checker", async () => {
    const rows =
      await sql`select position, action, responsible_role, checking_officer_id::text as officer, due_on::text as due_on, state, verified_on from rectification_items where tip_id = ${ids.rectifying}`;
    expect(rows).toEqual([{ position: 1, action: "按处理结论责令整改", responsible_role: "other_role", officer, due_on: "2026-03-01", state: "open", verified_on: null }]);
  });

  it("a case past rectifying gets its item verified with the outcome's note and date, by the officer who verified", async () => {
    for (const [id, due, note, on] of [
      [ids.verified, "2026-03-01", "现场复查已整改。", "2026-02-20"],
      [ids.closed, "2026-02-15", "复查到位。", "2026-02-10"],
    ] as const) {
      const rows = await sql`select position, due_on::text as due_on, state, verification_note, verified_by::text as by, verified_on::text as on from rectification_items where tip_id = ${id}`;
      expect(rows).toEqual([{ position: 1, due_on: due, state: "verified", verification_note: note, by: checker, on }]);
    }
  });

  it("the statistics count the migrated items (the backfill goes through the statistics trigger)", async () => {
    const rows = await sql`select tip_id::text as id, rectification_items as n, rectification_items_verified as verified from stats_case where tip_id in ${sql([
      ids.rectifying,
      ids.verified,
      ids.none,
    ])}`;
    expect(Object.fromEntries(rows.map((r) => [r.id, [r.n, r.verified]]))).toEqual({ [ids.rectifying]: [1, 0], [ids.verified]: [1, 1], [ids.none]: [0, 0] });
  });

  it("an outcome without rectification gets no item", async () => {
    expect(await sql`select 1 from rectification_items where tip_id = ${ids.none}`).toEqual([]);
    expect((await sql`select count(*)::int as n from rectification_items`)[0]!.n).toBe(3);
  });
});
