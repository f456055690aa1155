/**
 * `npm run bench:stats` (tsx scripts/bench-stats.ts): how fast the published statistics and the
 * open-data download answer over a million tips. Aims (issue 16): /stats for the country, a
 * province, a city and a county, read from the current statistics release, under 10 ms p50 and
 * 30 ms p99 server side while a counted change is committed before every request; the outcomes
 * CSV of all closed cases streamed in under 30 s. The computation a request made before releases
 * (publishedStatistics, now the job worker's) is still timed in this process as the baseline.
 *
 * Database: DATABASE_URL when set — used as it is and kept (created if it does not exist yet), so
 * a second run skips the seeding; it must be on loopback, as this script writes to it. Otherwise an
 * embedded PostgreSQL in a temporary folder, removed at the end (BENCH_KEEP_DB=1 keeps it running).
 * Migrations are applied; when the database holds fewer than BENCH_COUNT tips (default 1,000,000),
 * the reference data, demo agencies and the missing tips are loaded with `seedMillion`
 * (scripts/seed-million.ts: outcomes, returns, overdue cases; the statistics triggers are off
 * during the load and `stats_rebuild()` recounts afterwards). Then `foldStatistics()` once, so no
 * deltas are pending, and the number of stats_rollup rows is reported.
 *
 * Measured, one request or call at a time, BENCH_WARMUP (20) warm-up + BENCH_RUNS (200) timed each,
 * p50/p95/p99 in ms:
 *  1. service only, in this process (app/services/published-statistics.server.ts):
 *     `publishedStatistics({ place, window: 0 })` as the route calls it (a publication cached by
 *     data version after the first call), the same with `fresh: true` (recomputed every call:
 *     the page after any counted change, the whole chain country → … → place), and
 *     `scopeCounters` alone (the rollup SQL of one scope); the SQL of scopeCounters is run once
 *     more under EXPLAIN (ANALYZE, BUFFERS) and printed when the aim is missed (all with
 *     BENCH_EXPLAIN=1);
 *  2. a statistics release of the four places (and their windows) is published first, written as
 *     tests/support/releases.ts writes one (the pages as publishedStatistics computes them, then
 *     the publishing UPDATE; until the worker's release service replaces it), and its time is
 *     reported — not the time of a full release of every place, which is the worker's to report;
 *     then over HTTP against the production build served by `node --import tsx scripts/server.ts` in a
 *     child process on a free loopback port (NODE_ENV=production, WEB_CONCURRENCY=1 so its RSS is
 *     the server's, jobs off, ledger anchoring off, RATE_LIMITS=off, request log on):
 *     GET /stats (the country, default period), ?place=330000 (a province), ?place=330100 (a
 *     city), ?place=BENCH_COUNTY (default 330106, a Hangzhou county: the drill-down). Each twice:
 *     "no change" (repeated requests) and "after a change" (a counted change committed before
 *     each request: one tip of the county has its escalation flag toggled, which the statistics
 *     triggers count as a delta; the page read is the release's all the same). Client time
 *     on loopback and server time from the server's request log (express middleware: from the
 *     request reaching the app to the response's `finish`); the aim is judged on the server time;
 *  3. GET /open-data/outcomes.csv (all closed cases, streamed in keyset pages): total seconds,
 *     time to first byte, bytes, CSV records (checked against the closed cases in the database),
 *     server time from the request log, server CPU time, and the server process's peak RSS
 *     (VmRSS sampled every 100 ms during the download, and VmHWM, its peak since start; Linux).
 *     One keyset page of its SQL (5,000 records written by PostgreSQL as one text) is run under
 *     EXPLAIN (ANALYZE) to show what a page costs.
 * If the build has no /stats route yet (404), the HTTP /stats lines are skipped and reported so.
 *
 * Prints a Markdown table and writes bench-results/stats.json (and stats-<db kind>.json).
 *
 * Knobs (environment): BENCH_COUNT, BENCH_WARMUP, BENCH_RUNS, BENCH_COUNTY, BENCH_EXPLAIN=1,
 * BENCH_PARTS (service,http,csv: the parts to run, e.g. BENCH_PARTS=csv),
 * BENCH_CASE_MAX_S (60: a case's timed runs stop early after this long, reporting the runs done;
 * its warm-up stops after a quarter of it),
 * BENCH_CSV_TIMEOUT_S (300: the download is stopped there and the figures streamed by then are
 * reported), BENCH_TIMEOUT_S overall (3600, seeding included), BENCH_BUILD
 * (unset: `remix build` only when build/index.js is missing, with a warning when it is older than
 * app/; 1: always build first; 0: never), BENCH_KEEP_DB=1, BENCH_SEED_CONCURRENCY /
 * BENCH_SEED_BATCH (seedMillion's concurrency and batch size).
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { seedDemoAgencies, seedReference } from "../db/seed/index";
import { runMigrations } from "../app/lib/database-runtime.server";
import { closeDb, db, sqlClient } from "../app/lib/db.server";
import { publishedOutcomesCsv } from "../app/services/published-outcomes.server";
import { foldStatistics, NATION, publishedStatistics, scopeCounters, statisticsWindows } from "../app/services/published-statistics.server";
import { todayLocal } from "../app/services/deadline-common.server";
import { regionsContaining } from "../app/domain/places";
import {
  captureSql,
  cleanupSteps,
  createDatabase,
  explainAnalyze,
  fmtMs as fmt,
  freePort,
  HOST,
  inheritedServerEnv,
  installCapture,
  isLoopback,
  log,
  machineBasics,
  num,
  percentile,
  processCpuMs,
  remixBuild,
  ROOT,
  round,
  runBench,
  seedMillionKnobs,
  sleep,
  startBenchEmbeddedPostgres,
  stopServer,
  waitReady,
  writeResults,
  type BenchDatabase,
  type Captured,
  type ChildServer,
} from "./bench-common";
import { progressBar, seedMillion, type SeedMillionResult } from "./seed-million";
import { publishTestRelease } from "../tests/support/releases";
import { disabledStatisticsTriggers } from "./stats-rebuild";

const COUNT = Math.max(1000, num("BENCH_COUNT", 1_000_000));
const WARMUP = Math.max(0, num("BENCH_WARMUP", 20));
const RUNS = Math.max(1, num("BENCH_RUNS", 200));
const COUNTY = /^\d{6}$/.test(process.env.BENCH_COUNTY ?? "") ? process.env.BENCH_COUNTY! : "330106";
const CASE_MAX_MS = num("BENCH_CASE_MAX_S", 60) * 1000;
const CSV_TIMEOUT_MS = num("BENCH_CSV_TIMEOUT_S", 300) * 1000;
const OVERALL_TIMEOUT_S = num("BENCH_TIMEOUT_S", 3600);
const EXPLAIN_ALL = process.env.BENCH_EXPLAIN === "1";
/** The CSV's keyset page size (publishedOutcomesCsv's default). */
const CSV_PAGE = 5000;
const KEEP_DB = process.env.BENCH_KEEP_DB === "1";
const PARTS = new Set((process.env.BENCH_PARTS ?? "service,http,csv").split(",").map((x) => x.trim()));
/** /stats read from a release (issue 16). */
const AIM_P50_MS = 10;
const AIM_P99_MS = 30;
/** The computation a request made before releases (the service baseline), as the earlier aim had it. */
const AIM_BASELINE_P50_MS = 50;
const AIM_CSV_S = 30;
const PLACES = [
  { key: "country", code: NATION, title: "the country (default period)" },
  { key: "province", code: "330000", title: "province 330000" },
  { key: "city", code: "330100", title: "city 330100" },
  { key: "county", code: COUNTY, title: `county ${COUNTY} (drill-down)` },
] as const;

