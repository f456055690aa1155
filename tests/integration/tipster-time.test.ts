import { randomBytes } from "node:crypto";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StaffContext } from "../../app/lib/staff-session.server";
import { replyDone, settle as settleRun } from "../support/replies";
import { staffContextFor } from "../support/staff";

/**
 * Issue #10 item 3: nothing stored orders a tipster's actions within their day.
 *
 * Many tipster actions are performed in a known order on one day, through the same route
 * actions the public uses (the form and Open311 filings, receipt sign-ins, replies, evidence, a
 * dispute, a reward claim, a receipt replacement), with staff actions and the short-interval
 * ledger anchor in between. Afterwards every column of every row those actions wrote — over
 * every table of the public and graphile_worker schemas, found through information_schema — is
 * checked for an order that follows the actions', and no anchor may separate two of the day's
 * tipster actions.
 *
 * The database is this file's own (tests/support/env.ts): the daily anchor is run "tomorrow" and the whole ledger is
 * verified, which must not meet the ledger of other files (some corrupt theirs on purpose).
 */
type M = typeof import("../../app/lib/db.server") &
  typeof import("../../app/lib/ledger.server") &
  typeof import("../../app/lib/env.server") &
  typeof import("../../app/services/post-tip-message.server") &
  typeof import("../../app/services/published-statistics.server") &
  typeof import("../../app/domain/working-days") &
  typeof import("../../app/lib/rate-limit.server") &
  typeof import("../../app/services/file-tip.server") &
  typeof import("../../app/services/get-tip-for-tipster.server") & {
    report: typeof import("../../app/routes/report");
    status: typeof import("../../app/routes/status");
    open311: typeof import("../../app/routes/open311.v2.requests[.json]");
  };
let m: M;
let officer: StaffContext;

beforeAll(async () => {
  m = {
    ...(await import("../../app/lib/db.server")),
    ...(await import("../../app/lib/ledger.server")),
    ...(await import("../../app/lib/env.server")),
    ...(await import("../../app/services/post-tip-message.server")),
    ...(await import("../../app/services/published-statistics.server")),
    ...(await import("../../app/domain/working-days")),
    ...(await import("../../app/lib/rate-limit.server")),
    ...(await import("../../app/services/file-tip.server")),
    ...(await import("../../app/services/get-tip-for-tipster.server")),
    report: await import("../../app/routes/report"),
    status: await import("../../app/routes/status"),
    open311: await import("../../app/routes/open311.v2.requests[.json]"),
  };
  officer = await staffContextFor(m.db(), { role: "triage_officer", departmentType: "safety_committee", placeCode: "330000" });
});

afterAll(async () => {
  await m?.closeDb();
});

// ------------------------------------------------------------------ recording who wrote which row

const ORIGIN = "http://canary.test";
let addressCounter = 0;
const freshAddress = () => `2001:db8:7e:${randomBytes(2).toString("hex")}::${(++addressCounter).toString(16)}`;

type Action = { index: number; kind: string; tipId: string | null; actor: "tipster" | "staff" };
const actions: Action[] = [];
type Table = { schema: string; name: string; columns: string[]; key: string };
let tables: Table[] = [];
/** "schema.table" → row key → the first action that wrote the row. */
const writtenBy = new Map<string, Map<string, Action>>();

async function introspect(): Promise<Table[]> {
  const sql = m.sqlClient();
  const cols = await sql<{ table_schema: string; table_name: string; column_name: string }[]>`
    select c.table_schema, c.table_name, c.column_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema in ('public', 'graphile_worker') and t.table_type = 'BASE TABLE'
    order by c.table_schema, c.table_name, c.ordinal_position`;
  const keys = await sql<{ table_schema: string; table_name: string; column_name: string }[]>`
    select k.table_schema, k.table_name, k.column_name from information_schema.table_constraints tc
    join information_schema.key_column_usage k on k.constraint_name = tc.constraint_name and k.table_schema = tc.table_schema and k.table_name = tc.table_name
    where tc.constraint_type = 'PRIMARY KEY' and tc.table_schema in ('public', 'graphile_worker')
    order by k.table_schema, k.table_name, k.ordinal_position`;
  const byTable = new Map<string, Table>();
  for (const c of cols) {
    const id = `${c.table_schema}.${c.table_name}`;
    if (!byTable.has(id)) byTable.set(id, { schema: c.table_schema, name: c.table_name, columns: [], key: "" });
    byTable.get(id)!.columns.push(c.column_name);
  }
  for (const t of byTable.values()) {
    const pk = keys.filter((k) => k.table_schema === t.schema && k.table_name === t.name).map((k) => `t.${quote(k.column_name)}::text`);
    // A row is followed by its primary key through later updates; without one, by its content.
    t.key = pk.length > 0 ? `concat_ws('|', ${pk.join(", ")})` : "md5(t::text)";
  }
  return [...byTable.values()];
}
const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
const qualified = (t: Table) => `${quote(t.schema)}.${quote(t.name)}`;

