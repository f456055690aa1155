import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Statistics correctness: on a random data set (random states, places, agencies, outcomes,
// returns, deadlines, then random changes to them, some folded into the rollups and some still
// pending as deltas), every counter the rollups give and every figure /stats publishes equals the
// same figure recomputed directly with SQL from the cases. The data live in a year of this file's
// own (3000–3899).

type M = typeof import("../../app/lib/db.server") &
  typeof import("../../app/lib/env.server") &
  typeof import("../../app/services/published-statistics.server") &
  typeof import("../../app/domain/published-statistics");
let m: M;
let sql: import("postgres").Sql;

const Y = 3000 + Math.floor(Math.random() * 900);
const NOW = new Date(Date.UTC(Y, 10, 20, 4)); // 20 November of year Y
const STATES = ["submitted", "returned", "assigned", "accepted", "investigating", "rectifying", "closed", "rejected", "merged", "reopened", "under_review"];
const SECTORS = ["pollution", "construction", "hazardous_chemicals", "fire_safety", "other"];
const REASONS = ["out_of_scope", "no_facts", "duplicate", "abusive"];
const FINDINGS = ["substantiated", "partly_substantiated", "unsubstantiated"];

let seed = Math.floor(Math.random() * 2 ** 31);
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
const chance = (p: number) => random() < p;
const day = (monthsBack: number, d: number) => {
  const t = new Date(Date.UTC(Y, 10 - monthsBack, 1 + d));
  return t.toISOString().slice(0, 10);
};
const addDays = (iso: string, n: number) => new Date(Date.parse(iso) + n * 86_400_000).toISOString().slice(0, 10);

let places: string[] = [];
let agencies: { id: string; place: string }[] = [];
const tipIds: string[] = [];

/** Random facts for a tip (state and everything that goes with it). */
function randomFacts(submittedOn: string) {
  const state = pick(STATES);
  const withAgency = ["assigned", "accepted", "investigating", "rectifying", "closed", "under_review"].includes(state) || (state === "merged" && chance(0.3));
  const concludedState = ["rectifying", "closed", "under_review"].includes(state) || (["investigating", "reopened"].includes(state) && chance(0.2));
  const concludedOn = concludedState ? addDays(submittedOn, Math.floor(random() * 120)) : null;
  const dueOn = state === "closed" || state === "rejected" || state === "merged" ? (chance(0.1) ? addDays(submittedOn, 30) : null) : chance(0.9) ? addDays(submittedOn, Math.floor(random() * 90)) : null;
  return {
    state,
    agency_id: withAgency ? pick(agencies).id : null,
    due_on: dueOn,
    rejection_reason: state === "rejected" ? (chance(0.9) ? pick(REASONS) : null) : null,
    overdue_since: dueOn && chance(0.4) ? addDays(dueOn, Math.floor(random() * 5) - 1) : null,
    escalated_at: chance(0.15) ? NOW.toISOString() : null,
    concluded_on: concludedOn,
    conclusion_due_on: concludedOn && chance(0.85) ? addDays(submittedOn, 40 + Math.floor(random() * 40)) : null,
    // No close-out date: the statistics do not use it, and /outcomes (other test files) lists closed cases by it.
    closed_on: null,
    withOutcome: concludedOn !== null ? chance(0.95) : chance(0.05),
  };
}

async function setOutcome(tipId: string, present: boolean) {
  // Rectification items (ADR 037) belong to the outcome: gone with it, replaced with it.
  await sql`delete from rectification_items where tip_id = ${tipId}`;
  if (!present) {
    await sql`delete from case_outcomes where tip_id = ${tipId}`;
    return;
  }
  const o = {
    tip_id: tipId,
    finding: pick(FINDINGS),
    rectification_ordered: chance(0.5),
    fine_cny: chance(0.4) ? 1000 * (1 + Math.floor(random() * 50)) : chance(0.5) ? null : 0,
    suspension: chance(0.2),
    closure: chance(0.1),
    criminal_referral: chance(0.05),
    officials_held_accountable: chance(0.2) ? 1 + Math.floor(random() * 3) : 0,
    public_summary_zh: "经查属实，已责令整改。",
  };
  await sql`insert into case_outcomes ${sql(o)} on conflict (tip_id) do update set ${sql(o, "finding", "rectification_ordered", "fine_cny", "suspension", "closure", "criminal_referral", "officials_held_accountable")}`;
  if (!o.rectification_ordered) return;
  const [t] = await sql<{ submitted_on: string }[]>`select submitted_on::text from tips where id = ${tipId}`;
  for (let i = 1, n = 1 + Math.floor(random() * 3); i <= n; i++) {
    const state = pick(["open", "extended", "verified"] as const);
    const dueOn = addDays(t!.submitted_on, Math.floor(random() * 90));
    const extended = state === "extended" || (state === "verified" && chance(0.3)) ? addDays(dueOn, 1 + Math.floor(random() * 20)) : null;
    await sql`insert into rectification_items ${sql({ tip_id: tipId, position: i, action: "整改事项", responsible_role: "principal", due_on: dueOn, state, extended_due_on: extended, verified_on: state === "verified" ? dueOn : null })}`;
  }
}

async function insertTip(monthsBack: number) {
  const id = randomUUID();
  const submittedOn = day(monthsBack, Math.floor(random() * 28));
  const f = randomFacts(submittedOn);
  const [{ seq }] = (await sql<{ seq: string }[]>`select nextval('tip_reference_seq') as seq`) as unknown as [{ seq: string }];
  await sql`insert into tips ${sql({
    id,
    reference: `JB${Y}-${String(seq).padStart(7, "0")}`,
    reference_seq: seq,
    state: f.state,
    channel: "web",
    sector_code: pick(SECTORS),
    place_code: pick(places),
    submitted_on: submittedOn,
    captcha_status: "not_required",
    content_enc: randomBytes(32),
    receipt_hash: randomBytes(32),
    agency_id: f.agency_id,
    due_on: f.due_on,
    rejection_reason: f.rejection_reason,
    overdue_since: f.overdue_since,
    escalated_at: f.escalated_at,
    concluded_on: f.concluded_on,
    conclusion_due_on: f.conclusion_due_on,
    closed_on: f.closed_on,
  })}`;
  if (f.withOutcome) await setOutcome(id, true);
  for (let r = chance(0.2) ? 1 + Math.floor(random() * 2) : 0; r > 0; r--) await sql`insert into tip_returns (tip_id, agency_id, reason) values (${id}, ${pick(agencies).id}, 'not ours')`;
  tipIds.push(id);
}

/** A random later change: state and dates, a re-routing, a new sector or place, an outcome, a return. */
async function changeTip(id: string) {
  const [t] = await sql<{ submitted_on: string }[]>`select submitted_on::text from tips where id = ${id}`;
  const f = randomFacts(t!.submitted_on);
  const { withOutcome, ...cols } = f;
  const extra = chance(0.2) ? { sector_code: pick(SECTORS) } : chance(0.2) ? { place_code: pick(places) } : {};
  await sql`update tips set ${sql({ ...cols, ...extra } as Record<string, unknown>)} where id = ${id}`;
  if (chance(0.7)) await setOutcome(id, withOutcome);
  if (chance(0.15)) await sql`insert into tip_returns (tip_id, agency_id, reason) values (${id}, ${pick(agencies).id}, 'again')`;
}

/** How long a publication may be served after a change (STATISTICS_MAX_AGE_SECONDS). Here 0 unless a test says otherwise: every figure is compared with the data as they are. */
const MAX_AGE_BEFORE = process.env.STATISTICS_MAX_AGE_SECONDS;
function setMaxAge(seconds: number) {
  process.env.STATISTICS_MAX_AGE_SECONDS = String(seconds);
  m.resetEnvCache();
}

beforeAll(async () => {
  m = {
    ...(await import("../../app/lib/db.server")),
    ...(await import("../../app/lib/env.server")),
    ...(await import("../../app/services/published-statistics.server")),
    ...(await import("../../app/domain/published-statistics")),
  } as M;
  setMaxAge(0);
  sql = m.sqlClient();
  // Places: counties and cities of two cities of the demo province, one city of another province,
  // and a case placed at province level only.
  const rows = await sql<{ code: string }[]>`select code from places where (code like '3301%' or code like '3302%' or code like '3201%') order by code`;
  places = [...rows.map((r) => r.code.trim()).filter((_, i) => i % 2 === 0), "330000", "330100"];
  agencies = (await sql<{ id: string; place: string }[]>`(select id::text, place_code as place from agencies where place_code like '33%' order by random() limit 35) union (select id::text, place_code from agencies where place_code = '330000' order by random() limit 5)`).map((a) => ({ ...a, place: a.place.trim() }));
  expect(agencies.length).toBeGreaterThan(10);
  for (let i = 0; i < 400; i++) await insertTip(Math.floor(random() * 24));
  for (let i = 0; i < 150; i++) await changeTip(pick(tipIds));
  await m.foldStatistics();
  for (let i = 0; i < 80; i++) await changeTip(pick(tipIds));
  for (let i = 0; i < 40; i++) await insertTip(Math.floor(random() * 24));
  // Some changes are left as pending changes (stats_pending) on purpose: figures must be current without a fold.
  const [{ n }] = (await sql<{ n: number }[]>`select count(*)::int as n from stats_pending where month >= ${`${Y - 2}-01-01`}::date`) as unknown as [{ n: number }];
  expect(n).toBeGreaterThan(0);
}, 120_000);

afterAll(async () => {
  if (MAX_AGE_BEFORE === undefined) delete process.env.STATISTICS_MAX_AGE_SECONDS;
  else process.env.STATISTICS_MAX_AGE_SECONDS = MAX_AGE_BEFORE;
  m?.resetEnvCache();
  await m?.closeDb();
});

// ---------------------------------------------------------------------------------------------
// The truth, straight from the cases

type Truth = { [k: string]: any; days: number[] };

const CLOSED = ["rejected", "merged", "closed"];
function truthRow(r: Record<string, any>): Truth {
  const concluded = !["rejected", "merged", "submitted"].includes(r.state) && r.concluded_on !== null && r.finding !== null;
  const open = !CLOSED.includes(r.state);
  return {
    received: 1,
    awaiting: r.state === "submitted" ? 1 : 0,
    rejectedOutOfScope: r.state === "rejected" && (r.rejection_reason ?? "out_of_scope") === "out_of_scope" ? 1 : 0,
    rejectedNoFacts: r.state === "rejected" && r.rejection_reason === "no_facts" ? 1 : 0,
    rejectedDuplicate: r.state === "rejected" && r.rejection_reason === "duplicate" ? 1 : 0,
    rejectedAbusive: r.state === "rejected" && r.rejection_reason === "abusive" ? 1 : 0,
    merged: r.state === "merged" ? 1 : 0,
    inProgress: !["rejected", "merged", "submitted"].includes(r.state) && !concluded ? 1 : 0,
    substantiated: concluded && r.finding !== "unsubstantiated" ? 1 : 0,
    unsubstantiated: concluded && r.finding === "unsubstantiated" ? 1 : 0,
    openNow: open ? 1 : 0,
    overdueNow: open && r.due_on !== null && r.overdue_since !== null && r.overdue_since > r.due_on ? 1 : 0,
    escalated: r.escalated_at !== null ? 1 : 0,
    returns: Number(r.returns),
    withDue: concluded && r.conclusion_due_on !== null ? 1 : 0,
    onTime: concluded && r.conclusion_due_on !== null && r.concluded_on <= r.conclusion_due_on ? 1 : 0,
    rectifications: concluded && r.rectification_ordered ? 1 : 0,
    fined: concluded && Number(r.fine_cny ?? 0) > 0 ? 1 : 0,
    finesCny: concluded ? Number(r.fine_cny ?? 0) : 0,
    suspensions: concluded && r.suspension ? 1 : 0,
    closures: concluded && r.closure ? 1 : 0,
    criminalReferrals: concluded && r.criminal_referral ? 1 : 0,
    officialsHeldAccountable: concluded ? Number(r.officials_held_accountable) : 0,
    rectificationItems: concluded ? Number(r.items) : 0,
    rectificationItemsVerified: concluded ? Number(r.items_verified) : 0,
    // Open items of a case overdue now whose deadline in force is before the day it was flagged.
    rectificationItemsOverdue: concluded && open && r.due_on !== null && r.overdue_since !== null && r.overdue_since > r.due_on ? Number(r.items_late) : 0,
    days: concluded ? [Number(r.days)] : [],
  } as Truth;
}

function add(a: Truth | undefined, b: Truth): Truth {
  if (!a) return { ...b, days: [...b.days] };
  const out = { ...a } as Truth;
  for (const k of Object.keys(b)) if (k !== "days") (out as any)[k] = (a as any)[k] + (b as any)[k];
  out.days = [...a.days, ...b.days];
  return out;
}

const within = (code: string, scope: string) =>
  scope === "000000" ? true : scope.endsWith("0000") ? code.slice(0, 2) === scope.slice(0, 2) : scope.endsWith("00") ? code.slice(0, 4) === scope.slice(0, 4) : code === scope;
const childOf = (code: string, scope: string): string | null => {
  if (scope === "000000") return code.slice(0, 2) + "0000";
  if (scope.endsWith("0000")) return code.endsWith("0000") ? null : code.slice(0, 4) + "00";
  if (scope.endsWith("00")) return code.endsWith("00") ? null : code;
  return null;
};
const agencyListedAt = (agencyPlace: string, scope: string) => {
  const parent = agencyPlace.endsWith("0000") ? "000000" : agencyPlace.endsWith("00") ? agencyPlace.slice(0, 2) + "0000" : agencyPlace.slice(0, 4) + "00";
  return agencyPlace === scope || parent === scope;
};

async function truth(scope: string, from: string, to: string) {
  const rows = await sql`
    select t.state, t.rejection_reason, t.sector_code, t.place_code, t.agency_id::text, to_char(t.submitted_on, 'YYYY-MM') as month,
           t.due_on::text, t.overdue_since::text, t.escalated_at, t.concluded_on::text, t.conclusion_due_on::text,
           (t.concluded_on - t.submitted_on) as days, o.finding, o.rectification_ordered, o.fine_cny, o.suspension, o.closure,
           o.criminal_referral, o.officials_held_accountable,
           (select count(*) from tip_returns r where r.tip_id = t.id) as returns,
           (select count(*) from rectification_items i where i.tip_id = t.id) as items,
           (select count(*) from rectification_items i where i.tip_id = t.id and i.state = 'verified') as items_verified,
           (select count(*) from rectification_items i where i.tip_id = t.id and i.state <> 'verified' and coalesce(i.extended_due_on, i.due_on) < t.overdue_since) as items_late,
           a.place_code as agency_place
    from tips t left join case_outcomes o on o.tip_id = t.id left join agencies a on a.id = t.agency_id
    where t.submitted_on between ${`${from}-01`}::date and (${`${to}-01`}::date + interval '1 month' - interval '1 day')`;
  const all = new Map<string, Truth>();
  const sector = new Map<string, Truth>();
  const place = new Map<string, Truth>();
  const agency = new Map<string, Truth>();
  for (const r of rows) {
    const code = String(r.place_code).trim();
    const t = truthRow(r);
    if (within(code, scope)) {
      all.set(r.month, add(all.get(r.month), t));
      sector.set(r.sector_code, add(sector.get(r.sector_code), t));
      const child = childOf(code, scope);
      if (child) place.set(child, add(place.get(child), t));
    }
    if (r.agency_id && agencyListedAt(String(r.agency_place).trim(), scope)) agency.set(r.agency_id, add(agency.get(r.agency_id), { ...t, returns: 0 }));
  }
  // Returns count against the agency that returned the case, wherever the case is.
  const returns = await sql`
    select r.agency_id::text as agency, a.place_code as place, count(*)::int as n
    from tip_returns r join tips t on t.id = r.tip_id join agencies a on a.id = r.agency_id
    where t.submitted_on between ${`${from}-01`}::date and (${`${to}-01`}::date + interval '1 month' - interval '1 day')
    group by 1, 2`;
  for (const r of returns) {
    if (!agencyListedAt(String(r.place).trim(), scope)) continue;
    const zero = Object.fromEntries(m.MEASURES.map((k) => [k, 0])) as unknown as Truth;
    agency.set(r.agency, add(agency.get(r.agency), { ...zero, days: [], returns: r.n }));
  }
  return { all, sector, place, agency };
}

const sortedDays = (days: number[]) => [...days].sort((a, b) => a - b);
const medianTruth = (days: number[]) => {
  const d = sortedDays(days);
  if (d.length < 5) return null;
  const mid = Math.floor(d.length / 2);
  return d.length % 2 ? d[mid]! : (d[mid - 1]! + d[mid]!) / 2;
};
const p90Truth = (days: number[]) => {
  const d = sortedDays(days);
  return d.length < 5 ? null : d[Math.ceil(0.9 * d.length) - 1]!;
};
const trim = (h: number[]) => {
  const out = Array.from({ length: h.length }, (_, i) => h[i] ?? 0);
  while (out.length > 0 && out[out.length - 1] === 0) out.pop();
  return out;
};
const histogram = (days: number[]) => {
  const h: number[] = [];
  for (const d of days) h[d] = (h[d] ?? 0) + 1;
  return Array.from({ length: h.length }, (_, i) => h[i] ?? 0);
};

const SCOPES = ["000000", "330000", "330100", "320100"];

describe("rollups against the cases", () => {
  it.each(SCOPES)("every counter of scope %s, by month, sector, place and agency, equals the direct count", async (scope) => {
    const windows = m.statisticsWindows(NOW.toISOString().slice(0, 10));
    const cur = windows[0]!;
    const groups = await m.scopeCounters(scope, cur);
    const t = await truth(scope, cur.from, cur.to);
    const measures = m.MEASURES;
    const check = (dim: string, expected: Map<string, Truth>, month = false, mayBeEmpty = false) => {
      const got = new Map<string, any>();
      for (const [k, c] of groups) {
        const [d, key, mon] = k.split("|");
        if (d === dim) got.set(month ? mon! : key!, c);
      }
      const keys = new Set([...expected.keys(), ...[...got.entries()].filter(([, c]) => measures.some((x) => c[x] !== 0)).map(([k]) => k)]);
      if (!mayBeEmpty) expect(keys.size).toBeGreaterThan(0);
      for (const k of keys) {
        const e = expected.get(k);
        const g = got.get(k);
        for (const x of measures) expect(g?.[x] ?? 0, `${scope} ${dim} ${k} ${x}`).toBe(e?.[x] ?? 0);
        if (dim !== "agency") expect(trim(g?.days ?? []), `${scope} ${dim} ${k} days`).toEqual(trim(histogram(e?.days ?? [])));
      }
    };
    check("all", t.all, true);
    check("sector", t.sector);
    check("place", t.place);
    // No agencies exist in 320100 (the demo agencies are in 330000).
    check("agency", t.agency, false, scope === "320100");
  });

  it("a fold changes no figure, and a rebuild from the cases gives the same rollups", async () => {
    const windows = m.statisticsWindows(NOW.toISOString().slice(0, 10));
    // Both windows: the fold and the rebuild must leave last year's rollups as they were, too.
    const twoWindows = { from: windows[1]!.from, to: windows[0]!.to };
    const before = await m.scopeCounters("330000", twoWindows);
    await m.foldStatistics();
    const [{ n }] = (await sql<{ n: number }[]>`select count(*)::int as n from stats_pending where month between ${`${Y - 2}-01-01`}::date and ${`${Y}-12-01`}::date`) as unknown as [{ n: number }];
    expect(n).toBe(0);
    const folded = await m.scopeCounters("330000", twoWindows);
    // Histograms compare without trailing zeros (a fold may leave [0] where a rebuild has []).
    // Groups whose counts all came back to zero (an agency that no longer holds a case) stay as
    // zero rows in the folded rollups but are not recreated by a rebuild: compare without them.
    const strip = (g: Map<string, any>) =>
      new Map([...g].filter(([, c]) => m.MEASURES.some((x) => c[x] !== 0) || trim(c.days).length > 0).map(([k, c]) => [k, { ...c, days: trim(c.days as number[]) }]));
    expect(strip(folded)).toEqual(strip(before));
    await m.rebuildStatistics();
    const rebuilt = await m.scopeCounters("330000", twoWindows);
    expect(strip(rebuilt)).toEqual(strip(before));
  });
});

describe("published figures against the cases", () => {
  it.each(SCOPES)("every figure /stats publishes for %s equals the direct figure", async (scope) => {
    const page = (await m.publishedStatistics({ place: scope, window: 0, now: NOW }))!;
    expect(page).not.toBeNull();
    const t = await truth(scope, page.period.from, page.period.to);
    const total = [...t.all.values()].reduce((a, b) => add(a, b), undefined as Truth | undefined)!;
    let compared = 0;
    const checkFigures = (f: import("../../app/domain/published-statistics").PublishedFigures, e: Truth | undefined, what: string) => {
      const v = (k: string) => (e ? (e as any)[k] : 0) as number;
      const cell = (c: import("../../app/domain/suppression").Cell, expected: number, label: string) => {
        if (c.kind === "value") {
          expect(c.value, `${what} ${label}`).toBe(expected);
          compared++;
        } else if (c.reason === "small") expect(expected, `${what} ${label} is small`).toBeGreaterThanOrEqual(1);
        if (c.kind === "suppressed" && c.reason === "small") expect(expected).toBeLessThan(5);
      };
      cell(f.received, v("received"), "received");
      const rejected = v("rejectedOutOfScope") + v("rejectedNoFacts") + v("rejectedDuplicate") + v("rejectedAbusive");
      cell(f.partition.notTakenUp, rejected + v("merged"), "notTakenUp");
      cell(f.partition.pending, v("awaiting") + v("inProgress"), "pending");
      cell(f.partition.substantiated, v("substantiated"), "substantiated");
      cell(f.partition.unsubstantiated, v("unsubstantiated"), "unsubstantiated");
      for (const k of m.LISTED) cell(f.listed[k], v(k), k);
      cell(f.concluded, v("substantiated") + v("unsubstantiated"), "concluded");
      if (f.detail) {
        for (const k of ["awaiting", "inProgress", "merged", "rejectedOutOfScope", "rejectedNoFacts", "rejectedDuplicate", "rejectedAbusive"] as const) cell(f.detail[k], v(k), k);
        cell(f.detail.rejected, rejected, "rejected");
        cell(f.detail.accepted, v("inProgress") + v("substantiated") + v("unsubstantiated"), "accepted");
      }
      if (f.substantiatedRate !== null) expect(f.substantiatedRate).toBeCloseTo(v("substantiated") / (v("substantiated") + v("unsubstantiated")), 12);
      if (f.onTimeRate !== null) expect(f.onTimeRate).toBeCloseTo(v("onTime") / v("withDue"), 12);
      expect(f.medianDays, `${what} median`).toBe(medianTruth(e?.days ?? []));
      expect(f.p90Days, `${what} p90`).toBe(p90Truth(e?.days ?? []));
      if (f.finesCny !== null) expect(f.finesCny).toBe(v("finesCny"));
    };
    checkFigures(page.headline, total, `${scope} headline`);
    for (const r of page.sectors) checkFigures(r.figures, t.sector.get(r.key), `${scope} sector ${r.key}`);
    for (const r of page.months) checkFigures(r.figures, t.all.get(r.key), `${scope} month ${r.key}`);
    for (const r of page.places.filter((p) => p.drill)) checkFigures(r.figures, t.place.get(r.key), `${scope} place ${r.key}`);
    for (const r of page.agencies.rows) {
      const e = t.agency.get(r.key);
      if (r.held.kind === "value") expect(r.held.value).toBe(e?.received ?? 0);
      if (r.returns.kind === "value") expect(r.returns.value).toBe(e?.returns ?? 0);
      if (r.openNow.kind === "value") expect(r.openNow.value).toBe(e?.openNow ?? 0);
      if (r.onTimeRate !== null) expect(r.onTimeRate).toBeCloseTo(e!.onTime / e!.withDue, 12);
    }
    expect(compared).toBeGreaterThan(20);
    // The previous window is published too (year-on-year change).
    const prev = await truth(scope, page.windows[1]!.from, page.windows[1]!.to);
    const prevTotal = [...prev.all.values()].reduce((a, b) => add(a, b), undefined as Truth | undefined);
    if (page.previous.received.kind === "value") expect(page.previous.received.value).toBe(prevTotal?.received ?? 0);
  });
});

describe("drill-down and freshness", () => {
  const show = (c: import("../../app/domain/suppression").Cell) => (c.kind === "value" ? c.value : c.reason);
  const headlineView = (f: import("../../app/domain/published-statistics").PublishedFigures) => ({
    received: show(f.received),
    partition: Object.fromEntries(m.PARTITION.map((k) => [k, show(f.partition[k])])),
    listed: Object.fromEntries(m.LISTED.map((k) => [k, show(f.listed[k])])),
  });

  it.each([
    ["000000", "330000"],
    ["330000", "330100"],
    ["330100", null],
  ])("the headline of each place under %s is exactly its row on that page", async (parent, only) => {
    const page = (await m.publishedStatistics({ place: parent, window: 0, now: NOW }))!;
    const rows = page.places.filter((p) => p.drill && (only === null || p.key === only));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const child = (await m.publishedStatistics({ place: row.key, window: 0, now: NOW }))!;
      expect(headlineView(child.headline), `${parent} → ${row.key}`).toEqual(headlineView(row.figures));
      expect(child.ancestors.map((a) => a.code)[0]).toBe("000000");
    }
  });

  it("a tip filed now is counted: on the next request when pages may not be older than the data, else by the page computed in the background meanwhile", async () => {
    // A year after the random data, with nothing else in it: every figure is published.
    const later = new Date(Date.UTC(Y + 1, 10, 20, 4));
    const day = later.toISOString().slice(0, 10);
    const county = places.find((p) => !p.endsWith("00"))!;
    const file = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const [{ seq }] = (await sql<{ seq: string }[]>`select nextval('tip_reference_seq') as seq`) as unknown as [{ seq: string }];
        await sql`insert into tips ${sql({ id: randomUUID(), reference: `JB${Y + 1}-${String(seq).padStart(7, "0")}`, reference_seq: seq, state: "submitted", channel: "web", sector_code: "other", place_code: county, submitted_on: day, captcha_status: "not_required", content_enc: randomBytes(32), receipt_hash: randomBytes(32) })}`;
      }
    };
    const received = async () => {
      const page = (await m.publishedStatistics({ place: "000000", window: 0, now: later }))!;
      return page.headline.received;
    };
    await file(30);
    expect(await received()).toEqual({ kind: "value", value: 30 });
    expect(await received()).toEqual({ kind: "value", value: 30 });
    await file(6);
    expect(await received()).toEqual({ kind: "value", value: 36 });

    // Pages may be served up to a minute after a change (the default): the page from before the
    // change comes at once, the new one is computed meanwhile and served once it is ready.
    setMaxAge(60);
    await file(5);
    expect(await received()).toEqual({ kind: "value", value: 36 });
    await m.statisticsSettled();
    expect(await received()).toEqual({ kind: "value", value: 41 });
    expect(await received()).toEqual({ kind: "value", value: 41 });
    // A page older than the maximum age is not served after a change: the request waits.
    setMaxAge(0);
    await file(1);
    expect(await received()).toEqual({ kind: "value", value: 42 });
  });
});
