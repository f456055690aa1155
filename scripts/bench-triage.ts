/**
 * `tsx scripts/bench-triage.ts`: how fast the staff lists answer over a million tips.
 *
 * Creates a throwaway database (DATABASE_URL set: `canary_bench_<hex>` on that server, dropped
 * at the end; otherwise an embedded PostgreSQL in a temporary folder), runs the migrations,
 * seeds the reference data and demo agencies, loads BENCH_COUNT tips (default 1,000,000) with
 * `seedMillion` (scripts/seed-million.ts), then calls the service functions directly (no HTTP)
 * as the province desk (triage_officer of the safety-committee office at 330000) and the
 * Hangzhou Xihu emergency-management officer (agency_officer at 330106):
 *   (a) the triage queue's first page, no filters
 *   (b) a filtered page: sector hazardous_chemicals, city 330100, major hazard
 *   (c) a company-name search (trigram `%`) for a name that exists
 *   (d) the agency inbox's first page
 *   (e) the triage queue's second page (keyset cursor from (a))
 *   (f) the agency inbox's second page (keyset cursor from (d)), when there is one
 *   (g) the supervisor's inbox
 *   (h) the national desk's first queue page (triage_officer of the safety-committee office at
 *       000000): the tips without a staffed desk of their own, by the desk rule — with the
 *       demo's staffing (an active triage account at Zhejiang's desk 330000 and one at the
 *       national desk), so the queue is everything outside Zhejiang and Zhejiang's
 *       province-implicated tips
 *   (i) "replies waiting" (listRepliesWaiting: the list and its count) for the province desk and
 *       for the Xihu emergency-management officer — seedMillion gives 1 tip in 500 a tipster
 *       reply nobody has opened
 *   (j) "my cases" (issue 15): one Xihu emergency-management officer's first page of the inbox
 *       (?view=mine) — the agency gets BENCH_OFFICERS (4) active officers, and its accepted cases
 *       (accepted … closed) an officer in charge each, spread evenly (seedMillion sets none)
 *   (k) the inbox's "unassigned" view, and (l) the agency's workload table, for the same officer
 * Each: BENCH_WARMUP (20) warm-up calls, then BENCH_RUNS (200) timed ones, one at a time;
 * p50/p90/p99 in ms. The aim is p50 < 50 ms. The SQL each service sends is captured and run
 * once more under EXPLAIN (ANALYZE, BUFFERS); the plans are stored in the results and printed
 * for every case that misses the aim (all of them with BENCH_EXPLAIN=1).
 *
 * Prints a Markdown table and writes bench-results/triage.json (and triage-<db kind>.json).
 *
 * Knobs (environment): BENCH_COUNT, BENCH_WARMUP, BENCH_RUNS, BENCH_EXPLAIN=1,
 * BENCH_TIMEOUT_S overall (1500), BENCH_KEEP_DB=1 (keep the throwaway database and print its
 * URL, to try indexes on it; an embedded one is then left running — stop it yourself),
 * BENCH_SEED_CONCURRENCY / BENCH_SEED_BATCH (seedMillion's concurrency and batch size).
 */
import { randomBytes, randomUUID } from "node:crypto";
import os from "node:os";
import { and, eq } from "drizzle-orm";
import { agencies, staffAccounts } from "../db/schema/index";
import { seedDemoAgencies, seedReference } from "../db/seed/index";
import { runMigrations } from "../app/lib/database-runtime.server";
import { closeDb, db, sqlClient } from "../app/lib/db.server";
import type { StaffContext } from "../app/lib/staff-session.server";
import { listAgencyInbox } from "../app/services/agency-inbox.server";
import { agencyWorkload } from "../app/services/case-assignment.server";
import { listRepliesWaiting } from "../app/services/replies-waiting.server";
import { listTriageQueue } from "../app/services/triage-queue.server";
import {
  captureSql,
  cleanupSteps,
  createDatabase,
  dropDatabase,
  explainAnalyze,
  fmtMs as fmt,
  installCapture,
  log,
  machineBasics,
  num,
  percentile,
  ROOT,
  round,
  runBench,
  seedMillionKnobs,
  startBenchEmbeddedPostgres,
  writeResults,
  type BenchDatabase,
  type Captured,
} from "./bench-common";
import { BENCH_COMPANY_QUERY, progressBar, seedMillion, type SeedMillionResult } from "./seed-million";

const COUNT = Math.max(1000, num("BENCH_COUNT", 1_000_000));
const WARMUP = num("BENCH_WARMUP", 20);
const RUNS = Math.max(1, num("BENCH_RUNS", 200));
const OVERALL_TIMEOUT_S = num("BENCH_TIMEOUT_S", 1500);
const EXPLAIN_ALL = process.env.BENCH_EXPLAIN === "1";
const KEEP_DB = process.env.BENCH_KEEP_DB === "1";
const AIM_P50_MS = 50;
const OFFICERS = Math.max(1, num("BENCH_OFFICERS", 4));