type Stats = { n: number; p50: number; p95: number; p99: number; mean: number; min: number; max: number };

function summarise(times: number[]): Stats | null {
  if (times.length === 0) return null;
  const s = [...times].sort((a, b) => a - b);
  return {
    n: s.length,
    p50: round(percentile(s, 50), 2),
    p95: round(percentile(s, 95), 2),
    p99: round(percentile(s, 99), 2),
    mean: round(times.reduce((a, b) => a + b, 0) / times.length, 2),
    min: round(s[0]!, 2),
    max: round(s.at(-1)!, 2),
  };
}

// ---------------------------------------------------------------------------
// /proc (Linux): memory of the server process (its CPU time: processCpuMs)
// ---------------------------------------------------------------------------

function procStatusKb(pid: number | undefined, field: "VmRSS" | "VmHWM"): number | null {
  if (!pid) return null;
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------
// Database: DATABASE_URL (kept) or a throwaway embedded server
// ---------------------------------------------------------------------------

async function setupDatabase(): Promise<BenchDatabase> {
  const base = process.env.DATABASE_URL;
  if (base) {
    const u = new URL(base);
    if (!isLoopback(u.hostname)) throw new Error(`DATABASE_URL must be on loopback for the benchmark, which writes to it (got ${u.hostname})`);
    const name = decodeURIComponent(u.pathname.replace(/^\//, "")) || "postgres";
    if (name === "postgres") throw new Error("DATABASE_URL names the `postgres` database: give the benchmark a database of its own (e.g. …/canary_bench_stats)");
    const probe = postgres(base, { max: 1, onnotice: () => {} });
    try {
      await probe`select 1`;
    } catch (e) {
      if ((e as { code?: string }).code !== "3D000") throw e;
      const adminUrl = new URL(base);
      adminUrl.pathname = "/postgres";
      await createDatabase(adminUrl.toString(), name);
      log(`created database ${name} on ${u.host}`);
    } finally {
      await probe.end({ timeout: 5 });
    }
    return { kind: "external", url: base, name, cleanup: async () => {} };
  }
  return startBenchEmbeddedPostgres("canary-bench-stats-", { keep: KEEP_DB, hint: "set DATABASE_URL to keep a seeded database between runs" });
}

// ---------------------------------------------------------------------------
// EXPLAIN of captured SQL (captureSql)
// ---------------------------------------------------------------------------

type Plan = { text: string; executionMs: number | null; top: string };

async function explain(c: Captured): Promise<Plan> {
  const text = await explainAnalyze(c);
  const exec = /Execution Time: ([\d.]+) ms/.exec(text);
  return { text, executionMs: exec ? Number(exec[1]) : null, top: text.split("\n")[0]?.trim() ?? "" };
}

// ---------------------------------------------------------------------------
// Build and server
// ---------------------------------------------------------------------------

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

function ensureBuild() {
  const index = path.join(ROOT, "build/index.js");
  const mode = process.env.BENCH_BUILD;
  const exists = fs.existsSync(index);
  if (mode === "0") {
    if (!exists) throw new Error("build/index.js is missing and BENCH_BUILD=0");
    return;
  }
  if (exists && mode !== "1") {
    if (newestMtime(path.join(ROOT, "app")) > fs.statSync(index).mtimeMs) log("warning: build/index.js is older than app/ — measuring the old build (BENCH_BUILD=1 rebuilds)");
    return;
  }
  remixBuild(exists ? "BENCH_BUILD=1: running remix build" : "build/index.js is missing: running remix build");
}

type LogEntry = { method: string; path: string; status: number; ms: number };
type Server = ChildServer & { requestLog: LogEntry[] };

async function startServerProcess(url: string): Promise<Server> {
  const port = await freePort();
  const env = inheritedServerEnv(["WEB_CONCURRENCY", "LOG_REQUESTS", "JOBS"]);
  Object.assign(env, {
    DATABASE_URL: url,
    PORT: String(port),
    HOST,
    NODE_ENV: "production",
    RATE_LIMITS: "off",
    // One process: its RSS is the server's, and its request log times every request.
    WEB_CONCURRENCY: "1",
    LOG_REQUESTS: "1",
    // No folding, mail or escalation jobs, no ledger anchoring (a million unanchored chains) meanwhile.
    JOBS: "off",
    LEDGER_ANCHOR_SECONDS: "86400",
    CANARY_MASTER_KEY: process.env.CANARY_MASTER_KEY!,
  });
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/server.ts"], { cwd: ROOT, env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  const requestLog: LogEntry[] = [];
  let partial = "";
  const keep = (chunk: Buffer) => {
    const lines = (partial + chunk.toString("utf8")).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      if (!line) continue;
      const m = /^(GET|HEAD|POST) (\S+) (\d{3}) ([\d.]+)ms$/.exec(line);
      if (m) requestLog.push({ method: m[1]!, path: m[2]!, status: Number(m[3]), ms: Number(m[4]) });
      else {
        output.push(line);
        if (output.length > 200) output.shift();
      }
    }
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) if (line) output.push(line);
    while (output.length > 200) output.shift();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, base: `http://${HOST}:${port}`, output, requestLog, exited };
}

/** The server's own time for the next logged request to `pathname` (sequential requests only). */
async function serverTimeOf(server: Server, cursor: { i: number }, pathname: string, waitMs = 2000): Promise<LogEntry | null> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    while (cursor.i < server.requestLog.length) {
      const e = server.requestLog[cursor.i++]!;
      if (e.path === pathname) return e;
    }
    if (Date.now() > deadline) return null;
    await sleep(2);
  }
}

