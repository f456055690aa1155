/**
 * `npm run bench:release` (tsx scripts/bench-release.ts): the time of one full statistics release
 * (app/services/statistics-release.server.ts, ADR 041) over a million tips — every page of the
 * country, each province, city and county with cases, windows 0–4 — and how late a 10 ms timer on
 * the main thread runs meanwhile (the release is computed in a worker thread, as the job does).
 *
 * Database: DATABASE_URL when set — used as it is and kept (created if missing), so a second run
 * skips the seeding; it must be on loopback and not the `postgres` database. Otherwise an
 * embedded PostgreSQL in a temporary folder, removed at the end (BENCH_KEEP_DB=1 keeps it).
 * When the database holds fewer than BENCH_COUNT tips (default 1,000,000), the reference data, the
 * demo agencies and the missing tips are loaded with `seedMillion` (scripts/seed-million.ts), then
 * the deltas are folded.
 *
 * BENCH_RELEASES (default 1): releases run one after the other ("publish now" each; from the
 * second on, each reads its predecessor's private cells as the carry-forward's prior).
 * BENCH_INLINE=1 computes on the main thread instead (to see what the thread spares the server).
 * BENCH_THREADS: the subtree threads of each release (ADR 043), a comma list taken in turn, e.g.
 * "2,0" with BENCH_RELEASES=2 for two threads and then none in the same run (default: the
 * service's own, STATISTICS_RELEASE_THREADS).
 * BENCH_CHANGES (default 1,000): a day's counted changes committed before each release but the
 * first, so that a release is audited against a predecessor that differs from it, as a daily one
 * is: half new tips filed today (copies of waiting tips), a quarter accepted cases taken into
 * investigation, a quarter assigned cases accepted; 0 for none.
 * Prints the figures and writes bench-results/release.json (and release-<db kind>.json).
 */
import { randomBytes } from "node:crypto";
import os from "node:os";
import postgres from "postgres";
import { seedDemoAgencies, seedReference } from "../db/seed/index";
import { localDate } from "../app/domain/working-days";
import { runMigrations } from "../app/lib/database-runtime.server";
import { env } from "../app/lib/env.server";
import { closeDb, db, sqlClient } from "../app/lib/db.server";
import { foldStatistics } from "../app/services/published-statistics.server";
import { publishStatisticsRelease, type ReleaseOutcome } from "../app/services/statistics-release.server";
import { publishStatisticsReleaseInThread } from "../app/services/statistics-release-thread.server";
import {
  cleanupSteps,
  createDatabase,
  isLoopback,
  log,
  machineBasics,
  num,
  round,
  ROOT,
  runBench,
  seedMillionKnobs,
  startBenchEmbeddedPostgres,
  writeResults,
  type BenchDatabase,
} from "./bench-common";
import { progressBar, seedMillion } from "./seed-million";

const COUNT = Math.max(1000, num("BENCH_COUNT", 1_000_000));
const RELEASES = Math.max(1, num("BENCH_RELEASES", 1));
const INLINE = process.env.BENCH_INLINE === "1";
const KEEP_DB = process.env.BENCH_KEEP_DB === "1";
const CHANGES = Math.max(0, num("BENCH_CHANGES", 1000));
const THREADS = (process.env.BENCH_THREADS ?? "")
  .split(",")
  .filter((t) => t.trim() !== "")
  .map((t) => Math.max(0, Math.trunc(Number(t))));
const cleanups = cleanupSteps();

async function setupDatabase(): Promise<BenchDatabase> {
  const base = process.env.DATABASE_URL;
  if (!base) return startBenchEmbeddedPostgres("canary-bench-release-", { keep: KEEP_DB, hint: "set DATABASE_URL to keep a seeded database between runs" });
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

/** A day's counted changes (BENCH_CHANGES), each through the statistics triggers as the portal's own would be. */
async function commitDaysChanges(client: ReturnType<typeof sqlClient>, n: number): Promise<void> {
  const today = localDate(new Date(), env().timeZone);
  const filed = Math.floor(n / 2);
  const moved = Math.floor((n - filed) / 2);
  await client.begin(async (tx) => {
    // References of a year no real tip has (JB9999-…), numbered by the portal's sequence: never one the seed wrote.
    await tx`
      insert into tips (reference, reference_seq, state, channel, sector_code, place_code, company_name, submitted_on, captcha_status, content_enc, receipt_hash)
      select 'JB9999-' || lpad(s::text, 7, '0'), s, 'submitted', channel, sector_code, place_code, company_name,
             ${today}::date, captcha_status, content_enc, sha256(gen_random_uuid()::text::bytea)
      from (select t.*, nextval('tip_reference_seq') as s from (select * from tips where state = 'submitted' order by random() limit ${filed}) t) c`;
    await tx`update tips set state = 'investigating' where id in (select id from tips where state = 'accepted' order by random() limit ${moved})`;
    await tx`update tips set state = 'accepted', accepted_on = coalesce(accepted_on, ${today}::date) where id in (select id from tips where state = 'assigned' order by random() limit ${n - filed - moved})`;
  });
}

/** The worst lateness of a 10 ms interval timer while `run` runs (ms). */
async function timerLateness<T>(run: () => Promise<T>): Promise<{ value: T; worstMs: number }> {
  let worst = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const t = performance.now();
    worst = Math.max(worst, t - last - 10);
    last = t;
  }, 10);
  try {
    return { value: await run(), worstMs: worst };
  } finally {
    clearInterval(timer);
  }
}