// ---------------------------------------------------------------------------
// Database: a throwaway one
// ---------------------------------------------------------------------------

async function setupDatabase(): Promise<BenchDatabase> {
  const base = process.env.DATABASE_URL;
  if (base) {
    const name = `canary_bench_${randomBytes(4).toString("hex")}`;
    await createDatabase(base, name);
    const u = new URL(base);
    u.pathname = "/" + name;
    log(`throwaway database ${name} on ${u.host}`);
    return {
      kind: "external",
      url: u.toString(),
      name,
      cleanup: async () => {
        if (KEEP_DB) return log(`BENCH_KEEP_DB=1: kept ${u.toString()}`);
        await dropDatabase(base, name);
        log(`dropped ${name}`);
      },
    };
  }
  return startBenchEmbeddedPostgres("canary-bench-triage-", { keep: KEEP_DB });
}

// ---------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------

type Case = { key: string; title: string; run: () => Promise<{ rows: unknown[]; next: string | null }> };

type CaseResult = {
  key: string;
  title: string;
  rows: number;
  hasNext: boolean;
  ms: { p50: number; p90: number; p99: number; mean: number; min: number; max: number };
  aimMet: boolean;
  sql: Captured[];
  plan: string;
  planExecutionMs: number | null;
};

async function measure(c: Case): Promise<CaseResult> {
  let last: { rows: unknown[]; next: string | null } = { rows: [], next: null };
  for (let i = 0; i < WARMUP; i++) last = await c.run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    last = await c.run();
    times.push(performance.now() - t0);
  }
  const sorted = [...times].sort((a, b) => a - b);
  // The one statement each service call sends, run once more for its plan.
  const sql = await captureSql(c.run);
  const plan = sql[0] ? await explainAnalyze(sql[0]) : "(no SQL captured)";
  const exec = /Execution Time: ([\d.]+) ms/.exec(plan);
  const p50 = percentile(sorted, 50);
  return {
    key: c.key,
    title: c.title,
    rows: last.rows.length,
    hasNext: last.next !== null,
    ms: {
      p50: round(p50, 2),
      p90: round(percentile(sorted, 90), 2),
      p99: round(percentile(sorted, 99), 2),
      mean: round(times.reduce((a, b) => a + b, 0) / times.length, 2),
      min: round(sorted[0]!, 2),
      max: round(sorted.at(-1)!, 2),
    },
    aimMet: p50 < AIM_P50_MS,
    sql,
    plan,
    planExecutionMs: exec ? Number(exec[1]) : null,
  };
}

async function staffFor(role: "triage_officer" | "agency_officer" | "supervisor", departmentType: string, placeCode: string): Promise<StaffContext> {
  const [a] = await db()
    .select()
    .from(agencies)
    .where(and(eq(agencies.departmentType, departmentType), eq(agencies.placeCode, placeCode)));
  if (!a) throw new Error(`no ${departmentType} agency at ${placeCode}`);
  return {
    staffId: randomUUID(),
    email: `${role}.${placeCode}@bench.canary.invalid`,
    displayName: `Bench ${role}`,
    role,
    agency: { id: a.id, departmentType: a.departmentType, placeCode: a.placeCode.trim(), nameZh: a.nameZh, nameEn: a.nameEn },
    sessionId: randomUUID(),
    csrf: "bench",
  };
}

// ---------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------

const cleanups = cleanupSteps();