// ---------------------------------------------------------------------------
// Measurements
// ---------------------------------------------------------------------------

type ServiceResult = { key: string; title: string; ms: Stats | null; runs: number; stoppedEarly: boolean; plans?: Plan[] };
type HttpResult = {
  key: string;
  title: string;
  url: string;
  status: number | null;
  bytes: number | null;
  client: Stats | null;
  server: Stats | null;
  runs: number;
  stoppedEarly: boolean;
  aimMet: boolean | null;
  note?: string;
};

async function measureService(key: string, title: string, run: () => Promise<unknown>): Promise<ServiceResult> {
  log(`${title}: ${WARMUP} warm-up + ${RUNS} timed calls`);
  const warmStart = performance.now();
  for (let i = 0; i < WARMUP && performance.now() - warmStart < CASE_MAX_MS / 4; i++) await run();
  const times: number[] = [];
  const started = performance.now();
  let stoppedEarly = false;
  for (let i = 0; i < RUNS; i++) {
    if (performance.now() - started > CASE_MAX_MS) {
      stoppedEarly = true;
      break;
    }
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  return { key, title, ms: summarise(times), runs: times.length, stoppedEarly };
}

async function measureHttp(server: Server, key: string, title: string, pathAndQuery: string, before?: () => Promise<unknown>): Promise<HttpResult> {
  const url = server.base + pathAndQuery;
  const pathname = new URL(url).pathname;
  const cursor = { i: server.requestLog.length };
  const one = async () => {
    if (before) await before();
    const t0 = performance.now();
    const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
    const body = await res.arrayBuffer();
    const ms = performance.now() - t0;
    const entry = await serverTimeOf(server, cursor, pathname);
    return { status: res.status, type: res.headers.get("content-type") ?? "", bytes: body.byteLength, ms, serverMs: entry?.ms ?? null };
  };
  log(`${title}: ${WARMUP} warm-up + ${RUNS} timed requests`);
  const first = await one();
  if (first.status !== 200 || !first.type.includes("text/html")) {
    return {
      key,
      title,
      url: pathAndQuery,
      status: first.status,
      bytes: first.bytes,
      client: null,
      server: null,
      runs: 0,
      stoppedEarly: false,
      aimMet: null,
      note: first.status === 404 ? "404: no /stats route in this build (or the place does not exist)" : `unexpected answer ${first.status} ${first.type}`,
    };
  }
  const warmStart = performance.now();
  for (let i = 1; i < WARMUP && performance.now() - warmStart < CASE_MAX_MS / 4; i++) await one();
  const client: number[] = [];
  const serverTimes: number[] = [];
  const started = performance.now();
  let stoppedEarly = false;
  let bytes = first.bytes;
  for (let i = 0; i < RUNS; i++) {
    if (performance.now() - started > CASE_MAX_MS) {
      stoppedEarly = true;
      break;
    }
    const r = await one();
    if (r.status !== 200) throw new Error(`${pathAndQuery}: status ${r.status} during the timed runs`);
    bytes = r.bytes;
    client.push(r.ms);
    if (r.serverMs !== null) serverTimes.push(r.serverMs);
  }
  const server_ = summarise(serverTimes);
  const clientStats = summarise(client);
  const judged = server_ ?? clientStats;
  return {
    key,
    title,
    url: pathAndQuery,
    status: 200,
    bytes,
    client: clientStats,
    server: server_,
    runs: client.length,
    stoppedEarly,
    aimMet: judged ? judged.p50 < AIM_P50_MS && judged.p99 < AIM_P99_MS : null,
  };
}

type CsvResult = {
  status: number;
  seconds: number;
  firstByteMs: number;
  bytes: number;
  records: number;
  expectedRecords: number;
  serverMs: number | null;
  serverCpuMs: number | null;
  rssBeforeMiB: number | null;
  peakRssMiB: number | null;
  hwmMiB: number | null;
  /** Stopped at BENCH_CSV_TIMEOUT_S: the figures are those streamed by then. */
  timedOut: boolean;
  aimMet: boolean;
};

async function measureCsv(server: Server, expectedRecords: number): Promise<CsvResult> {
  const pid = server.child.pid;
  const cursor = { i: server.requestLog.length };
  const rssBefore = procStatusKb(pid, "VmRSS");
  let peakRss = rssBefore ?? 0;
  const sampler = setInterval(() => {
    const kb = procStatusKb(pid, "VmRSS");
    if (kb !== null && kb > peakRss) peakRss = kb;
  }, 100);
  const cpu0 = processCpuMs(pid);
  const t0 = performance.now();
  let firstByteMs = 0;
  let bytes = 0;
  let newlines = 0;
  let inQuotes = false;
  let status = 0;
  let timedOut = false;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), CSV_TIMEOUT_MS);
  try {
    const res = await fetch(`${server.base}/open-data/outcomes.csv`, { signal: abort.signal });
    status = res.status;
    const reader = res.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (bytes === 0) firstByteMs = performance.now() - t0;
      bytes += value.byteLength;
      // CSV records: newlines outside quoted fields (a doubled quote toggles twice).
      for (let i = 0; i < value.length; i++) {
        const c = value[i]!;
        if (c === 0x22) inQuotes = !inQuotes;
        else if (c === 0x0a && !inQuotes) newlines++;
      }
    }
  } catch (e) {
    if (!abort.signal.aborted) throw e;
    timedOut = true;
    log(`CSV: stopped after ${CSV_TIMEOUT_MS / 1000} s (BENCH_CSV_TIMEOUT_S), ${newlines.toLocaleString("en")} lines streamed by then`);
  } finally {
    clearTimeout(timer);
    clearInterval(sampler);
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu1 = processCpuMs(pid);
  const entry = timedOut ? null : await serverTimeOf(server, cursor, "/open-data/outcomes.csv");
  const hwm = procStatusKb(pid, "VmHWM");
  const mib = (kb: number | null) => (kb === null || kb === 0 ? null : round(kb / 1024, 0));
  const records = Math.max(0, newlines - 1); // minus the header line
  return {
    status,
    seconds: round(seconds, 2),
    firstByteMs: round(firstByteMs, 0),
    bytes,
    records,
    expectedRecords,
    serverMs: entry?.ms ?? null,
    serverCpuMs: cpu0 !== null && cpu1 !== null ? round(cpu1 - cpu0, 0) : null,
    rssBeforeMiB: mib(rssBefore),
    peakRssMiB: mib(peakRss),
    hwmMiB: mib(hwm),
    timedOut,
    aimMet: !timedOut && status === 200 && seconds < AIM_CSV_S && records === expectedRecords,
  };
}