/** The next transaction id to be assigned (32-bit, as xmin shows it). Used only to attribute rows, never checked. */
async function nextXid(): Promise<number> {
  const [r] = await m.sqlClient()`select (pg_snapshot_xmax(pg_current_snapshot())::text::bigint % 4294967296)::bigint as x`;
  return Number(r!.x);
}

/** Performs one action and records the rows it wrote (inserted or updated) that no earlier action wrote. */
async function act<T>(kind: string, tipId: string | null, actor: "tipster" | "staff", fn: () => Promise<T>): Promise<T> {
  const from = await nextXid();
  const result = await fn();
  const to = await nextXid();
  const action: Action = { index: actions.length, kind, tipId, actor };
  actions.push(action);
  for (const t of tables) {
    const rows = await m.sqlClient().unsafe(`select ${t.key} as k from ${qualified(t)} t where xmin::text::bigint >= $1 and xmin::text::bigint < $2`, [from, to]);
    const seen = writtenBy.get(`${t.schema}.${t.name}`) ?? new Map<string, Action>();
    writtenBy.set(`${t.schema}.${t.name}`, seen);
    for (const r of rows) if (!seen.has(r.k as string)) seen.set(r.k as string, action);
  }
  return result;
}

// ------------------------------------------------------------------ the order criterion

type Value = number | string;
/** Values as an ORDER BY could compare them: numbers as numbers, everything else by its text. */
function comparable(v: unknown): Value | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "string") return v;
  return JSON.stringify(v);
}

/**
 * Kendall's S over the pairs of rows written by different tipster actions of one kind on
 * different tips (a case's own history is ordered by its chain on purpose: a reply follows the
 * question), ties and nulls left out; z = S / sd(S) of n independent random values. A random
 * order gives |z| ≥ 6 with probability ≈ 2·10⁻⁹ per column (≈ 10⁻⁶ over every column of every
 * table here), while values that follow the actions give z ≈ 7.8 for 30 rows and ≥ 6 from 23
 * rows on. Columns with fewer than 23 comparable rows of a kind cannot be judged and are left out.
 */
function orderZ(rows: { action: Action; value: Value }[]): { n: number; z: number } {
  const n = rows.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = rows[i]!;
      const b = rows[j]!;
      if (a.action.tipId === b.action.tipId || a.action.index === b.action.index || a.value === b.value) continue;
      const later = a.action.index < b.action.index ? 1 : -1;
      const larger = a.value < b.value ? 1 : -1;
      s += later * larger;
    }
  }
  const sd = Math.sqrt((n * (n - 1) * (2 * n + 5)) / 18);
  return { n, z: sd === 0 ? 0 : s / sd };
}
const MIN_ROWS = 23;
const Z_LIMIT = 6;