async function main(): Promise<number> {
  process.chdir(ROOT);
  const loadBefore = os.loadavg();
  const database = await setupDatabase();
  cleanups.push(database.cleanup);
  process.env.DATABASE_URL = database.url;
  // A throwaway key: the seeded ciphertexts are real, and nothing is written to .data/.
  process.env.CANARY_MASTER_KEY = randomBytes(32).toString("base64");
  cleanups.push(() => closeDb());

  const t0 = performance.now();
  await runMigrations(database.url);
  await seedReference(db());
  await seedDemoAgencies(db());
  log(`migrations, reference data and demo agencies in ${Math.round(performance.now() - t0)} ms; loading ${COUNT.toLocaleString("en")} tips`);
  const bar = progressBar();
  const seed: SeedMillionResult = await seedMillion(db(), {
    count: COUNT,
    onProgress: bar,
    ...seedMillionKnobs(),
  });
  bar.finish();
  log(
    `seeded ${seed.count.toLocaleString("en")} tips in ${round(seed.loadMs / 1000)} s (${Math.round(seed.rowsPerSecond).toLocaleString("en")} tips/s), ` +
      `VACUUM (ANALYZE) ${round(seed.analyzeMs / 1000)} s`,
  );

  const client = sqlClient();
  const [facts] = (await client`
    select current_setting('server_version') as version,
           pg_size_pretty(pg_total_relation_size('tips')) as tips_size,
           pg_size_pretty(pg_total_relation_size('ledger_entries')) as ledger_size,
           (select count(*) from tips where state in ('submitted', 'returned', 'reopened'))::int as untriaged,
           (select count(*) from tips where state in ('submitted', 'returned', 'reopened') and place_code between '330000' and '339999')::int as untriaged_in_province`) as unknown as [
    { version: string; tips_size: string; ledger_size: string; untriaged: number; untriaged_in_province: number },
  ];

  // The demo's staffing for the desk rule: Zhejiang's desk and the national desk each have an
  // active triage account (the national desk is added when the directory lacks it).
  await db()
    .insert(agencies)
    .values({ departmentType: "safety_committee", placeCode: "000000", nameZh: "国务院安委会办公室", nameEn: "Office of the State Council Work Safety Committee", inboxEmail: "safety-committee.000000@agencies.canary.invalid" })
    .onConflictDoNothing();
  const desk = await staffFor("triage_officer", "safety_committee", "330000");
  const nationalDesk = await staffFor("triage_officer", "safety_committee", "000000");
  for (const s of [desk, nationalDesk]) {
    await db().insert(staffAccounts).values({ email: s.email, displayName: s.displayName, role: s.role, agencyId: s.agency!.id }).onConflictDoNothing();
  }
  await client`analyze staff_accounts, agencies`;
  const officer = await staffFor("agency_officer", "emergency_management", "330106");
  const supervisor = await staffFor("supervisor", "emergency_management", "330100");
  // The officer in charge (issue 15): real accounts of the Xihu agency, each in charge of an even share of its accepted cases.
  const officers: StaffContext[] = [];
  for (let i = 0; i < OFFICERS; i++) {
    const o = await staffFor("agency_officer", "emergency_management", "330106");
    const [row] = await db()
      .insert(staffAccounts)
      .values({ email: `agency_officer.${i}.330106@bench.canary.invalid`, displayName: `Bench officer ${i}`, role: "agency_officer", agencyId: o.agency!.id })
      .returning({ id: staffAccounts.id });
    officers.push({ ...o, staffId: row!.id, displayName: `Bench officer ${i}` });
  }
  const officerIds = officers.map((o) => o.staffId);
  await client`
    update tips set assigned_officer_id = (${officerIds}::uuid[])[1 + abs(hashtext(id::text)) % ${OFFICERS}]
    where agency_id = ${officer.agency!.id} and state in ('accepted', 'investigating', 'concluded', 'rectifying', 'verified', 'under_review', 'closed')`;
  await client`vacuum (analyze) tips`;
  await client`analyze staff_accounts`;
  const mine = officers[0]!;
  const [inboxFacts] = (await client`
    select count(*)::int as assigned_total,
           count(*) filter (where state <> 'closed')::int as open,
           count(*) filter (where assigned_officer_id = ${mine.staffId}::uuid)::int as mine_total,
           count(*) filter (where assigned_officer_id = ${mine.staffId}::uuid and state <> 'closed')::int as mine_open
    from tips where agency_id = ${officer.agency!.id}`) as unknown as [{ assigned_total: number; open: number; mine_total: number; mine_open: number }];
  installCapture();

  const filters = { sector: "hazardous_chemicals", place: "330100", flags: ["major_hazard" as const] };
  const firstQueue = await listTriageQueue(desk, {});
  const firstInbox = await listAgencyInbox(officer, {});
  const cases: Case[] = [
    { key: "a", title: "(a) triage queue, first page (urgency order)", run: () => listTriageQueue(desk, {}) },
    { key: "b", title: "(b) triage queue, sector + city 330100 + major hazard", run: () => listTriageQueue(desk, filters) },
    { key: "c", title: `(c) triage queue, company search “${BENCH_COMPANY_QUERY}”`, run: () => listTriageQueue(desk, { q: BENCH_COMPANY_QUERY }) },
    { key: "d", title: "(d) agency inbox (Xihu emergency management), first page", run: () => listAgencyInbox(officer, {}) },
    { key: "e", title: "(e) triage queue, second page (urgency order, keyset)", run: () => listTriageQueue(desk, { after: firstQueue.next ?? undefined }) },
  ];
  if (!firstQueue.next) log("the triage queue has a single page: (e) repeats the first page");
  if (firstInbox.next) cases.push({ key: "f", title: "(f) agency inbox, second page (keyset)", run: () => listAgencyInbox(officer, { after: firstInbox.next! }) });
  cases.push({ key: "g", title: "(g) supervisor's inbox (Hangzhou emergency management and its districts), first page", run: () => listAgencyInbox(supervisor, {}) });
  cases.push({ key: "h", title: "(h) the national desk's first queue page (tips without a staffed desk of their own)", run: () => listTriageQueue(nationalDesk, {}) });
  const waiting = (s: StaffContext) => async () => ({ rows: (await listRepliesWaiting(s))?.rows ?? [], next: null });
  cases.push({ key: "i-desk", title: "(i) replies waiting, province desk (list + count)", run: waiting(desk) });
  cases.push({ key: "i-agency", title: "(i) replies waiting, Xihu emergency-management officer (list + count)", run: waiting(officer) });
  cases.push({ key: "j", title: "(j) my cases: one Xihu emergency-management officer's first page", run: () => listAgencyInbox(mine, { view: "mine" }) });
  cases.push({ key: "k", title: "(k) the Xihu inbox's unassigned view, first page", run: () => listAgencyInbox(mine, { view: "unassigned" }) });
  cases.push({ key: "l", title: `(l) the Xihu workload table (${OFFICERS} officers + unassigned)`, run: async () => ({ rows: (await agencyWorkload(mine)).officers, next: null }) });

  const results: CaseResult[] = [];
  for (const c of cases) {
    log(`${c.title}: ${WARMUP} warm-up + ${RUNS} timed calls`);
    results.push(await measure(c));
  }
  const loadAfter = os.loadavg();

  // -------------------------------------------------------------------------
  // Output
  // -------------------------------------------------------------------------
  const machine = {
    ...machineBasics(),
    database: database.kind === "embedded" ? `embedded PostgreSQL ${facts.version}` : `PostgreSQL ${facts.version} (DATABASE_URL, throwaway database)`,
    loadAverageBefore: loadBefore.map((x) => round(x, 2)),
    loadAverageAfter: loadAfter.map((x) => round(x, 2)),
  };
  const table = [
    `| ${seed.count.toLocaleString("en")} tips, ${machine.database} | rows | p50 ms | p90 ms | p99 ms | EXPLAIN ANALYZE ms | p50 < ${AIM_P50_MS} ms |`,
    "|---|---:|---:|---:|---:|---:|:---:|",
    ...results.map(
      (r) =>
        `| ${r.title} | ${r.rows}${r.hasNext ? "+" : ""} | ${fmt(r.ms.p50)} | ${fmt(r.ms.p90)} | ${fmt(r.ms.p99)} | ${r.planExecutionMs === null ? "?" : fmt(r.planExecutionMs)} | ${r.aimMet ? "yes" : "**no**"} |`,
    ),
  ].join("\n");
  const date = new Date().toISOString().slice(0, 10);
  const footer =
    `_${date}: ${machine.nproc} × ${machine.cpu}, Node ${machine.node}, ${machine.database}; service functions called in-process, one at a time ` +
    `(${WARMUP} warm-up + ${RUNS} timed calls each); ${facts.untriaged.toLocaleString("en")} untriaged tips, ${facts.untriaged_in_province.toLocaleString("en")} of them in 330000; ` +
    `the Xihu emergency-management inbox holds ${inboxFacts.open} open of ${inboxFacts.assigned_total} assigned, the officer of (j) ${inboxFacts.mine_open} open of ${inboxFacts.mine_total}; tips ${facts.tips_size}, ledger ${facts.ledger_size}; ` +
    `seeding ${round(seed.loadMs / 1000)} s (${Math.round(seed.rowsPerSecond).toLocaleString("en")} tips/s) + VACUUM (ANALYZE) ${round(seed.analyzeMs / 1000)} s; ` +
    `load average ${machine.loadAverageBefore.join(" / ")} before, ${machine.loadAverageAfter.join(" / ")} after._`;
  console.log("\n" + table + "\n\n" + footer + "\n");
  for (const r of results) {
    const top = r.plan.split("\n").slice(0, 1)[0];
    console.log(`${r.title}: plan top ${top?.trim()}`);
    if (EXPLAIN_ALL || !r.aimMet) console.log(`\nEXPLAIN (ANALYZE, BUFFERS) for ${r.title}:\n${r.plan}\n`);
  }
  const missed = results.filter((r) => !r.aimMet);
  console.log(missed.length ? `\nAim NOT met for: ${missed.map((r) => r.key).join(", ")}` : `\nAim met: every p50 < ${AIM_P50_MS} ms`);

  const json = {
    date: new Date().toISOString(),
    machine,
    settings: { count: COUNT, warmup: WARMUP, runs: RUNS, aimP50Ms: AIM_P50_MS, searchQuery: BENCH_COMPANY_QUERY, filters },
    seed,
    dataset: { ...facts, inbox: inboxFacts },
    staff: { desk: desk.agency, officer: officer.agency },
    results,
    markdown: table + "\n\n" + footer,
  };
  writeResults("triage", database.kind, json);
  return 0;
}

await runBench({ main, cleanup: cleanups.run, timeoutSeconds: OVERALL_TIMEOUT_S });