async function main(): Promise<number> {
  process.chdir(ROOT);
  const loadBefore = os.loadavg();
  const database = await setupDatabase();
  cleanups.push(database.cleanup);
  process.env.DATABASE_URL = database.url;
  process.env.CANARY_MASTER_KEY ??= randomBytes(32).toString("base64");
  cleanups.push(() => closeDb());

  await runMigrations(database.url);
  const client = sqlClient();
  const [{ tips: existing }] = (await client`select count(*)::int as tips from tips`) as unknown as [{ tips: number }];
  if (existing < COUNT) {
    await seedReference(db());
    await seedDemoAgencies(db());
    log(`${existing.toLocaleString("en")} tips present, loading ${(COUNT - existing).toLocaleString("en")}`);
    const bar = progressBar();
    const seeded = await seedMillion(db(), { count: COUNT - existing, onProgress: bar, onRebuildStart: () => bar.finish(), ...seedMillionKnobs() });
    log(`seeded ${seeded.count.toLocaleString("en")} tips in ${round(seeded.loadMs / 1000)} s, statistics rebuilt in ${round(seeded.rebuildMs / 1000)} s`);
  } else {
    log(`${existing.toLocaleString("en")} tips present (≥ BENCH_COUNT ${COUNT.toLocaleString("en")}): no seeding`);
  }
  await foldStatistics();
  const [facts] = (await client`select (select count(*) from tips)::int as tips, (select count(*) from stats_rollup)::int as rollup_rows, current_setting('server_version') as version`) as unknown as [
    { tips: number; rollup_rows: number; version: string },
  ];
  log(`${facts.tips.toLocaleString("en")} tips, ${facts.rollup_rows.toLocaleString("en")} rollup rows, PostgreSQL ${facts.version}`);

  const runs: { releaseNo: number; pages: number; seconds: number; pagesPerSecond: number; worstTimerLatenessMs: number; inline: boolean; threads: number | "default" }[] = [];
  for (let i = 0; i < RELEASES; i++) {
    // "Publish now" needs an administrator; the bench asks in the system's name as a scheduled day of its own instead
    // (the day after the last one any run asked for, so that it is always computed).
    const [{ day }] = (await client`select greatest(current_date + 1000, (select max(scheduled_for) + 1 from statistics_releases))::text as day`) as unknown as [{ day: string }];
    if (i > 0 && CHANGES > 0) {
      await commitDaysChanges(client, CHANGES);
      log(`${CHANGES.toLocaleString("en")} counted changes committed`);
    }
    const threads = THREADS.length ? THREADS[i % THREADS.length] : undefined;
    const request = { trigger: "schedule" as const, scheduledFor: day, ...(threads === undefined ? {} : { threads }) };
    const lineOut = (line: string) => log(line);
    const t0 = performance.now();
    const { value: r, worstMs } = await timerLateness<ReleaseOutcome>(() => (INLINE ? publishStatisticsRelease({ ...request, log: lineOut }) : publishStatisticsReleaseInThread(request, lineOut)));
    const seconds = (performance.now() - t0) / 1000;
    runs.push({ releaseNo: r.releaseNo, pages: r.pages ?? 0, seconds: round(seconds, 1), pagesPerSecond: round((r.pages ?? 0) / seconds, 1), worstTimerLatenessMs: round(worstMs, 1), inline: INLINE, threads: threads ?? "default" });
    log(`release ${r.releaseNo}: ${r.pages} pages in ${round(seconds, 1)} s (${round((r.pages ?? 0) / seconds, 1)} pages/s); a 10 ms timer on the main thread was at worst ${round(worstMs, 1)} ms late`);
  }
  const [size] = (await client`select pg_size_pretty(pg_total_relation_size('statistics_release_pages')) as pages_size,
      (select pg_size_pretty(avg(pg_column_size(page))::bigint) from statistics_release_pages where release_no = ${runs.at(-1)!.releaseNo}) as page_avg,
      (select pg_size_pretty(avg(pg_column_size(cells))::bigint) from statistics_release_pages where release_no = ${runs.at(-1)!.releaseNo}) as cells_avg`) as unknown as [
    { pages_size: string; page_avg: string; cells_avg: string },
  ];
  const loadAfter = os.loadavg();
  const machine = { ...machineBasics(), loadBefore: loadBefore.map((x) => round(x, 2)), loadAfter: loadAfter.map((x) => round(x, 2)), database: database.kind, postgres: facts.version };
  console.log(`\n| release | pages | seconds | pages/s | worst timer lateness (ms) | computed on | subtree threads |`);
  console.log(`|---|---|---|---|---|---|---|`);
  for (const r of runs) console.log(`| ${r.releaseNo} | ${r.pages} | ${r.seconds} | ${r.pagesPerSecond} | ${r.worstTimerLatenessMs} | ${r.inline ? "main thread" : "worker thread"} | ${r.threads} |`);
  console.log(`\n${facts.tips.toLocaleString("en")} tips; statistics_release_pages ${size.pages_size} in all, per page: page ${size.page_avg}, cells ${size.cells_avg} (stored, compressed)`);
  console.log(`machine: ${machine.nproc} CPUs (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}; load average before ${machine.loadBefore.join(" ")}, after ${machine.loadAfter.join(" ")}`);
  writeResults("release", database.kind, { machine, tips: facts.tips, rollupRows: facts.rollup_rows, runs, storage: size });
  return 0;
}

await runBench({ main, cleanup: () => cleanups.run(), timeoutSeconds: num("BENCH_TIMEOUT_S", 3600) });