/** Every (table, column, action kind) whose values follow the order of the tipster's actions. */
async function orderedColumns(): Promise<string[]> {
  const found: string[] = [];
  for (const t of tables) {
    const attributed = writtenBy.get(`${t.schema}.${t.name}`);
    if (!attributed || ![...attributed.values()].some((a) => a.actor === "tipster")) continue;
    const rows = await m.sqlClient().unsafe(`select ${t.key} as k, to_jsonb(t) as r from ${qualified(t)} t`);
    const mine = rows
      .map((r) => ({ action: attributed.get(r.k as string), row: r.r as Record<string, unknown> }))
      .filter((x): x is { action: Action; row: Record<string, unknown> } => x.action?.actor === "tipster");
    // Each column, and each top-level field of a json column (an ORDER BY can reach into it).
    const fields = new Map<string, (row: Record<string, unknown>) => unknown>();
    for (const c of t.columns) {
      fields.set(c, (row) => row[c]);
      for (const x of mine) {
        const v = x.row[c];
        if (v && typeof v === "object" && !Array.isArray(v)) for (const k of Object.keys(v)) fields.set(`${c}->${k}`, (row) => (row[c] as Record<string, unknown> | null)?.[k]);
      }
    }
    for (const kind of new Set(mine.map((x) => x.action.kind))) {
      for (const [field, get] of fields) {
        const values = mine
          .filter((x) => x.action.kind === kind)
          .map((x) => ({ action: x.action, value: comparable(get(x.row)) }))
          .filter((x): x is { action: Action; value: Value } => x.value !== null);
        if (values.length < MIN_ROWS) continue;
        const { n, z } = orderZ(values);
        if (Math.abs(z) >= Z_LIMIT) found.push(`${t.schema}.${t.name}.${field} (${kind}: ${n} rows, z = ${z.toFixed(1)})`);
      }
    }
  }
  return found;
}

// ------------------------------------------------------------------ the tipster's and the staff's actions

type Json = any;
async function settle(result: unknown): Promise<{ status: number; data: Json; headers: Headers }> {
  return settleRun(async () => result);
}

const tipIdOf = async (reference: string) => ((await m.sqlClient()`select id from tips where reference = ${reference}`)[0]!.id as string);

async function fileByForm(n: number): Promise<{ tipId: string; receipt: string }> {
  const fd = new FormData();
  const fields: Record<string, string> = {
    intent: "submit",
    submissionId: randomBytes(16).toString("base64url"),
    sector: n % 3 === 0 ? "hazardous_chemicals" : "fire_safety",
    province: "330000",
    city: "330100",
    county: n % 2 === 0 ? "330106" : "330108",
    company: `顺序测试企业第${n}号`,
    description: `第${n}号举报：储罐区可燃气体报警器被拆除，夜间仍在装卸作业。`,
    website: "",
  };
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  const res = await settle(await m.report.action({ request: new Request(`${ORIGIN}/report`, { method: "POST", body: fd }), context: { clientAddress: freshAddress() }, params: {} }));
  expect(res.data.kind).toBe("filed");
  return { tipId: await tipIdOf(res.data.reference), receipt: res.data.receipt };
}

async function fileByOpen311(n: number): Promise<{ tipId: string; receipt: string }> {
  const body = new URLSearchParams({ service_code: "hazardous_waste", description: `Report ${n}: waste solvent drums are dumped behind the plant every night.`, "attribute[region_code]": "330106" });
  const request = new Request(`${ORIGIN}/open311/v2/requests.json`, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } });
  const res = (await m.open311.action({ request, context: { clientAddress: freshAddress() }, params: {} })) as Response;
  expect(res.status).toBe(200);
  const [answer] = (await res.json()) as { service_request_id: string; receipt: string }[];
  return { tipId: await tipIdOf(answer!.service_request_id), receipt: answer!.receipt };
}

type Session = { cookie: string; csrf: string };
async function signIn(receipt: string): Promise<Session> {
  const res = await settle(
    await m.status.action({ request: new Request(`${ORIGIN}/status`, { method: "POST", body: new URLSearchParams({ intent: "sign-in", receipt }) }), context: { clientAddress: freshAddress() }, params: {} }),
  );
  expect(res.status).toBe(303);
  const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
  const page = await settle(await m.status.loader({ request: new Request(`${ORIGIN}/status`, { headers: { cookie } }), context: { clientAddress: freshAddress() }, params: {} }));
  return { cookie, csrf: page.data.csrf };
}

async function tipsterPost(s: Session, body: FormData | URLSearchParams) {
  body.append("csrf", s.csrf);
  return settle(await m.status.action({ request: new Request(`${ORIGIN}/status`, { method: "POST", body, headers: { cookie: s.cookie } }), context: { clientAddress: freshAddress() }, params: {} }));
}

