import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The statistics triggers record each counted change as it happened (migration 0030: one
// stats_change row for a filing, two — old facts out, new facts in — for a later change) instead
// of delta rows for every scope × dim; stats_fold() and the view stats_pending expand them in
// bulk. After a burst of changes of every kind, the rollups plus stats_pending equal a rebuild
// from the cases in every row of every scope, before and after a fold.

type M = typeof import("../../app/lib/db.server") & typeof import("../../app/services/published-statistics.server");
let m: M;
let sql: import("postgres").Sql;

const MEASURES = [
  "received", "awaiting", "rejected_out_of_scope", "rejected_no_facts", "rejected_duplicate", "rejected_abusive", "merged", "in_progress",
  "substantiated", "unsubstantiated", "open_now", "overdue_now", "escalated", "returns", "with_due", "on_time", "rectifications", "fined",
  "fines_cny", "suspensions", "closures", "criminal_referrals", "officials_held_accountable", "rectification_items",
  "rectification_items_verified", "rectification_items_overdue",
];

let seed = 20261203;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
const Y = 4000 + Math.floor(Math.random() * 900);
let places: string[] = [];
let agencies: string[] = [];
const ids: string[] = [];

const changes = async () => ((await sql`select count(*)::int as n from stats_change`) as unknown as [{ n: number }])[0].n;
const deltas = async () => ((await sql`select count(*)::int as n from stats_delta`) as unknown as [{ n: number }])[0].n;

/** Every rollup row (folded plus pending) as "scope|month|dim|key" → measures and histogram, rows of all zeros left out. */
async function figures(): Promise<Map<string, string>> {
  const rows = await sql.unsafe<{ k: string; v: string }[]>(`
    select trim(scope) || '|' || month || '|' || dim || '|' || key as k,
           concat_ws(',', ${MEASURES.map((c) => `sum(${c})`).join(", ")}) || ' days ' || array_to_string(stats_days_sum(conclusion_days), ',') as v
    from (select * from stats_rollup union all select * from stats_pending) u
    group by scope, month, dim, key`);
  // Trailing zeros of a histogram are no difference (a fold may leave [0] where a rebuild has []).
  const norm = (v: string) => v.replace(/(,0)+$/, "").replace(/ days 0$/, " days ");
  return new Map(rows.map((r) => [r.k, norm(r.v)] as const).filter(([, v]) => !/^(0,)*0 days $/.test(v)));
}

async function fileTip(): Promise<string> {
  const id = randomUUID();
  const [{ seq }] = (await sql`select nextval('tip_reference_seq') as seq`) as unknown as [{ seq: string }];
  await sql`insert into tips ${sql({
    id,
    reference: `JB${Y}-${String(seq).padStart(7, "0")}`,
    reference_seq: seq,
    state: "submitted",
    channel: pick(["web", "open311", "phone"]),
    sector_code: pick(["pollution", "construction", "hazardous_chemicals", "fire_safety", "other"]),
    place_code: pick(places),
    submitted_on: `${Y}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`,
    captcha_status: "not_required",
    content_enc: randomBytes(32),
    receipt_hash: randomBytes(32),
  })}`;
  ids.push(id);
  return id;
}

beforeAll(async () => {
  m = { ...(await import("../../app/lib/db.server")), ...(await import("../../app/services/published-statistics.server")) } as M;
  sql = m.sqlClient();
  places = (await sql<{ code: string }[]>`select code from places where code like '33%' order by code`).map((r) => r.code.trim()).filter((_, i) => i % 7 === 0);
  agencies = (await sql<{ id: string }[]>`select id::text from agencies where place_code like '33%' order by id limit 12`).map((a) => a.id);
  expect(places.length).toBeGreaterThan(5);
  expect(agencies.length).toBeGreaterThan(3);
  await m.foldStatistics();
});

afterAll(async () => {
  await m?.closeDb();
});

describe("statistics recorded as changes (stats_change)", () => {
  it("writes one row per filing, two per counted change, none for a change the statistics do not see, and no delta rows", async () => {
    const before = await changes();
    const deltasBefore = await deltas();
    const id = await fileTip();
    expect(await changes()).toBe(before + 1);
    await sql`update tips set state = 'assigned', agency_id = ${agencies[0]!}, assigned_on = submitted_on, due_on = submitted_on + 15 where id = ${id}`;
    expect(await changes()).toBe(before + 3);
    await sql`update tips set tipster_news_position = tipster_news_position + 1 where id = ${id}`;
    expect(await changes()).toBe(before + 3);
    expect(await deltas()).toBe(deltasBefore);
  });

  it("after a burst of changes of every kind, the rollups plus stats_pending equal a rebuild from the cases, before and after a fold", async () => {
    for (let i = 0; i < 60; i++) await fileTip();
    await m.foldStatistics(); // some changes folded, the rest pending
    for (const id of ids.slice(0, 45)) {
      await sql`update tips set state = 'assigned', agency_id = ${pick(agencies)}, assigned_on = submitted_on, due_on = submitted_on + 15 where id = ${id}`;
    }
    for (const id of ids.slice(0, 10)) await sql`insert into tip_returns (tip_id, agency_id, reason) values (${id}, ${pick(agencies)}, 'not ours')`;
    for (const id of ids.slice(0, 30)) {
      await sql`insert into case_outcomes (tip_id, finding, rectification_ordered, fine_cny, officials_held_accountable, public_summary_zh)
                values (${id}, ${pick(["substantiated", "partly_substantiated", "unsubstantiated"])}, ${random() < 0.5}, ${random() < 0.5 ? 5000 : null}, ${random() < 0.3 ? 1 : 0}, '经查属实。')`;
      await sql`update tips set state = 'closed', concluded_on = submitted_on + ${Math.floor(random() * 60)}::int, conclusion_due_on = submitted_on + 40,
                  overdue_since = case when ${random() < 0.3} then due_on + 1 end where id = ${id}`;
    }
    for (const id of ids.slice(0, 8)) {
      await sql`insert into rectification_items (tip_id, position, action, responsible_role, due_on, state) select ${id}, 1, '整改', 'principal', submitted_on + 20, 'open' from tips where id = ${id}`;
    }
    await sql`update rectification_items set state = 'verified', verified_on = due_on where tip_id in ${sql(ids.slice(0, 4))}`;
    await sql`update tips set state = 'investigating' where id in ${sql(ids.slice(25, 30))}`; // reopened: no longer concluded
    await sql`delete from rectification_items where tip_id in ${sql(ids.slice(25, 30))}`;
    await sql`delete from case_outcomes where tip_id in ${sql(ids.slice(25, 30))}`;
    await sql`update tips set state = 'rejected', rejection_reason = 'no_facts' where id in ${sql(ids.slice(50, 55))}`;
    await sql`update tips set state = 'merged', merged_into_id = ${ids[0]!} where id in ${sql(ids.slice(55, 58))}`;
    await sql`update tips set place_code = ${places[1]!}, sector_code = 'other' where id in ${sql(ids.slice(40, 48))}`;
    expect(await changes()).toBeGreaterThan(0);

    const pending = await figures();
    await m.foldStatistics();
    expect(await changes()).toBe(0);
    expect(((await sql`select count(*)::int as n from stats_pending`) as unknown as [{ n: number }])[0].n).toBe(0);
    const folded = await figures();
    expect(folded).toEqual(pending);
    await m.rebuildStatistics();
    const rebuilt = await figures();
    expect(rebuilt.size).toBeGreaterThan(100);
    expect(pending).toEqual(rebuilt);
  }, 120_000);
});