// ---------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------

const cleanups = cleanupSteps();

async function main(): Promise<number> {
  process.chdir(ROOT);
  const loadBefore = os.loadavg();
  ensureBuild();
  const database = await setupDatabase();
  cleanups.push(database.cleanup);
  process.env.DATABASE_URL = database.url;
  // The seeded ciphertexts are real; nothing here decrypts them, so any key will do.
  process.env.CANARY_MASTER_KEY ??= randomBytes(32).toString("base64");
  cleanups.push(() => closeDb());

  const t0 = performance.now();
  await runMigrations(database.url);
  const client = sqlClient();
  const [{ tips: existing }] = (await client`select count(*)::int as tips from tips`) as unknown as [{ tips: number }];
  let seed: SeedMillionResult | null = null;
  if (existing < COUNT) {
    await seedReference(db());
    await seedDemoAgencies(db());
    const missing = COUNT - existing;
    log(`migrations and reference data in ${Math.round(performance.now() - t0)} ms; ${existing.toLocaleString("en")} tips present, loading ${missing.toLocaleString("en")}`);
    const bar = progressBar();
    seed = await seedMillion(db(), {
      count: missing,
      onProgress: bar,
      onRebuildStart: (p) => {
        bar.finish();
        log(`loaded ${p.loaded.toLocaleString("en")} tips in ${round(p.loadMs / 1000)} s, VACUUM (ANALYZE) ${round(p.analyzeMs / 1000)} s; rebuilding the statistics (stats_rebuild) …`);
      },
      ...seedMillionKnobs(),
    });
    log(
      `seeded ${seed.count.toLocaleString("en")} tips in ${round(seed.loadMs / 1000)} s (${Math.round(seed.rowsPerSecond).toLocaleString("en")} tips/s), ` +
        `VACUUM (ANALYZE) ${round(seed.analyzeMs / 1000)} s, statistics rebuilt in ${round(seed.rebuildMs / 1000)} s`,
    );
  } else {
    log(`${existing.toLocaleString("en")} tips present (≥ BENCH_COUNT ${COUNT.toLocaleString("en")}): no seeding`);
  }
  const disabled = await disabledStatisticsTriggers(client);
  if (disabled.length) log(`warning: statistics triggers disabled: ${disabled.join(", ")} (npm run stats:rebuild enables them and recounts)`);

  const fold0 = performance.now();
  const folded = await foldStatistics();
  const foldMs = performance.now() - fold0;
  log(`foldStatistics(): ${folded} rollup rows written in ${Math.round(foldMs)} ms`);
  const [facts] = (await client`
    select current_setting('server_version') as version,
           (select count(*) from tips)::int as tips,
           (select count(*) from tips t join case_outcomes o on o.tip_id = t.id where t.state = 'closed' and t.closed_on is not null)::int as closed_with_outcome,
           (select count(*) from stats_rollup)::int as rollup_rows,
           (select count(*) from stats_rollup where scope = '000000')::int as rollup_rows_country,
           (select count(*) from stats_delta)::int as pending_deltas,
           (select count(*) from tips where place_code = ${COUNTY})::int as county_tips,
           pg_size_pretty(pg_total_relation_size('stats_rollup')) as rollup_size,
           pg_size_pretty(pg_total_relation_size('tips')) as tips_size`) as unknown as [
    {
      version: string;
      tips: number;
      closed_with_outcome: number;
      rollup_rows: number;
      rollup_rows_country: number;
      pending_deltas: number;
      county_tips: number;
      rollup_size: string;
      tips_size: string;
    },
  ];
  log(`${facts.tips.toLocaleString("en")} tips, ${facts.closed_with_outcome.toLocaleString("en")} closed with an outcome, ${facts.rollup_rows.toLocaleString("en")} stats_rollup rows`);

  // 1. Service only, in this process --------------------------------------------------------
  installCapture();
  const today = todayLocal();
  const [period] = statisticsWindows(today);
  const service: ServiceResult[] = [];
  for (const p of PARTS.has("service") ? PLACES : []) {
    const page = await publishedStatistics({ place: p.code, window: 0 });
    if (!page) throw new Error(`publishedStatistics: no page for ${p.code}`);
    service.push(await measureService(`service-${p.key}`, `service only, ${p.title}: publishedStatistics (cached publication)`, () => publishedStatistics({ place: p.code, window: 0 })));
    // `fresh` bypasses the publication cache.
    service.push(await measureService(`service-fresh-${p.key}`, `service only, ${p.title}: publishedStatistics, recomputed (fresh)`, () => publishedStatistics({ place: p.code, window: 0, fresh: true })));
    const r = await measureService(`service-sql-${p.key}`, `service only, ${p.title}: scopeCounters (rollup SQL of the scope)`, () => scopeCounters(p.code, period!));
    const sql = await captureSql(() => scopeCounters(p.code, period!));
    r.plans = [];
    for (const c of sql) r.plans.push(await explain(c));
    service.push(r);
  }

  // 2. HTTP ------------------------------------------------------------------------------
  const http: HttpResult[] = [];
  let server: Server | null = null;
  let release: { no: number; pages: number; seconds: number } | null = null;
  if (PARTS.has("http")) {
    // /stats reads the current release: publish one of the places measured (their chains share the upper levels).
    const r0 = performance.now();
    const no = await publishTestRelease({ places: [...new Set(PLACES.flatMap((p) => regionsContaining(p.code)))] });
    const [row] = await client<{ pages: number }[]>`select pages from statistics_releases where release_no = ${no}`;
    release = { no, pages: row!.pages, seconds: round((performance.now() - r0) / 1000, 1) };
    log(`statistics release ${no} published: ${release.pages} pages in ${release.seconds} s (the test helper's way: not a full release)`);
  }
  if (PARTS.has("http") || PARTS.has("csv")) {
    const started = await startServerProcess(database.url);
    cleanups.push(() => stopServer(started));
    await waitReady(started, 120_000);
    log(`server ready at ${started.base} (pid ${started.child.pid})`);
    server = started;
  }
  // A counted change committed before each request: the statistics triggers write a delta for it.
  const [changed] = await client<{ id: string }[]>`select id::text from tips where place_code = ${COUNTY} order by id limit 1`;
  const commitChange = () => client`update tips set escalated_at = case when escalated_at is null then now() else null end where id = ${changed!.id}::uuid`;
  for (const p of server && PARTS.has("http") ? PLACES : []) {
    const q = p.code === NATION ? "/stats" : `/stats?place=${p.code}`;
    const cached = await measureHttp(server!, `http-${p.key}`, `GET ${q} — ${p.title}, no change`, q);
    http.push(cached);
    if (cached.status === 404 && p.key === "country") {
      log("no /stats route in this build: the HTTP /stats cases are skipped");
      break;
    }
    if (cached.status === 200) http.push(await measureHttp(server!, `http-change-${p.key}`, `GET ${q} — ${p.title}, a change committed before each request (the release read)`, q, commitChange));
  }

  // 3. The outcomes CSV --------------------------------------------------------------------
  let csv: CsvResult | null = null;
  let csvPlan: Plan | null = null;
  if (server && PARTS.has("csv")) {
    const csvSql = await captureSql(async () => {
      // The header and two keyset pages, as the route streams them.
      const reader = publishedOutcomesCsv({}, CSV_PAGE).getReader();
      for (let i = 0; i < 3; i++) if ((await reader.read()).done) break;
      await reader.cancel();
    });
    const pageSql = csvSql.filter((c) => c.query.includes("string_agg"));
    csvPlan = pageSql[1] ? await explain(pageSql[1]) : pageSql[0] ? await explain(pageSql[0]) : null;
    log(`GET /open-data/outcomes.csv: ${facts.closed_with_outcome.toLocaleString("en")} closed cases expected; one keyset page (${CSV_PAGE.toLocaleString("en")} records, written by PostgreSQL) takes ${csvPlan?.executionMs ?? "?"} ms in EXPLAIN ANALYZE`);
    csv = await measureCsv(server, facts.closed_with_outcome);
    log(`CSV: ${csv.seconds} s, ${csv.bytes.toLocaleString("en")} bytes, ${csv.records.toLocaleString("en")} records, peak RSS ${csv.peakRssMiB ?? "?"} MiB`);
  }
  const loadAfter = os.loadavg();

  // Output ---------------------------------------------------------------------------------
  const machine = {
    ...machineBasics(),
    database: database.kind === "embedded" ? `embedded PostgreSQL ${facts.version}` : `PostgreSQL ${facts.version} (DATABASE_URL)`,
    loadAverageBefore: loadBefore.map((x) => round(x, 2)),
    loadAverageAfter: loadAfter.map((x) => round(x, 2)),
  };
  const statsCells = (s: Stats | null) => (s ? `${fmt(s.p50)} | ${fmt(s.p95)} | ${fmt(s.p99)}` : "– | – | –");
  const runsCell = (n: number, early: boolean) => `${n}${early ? " (time limit)" : ""}`;
  const httpRows = http.map((h) =>
    h.status !== 200
      ? `| ${h.title} | – | ${h.note ?? ""} | | | | | | |`
      : `| ${h.title} | ${runsCell(h.runs, h.stoppedEarly)} | ${statsCells(h.server)} | ${statsCells(h.client)} | ${h.aimMet ? "yes" : "**no**"} |`,
  );
  const serviceRows = service.map((s) => `| baseline (computed, as before releases): ${s.title} | ${runsCell(s.runs, s.stoppedEarly)} | ${statsCells(s.ms)} | – | – | – | ${s.ms ? (s.ms.p50 < AIM_BASELINE_P50_MS ? `yes (< ${AIM_BASELINE_P50_MS})` : "**no**") : "?"} |`);
  const table = [
    `| ${facts.tips.toLocaleString("en")} tips, ${machine.database} | runs | server p50 ms | p95 | p99 | client p50 ms | p95 | p99 | p50 < ${AIM_P50_MS} ms, p99 < ${AIM_P99_MS} ms |`,
    "|---|---:|---:|---:|---:|---:|---:|---:|:---:|",
    ...httpRows,
    ...serviceRows,
  ].join("\n");
  const csvTable = !csv ? "(outcomes CSV not measured: BENCH_PARTS)" : [
    `| GET /open-data/outcomes.csv | seconds | first byte ms | bytes | records | server ms | server CPU ms | RSS before / peak / VmHWM MiB | < ${AIM_CSV_S} s |`,
    "|---|---:|---:|---:|---:|---:|---:|---:|:---:|",
    `| all ${csv.expectedRecords.toLocaleString("en")} closed cases (HTTP ${csv.status})${csv.timedOut ? `, **stopped at the ${CSV_TIMEOUT_MS / 1000} s limit** (${Math.round(csv.records / csv.seconds).toLocaleString("en")} records/s; at that rate all in ≈ ${Math.round(csv.expectedRecords / Math.max(1, csv.records / csv.seconds))} s)` : ""} | ${csv.seconds} | ${csv.firstByteMs} | ${csv.bytes.toLocaleString("en")} | ${csv.records.toLocaleString("en")}${csv.records === csv.expectedRecords ? "" : ` (≠ ${csv.expectedRecords})`} | ${csv.serverMs ?? "–"} | ${csv.serverCpuMs ?? "–"} | ${csv.rssBeforeMiB ?? "?"} / ${csv.peakRssMiB ?? "?"} / ${csv.hwmMiB ?? "?"} | ${csv.aimMet ? "yes" : "**no**"} |`,
  ].join("\n");
  const date = new Date().toISOString().slice(0, 10);
  const seedText = seed
    ? `seeded here: ${seed.count.toLocaleString("en")} tips in ${round(seed.loadMs / 1000)} s (${Math.round(seed.rowsPerSecond).toLocaleString("en")} tips/s) + VACUUM (ANALYZE) ${round(seed.analyzeMs / 1000)} s, statistics rebuilt in ${round(seed.rebuildMs / 1000)} s`
    : "database seeded before this run";
  const footer =
    `_${date}: ${machine.nproc} × ${machine.cpu}, Node ${machine.node}, ${machine.database}; sequential requests on loopback to the production build ` +
    `(one server process), ${WARMUP} warm-up + ${RUNS} timed each; server time from the request log, client time includes loopback HTTP; ` +
    `${release ? `statistics release ${release.no} (${release.pages} pages, written in ${release.seconds} s by the test helper) read by /stats; ` : ""}"after a change" commits a counted change before each request; ${facts.closed_with_outcome.toLocaleString("en")} closed cases, ${facts.county_tips.toLocaleString("en")} tips in ${COUNTY}; ` +
    `${facts.rollup_rows.toLocaleString("en")} stats_rollup rows (${facts.rollup_rows_country.toLocaleString("en")} for the country; ${facts.rollup_size}), ` +
    `${facts.pending_deltas} pending deltas after foldStatistics() (${folded} rows folded); tips ${facts.tips_size}; ${seedText}; ` +
    `load average ${machine.loadAverageBefore.join(" / ")} before, ${machine.loadAverageAfter.join(" / ")} after._`;
  console.log("\n" + table + "\n\n" + csvTable + "\n\n" + footer + "\n");
  for (const s of service.filter((x) => x.plans)) {
    for (const [i, p] of (s.plans ?? []).entries()) {
      console.log(`${s.title}, statement ${i + 1}: EXPLAIN ANALYZE ${p.executionMs ?? "?"} ms — ${p.top}`);
      if (EXPLAIN_ALL || (s.ms && s.ms.p50 >= AIM_BASELINE_P50_MS)) console.log(`\n${p.text}\n`);
    }
  }
  if (csvPlan && csv) {
    const pages = Math.ceil(csv.expectedRecords / CSV_PAGE);
    console.log(`CSV keyset page (${CSV_PAGE.toLocaleString("en")} records): EXPLAIN ANALYZE ${csvPlan.executionMs ?? "?"} ms × ${pages} pages — ${csvPlan.top}`);
    if (EXPLAIN_ALL || !csv.aimMet) console.log(`\n${csvPlan.text}\n`);
  }
  const missing = http.filter((h) => h.status !== 200);
  const missed = [...http.filter((h) => h.aimMet === false).map((h) => h.title), ...(csv && !csv.aimMet ? ["outcomes CSV"] : [])];
  if (missing.length) console.log(`\nNot measured over HTTP: ${missing.map((h) => `${h.url} (${h.note})`).join("; ")}`);
  console.log(missed.length ? `\nAim NOT met for: ${missed.join("; ")}` : `\nAim met: /stats p50 < ${AIM_P50_MS} ms and p99 < ${AIM_P99_MS} ms server side, CSV < ${AIM_CSV_S} s`);

  const json = {
    date: new Date().toISOString(),
    machine,
    settings: { count: COUNT, warmup: WARMUP, runs: RUNS, county: COUNTY, aimP50Ms: AIM_P50_MS, aimP99Ms: AIM_P99_MS, aimBaselineP50Ms: AIM_BASELINE_P50_MS, aimCsvSeconds: AIM_CSV_S, caseMaxSeconds: CASE_MAX_MS / 1000 },
    release,
    seed,
    fold: { rows: folded, ms: round(foldMs, 1) },
    dataset: facts,
    service,
    http,
    csv: csv ? { ...csv, plan: csvPlan } : null,
    markdown: table + "\n\n" + csvTable + "\n\n" + footer,
  };
  writeResults("stats", database.kind, json);
  return missed.length ? 3 : 0;
}

await runBench({ main, cleanup: cleanups.run, timeoutSeconds: OVERALL_TIMEOUT_S });