let photo: Buffer;
async function reply(s: Session, n: number, withEvidence: boolean) {
  const fd = new FormData();
  fd.append("intent", "reply");
  fd.append("body", `补充情况第${n}条：昨晚又看到槽车进出。`);
  if (withEvidence) fd.append("attachments", new Blob([new Uint8Array(photo)], { type: "image/jpeg" }), `IMG_${n}.jpg`);
  const res = await tipsterPost(s, fd);
  // Answered with a 303 to its confirmation (#notice).
  expect(res.status).toBe(303);
  expect(res.headers.get("location")).toBe("/status?sent=reply#notice");
}

/** Closes a case as its agency would (direct SQL: the handling steps are not under test here). */
async function closeCase(tipId: string) {
  await m.sqlClient()`update tips set state = 'closed', concluded_on = submitted_on, closed_on = submitted_on where id = ${tipId}`;
  await m.sqlClient()`insert into case_outcomes (tip_id, finding, fine_cny, public_summary_zh) values (${tipId}, 'substantiated', 100000, '经查属实，已罚款。')`;
}

// ------------------------------------------------------------------ the day

describe("a tipster's actions within their day", () => {
  const filed: { tipId: string; receipt: string; session?: Session }[] = [];
  let day = "";

  it("performs 30 filings (form and Open311) interleaved with sign-ins, replies, evidence, a dispute, a reward claim and a receipt replacement, with staff actions and anchors in between", async () => {
    photo = await sharp({ create: { width: 32, height: 24, channels: 3, background: "#2a7f62" } }).jpeg().toBuffer();
    tables = await introspect();
    expect(tables.map((t) => `${t.schema}.${t.name}`)).toEqual(expect.arrayContaining(["public.ledger_entries", "public.tips", "graphile_worker._private_jobs"]));
    day = m.localDate(new Date(), m.env().timeZone);
    const staffChain = `staff:${officer.staffId}`;
    for (let i = 0; i < 30; i++) {
      const tip = await act("file", null, "tipster", () => (i % 2 === 0 ? fileByForm(i) : fileByOpen311(i)));
      actions[actions.length - 1]!.tipId = tip.tipId;
      filed.push(tip);
      // The desk asks the tipster of an earlier tip, in an order of its own.
      if (i % 3 === 1) {
        const asked = filed[(i * 7) % filed.length]!;
        await act("staff-question", asked.tipId, "staff", () => m.postTipMessage({ tipId: asked.tipId, author: { type: "staff", staffId: officer.staffId }, body: "请补充具体位置。" }));
      }
      if (i % 4 === 2) {
        await act("staff-ledger", null, "staff", () =>
          m.db().transaction((tx) => m.appendLedger(tx, { chain: staffChain, actor: { type: "staff", id: officer.staffId }, action: "staff.viewed_queue", subjectType: "staff", subjectId: officer.staffId, today: day })),
        );
      }
      if (i % 5 === 4) await act("anchor", null, "staff", () => m.anchorLedger(m.db()));
      // The tipster of an earlier tip signs in and answers (every other time with a photo).
      if (i >= 2) {
        const earlier = filed[i - 2]!;
        earlier.session = await act("sign-in", earlier.tipId, "tipster", () => signIn(earlier.receipt));
        await act("reply", earlier.tipId, "tipster", () => reply(earlier.session!, i, i % 2 === 0));
      }
    }
    for (let k = 0; k < 2; k++) {
      const [last] = filed.slice(-1 - k);
      last!.session = await act("sign-in", last!.tipId, "tipster", () => signIn(last!.receipt));
      await act("reply", last!.tipId, "tipster", () => reply(last!.session!, 100 + k, false));
    }
    // Two cases closed by their agency: one disputed, one with a reward claim.
    const disputed = filed[3]!;
    const rewarded = filed[8]!;
    await act("close", disputed.tipId, "staff", () => closeCase(disputed.tipId));
    await act("close", rewarded.tipId, "staff", () => closeCase(rewarded.tipId));
    await act("anchor", null, "staff", () => m.anchorLedger(m.db()));
    const d = await act("dispute", disputed.tipId, "tipster", () => tipsterPost(disputed.session!, new URLSearchParams({ intent: "dispute", reason: "整改没有落实，储罐区仍在夜间作业，报警器至今没有恢复安装。" })));
    expect(replyDone(d.data)).toBe(true);
    const c = await act("claim", rewarded.tipId, "tipster", () => tipsterPost(rewarded.session!, new URLSearchParams({ intent: "claim-reward" })));
    expect(replyDone(c.data)).toBe(true);
    const r = await act("replace-receipt", filed[5]!.tipId, "tipster", () => tipsterPost(filed[5]!.session!, new URLSearchParams({ intent: "replace-receipt" })));
    expect(r.data.intent).toBe("replace-receipt");
    expect(r.data.receipt).toMatch(/^\d{28}$/);
    await act("anchor", null, "staff", () => m.anchorLedger(m.db()));
    expect(actions.filter((a) => a.actor === "tipster").length).toBeGreaterThan(90);
  }, 180_000);

  it("no column of the rows the tipster's actions wrote follows their order (statistics deltas not yet folded)", async () => {
    expect(actions.filter((a) => a.actor === "tipster").length).toBeGreaterThan(90);
    expect(await orderedColumns()).toEqual([]);
  });

  it("no anchor separates two of the day's tipster actions", async () => {
    const entries = await m.sqlClient()`
      select e.chain, e.seq, e.recorded_on::text as day,
             (select a.anchored_at from ledger_anchor_heads h join ledger_anchors a on a.id = h.anchor_id
              where h.chain = e.chain and h.seq >= e.seq order by a.id limit 1) as anchored_at
      from ledger_entries e where e.actor_type = 'tipster'`;
    expect(entries.length).toBe(63); // 30 filings, 30 replies, the dispute, the claim, the replaced receipt
    const times = new Set(entries.map((e) => (e.anchored_at ? new Date(e.anchored_at).toISOString() : "not yet anchored")));
    expect([...times]).toEqual(["not yet anchored"]);
  });

  it("after the day: the daily anchor covers every tipster action of it at the day's end, the statistics are folded, the ledger verifies, and still nothing is ordered", async () => {
    const midnight = m.startOfLocalDay(m.addDays(day, 1), m.env().timeZone);
    await m.anchorLedgerDaily(m.db(), { now: new Date(midnight.getTime() + 90_000) });
    await m.foldStatistics();
    const entries = await m.sqlClient()`
      select e.chain, e.seq,
             (select a.anchored_at from ledger_anchor_heads h join ledger_anchors a on a.id = h.anchor_id
              where h.chain = e.chain and h.seq >= e.seq order by a.id limit 1) as anchored_at
      from ledger_entries e where e.actor_type = 'tipster'`;
    const times = new Set(entries.map((e) => (e.anchored_at ? new Date(e.anchored_at).toISOString() : "not yet anchored")));
    expect([...times]).toEqual([midnight.toISOString()]);
    expect((await m.verifyLedger(m.db())).problem).toBeNull();
    expect(await orderedColumns()).toEqual([]);
  });
});

// ------------------------------------------------------------------ each leak on its own

describe("the short-interval anchor", () => {
  /** The heads anchored for one case whose tipster replies before or after an anchor runs. */
  async function anchoredSeqs(replyBeforeAnchor: boolean): Promise<number[]> {
    const yesterday = new Date(Date.now() - 86_400_000);
    const filed = await m.fileTip({
      tip: { sectorCode: "fire_safety", placeCode: "330106", content: { description: "商场消防通道被货物堵死，安全出口上锁。" }, majorHazard: false, concealedAccident: false, officialsImplicated: false, tipsterWorksThere: false },
      files: [],
      submissionId: randomBytes(16).toString("base64url"),
      channel: "web",
      captcha: "not_required",
      now: yesterday,
    });
    const tipId = await tipIdOf(filed.reference);
    await m.anchorLedgerDaily(m.db()); // yesterday's filing, anchored at today's midnight
    const staff = { type: "staff" as const, staffId: officer.staffId };
    await m.postTipMessage({ tipId, author: staff, body: "请说明是哪一层的通道。" });
    const tipster = () => m.postTipMessage({ tipId, author: { type: "tipster" }, body: "三楼东侧。" });
    if (replyBeforeAnchor) await tipster();
    await m.anchorLedger(m.db());
    if (!replyBeforeAnchor) await tipster();
    await m.postTipMessage({ tipId, author: staff, body: "收到，已安排检查。" });
    await m.anchorLedger(m.db());
    const rows = await m.sqlClient()`select seq from ledger_anchor_heads where chain = ${"tip:" + tipId} order by anchor_id`;
    return rows.map((r) => Number(r.seq));
  }

  it("covers the same entries whether the tipster answered before or after it ran: staff entries up to the tipster's, the rest waits for the daily anchor", async () => {
    const before = await anchoredSeqs(true);
    const after = await anchoredSeqs(false);
    expect(before).toEqual([1, 2]);
    expect(after).toEqual(before);
    expect((await m.verifyLedger(m.db())).problem).toBeNull();
  });

  it("keeps anchoring a chain that moved with staff entries only", async () => {
    const chain = `staff:${officer.staffId}:interval`;
    await m.db().transaction((tx) => m.appendLedger(tx, { chain, actor: { type: "staff", id: officer.staffId }, action: "staff.viewed_queue", subjectType: "staff", subjectId: officer.staffId, today: m.localDate(new Date(), m.env().timeZone) }));
    expect(await m.anchorLedger(m.db())).toBeGreaterThanOrEqual(1);
    const [row] = await m.sqlClient()`select a.anchored_at from ledger_anchor_heads h join ledger_anchors a on a.id = h.anchor_id where h.chain = ${chain}`;
    expect(Math.abs(new Date(row!.anchored_at).getTime() - Date.now())).toBeLessThan(60_000);
  });
});

describe("rate-limit counters", () => {
  it("hold only the day: two windows of one day leave rows that no column orders, and each window still counts on its own", async () => {
    const rule = { bucket: "order-test", limit: 2, windowSeconds: 900 };
    const address = freshAddress();
    const tz = m.env().timeZone;
    const dayStart = m.startOfLocalDay(m.localDate(new Date(), tz), tz);
    const morning = new Date(dayStart.getTime() + 9 * 3600_000 + 60_000);
    const afternoon = new Date(dayStart.getTime() + 15 * 3600_000 + 60_000);
    expect((await m.hitRateLimit(rule, address, morning)).allowed).toBe(true);
    expect((await m.hitRateLimit(rule, address, morning)).allowed).toBe(true);
    expect((await m.hitRateLimit(rule, address, morning)).allowed).toBe(false);
    expect((await m.hitRateLimit(rule, address, afternoon)).allowed).toBe(true);
    const rows = await m.sqlClient()`select window_start, count from rate_limit_counters where bucket = ${rule.bucket} order by count`;
    // Two accepted in the morning's slice (the refused third is not counted), one in the afternoon's.
    expect(rows.map((r) => Number(r.count))).toEqual([1, 2]);
    expect(new Set(rows.map((r) => new Date(r.window_start).toISOString()))).toEqual(new Set([dayStart.toISOString()]));
  });
});

describe("the message thread", () => {
  it("keeps its order (by position: the ids are random)", async () => {
    const filed = await m.fileTip({
      tip: { sectorCode: "pollution", placeCode: "330106", content: { description: "化工厂夜间偷排废水，河水发黑发臭。" }, majorHazard: false, concealedAccident: false, officialsImplicated: false, tipsterWorksThere: false },
      files: [],
      submissionId: randomBytes(16).toString("base64url"),
      channel: "web",
      captcha: "not_required",
    });
    const tipId = await tipIdOf(filed.reference);
    const bodies = Array.from({ length: 8 }, (_, i) => `第${i + 1}条消息`);
    for (const [i, body] of bodies.entries()) {
      await m.postTipMessage({ tipId, author: i % 3 === 1 ? { type: "staff", staffId: officer.staffId } : { type: "tipster" }, body });
    }
    const view = await m.getTipForTipster(tipId);
    expect(view!.messages.map((x) => x.body)).toEqual(bodies);
    expect(filed.reference).toMatch(/^JB\d{4}-[1-9]\d{7}$/);
  });
});
