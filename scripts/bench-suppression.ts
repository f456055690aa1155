/**
 * `npm run bench:suppression` (tsx scripts/bench-suppression.ts): how much of the published
 * statistics small-count suppression hides, under the rule before and after issue 14's change
 * (docs/decisions/031-cheapest-complementary-suppression.md). A measurement, not a test.
 *
 * Database: DATABASE_URL when set, only read (e.g. a database `npm run seed:million` filled);
 * otherwise a fresh demo database: an embedded PostgreSQL in a temporary folder, migrated and
 * seeded as `npm run demo` seeds it (scripts/seed.ts: the directory, the demo tip and the 6,000-tip
 * statistics sample), removed at the end (BENCH_KEEP_DB=1 keeps it).
 *
 * The two rules: "before" is app/domain/suppression.ts and app/domain/published-statistics.ts as
 * they were at BENCH_BASELINE (default: the commit before the change, below), read with `git show`
 * into a temporary folder and imported from there — the project's code keeps only the new rule.
 * "After" is the working tree's.
 *
 * Every published page is computed as app/services/published-statistics.server.ts computes it:
 * each 12-month window (0 … STATISTICS_WINDOWS − 1), top down from the country through every
 * province, city and county the place breakdowns list, each page's headline given by its row on
 * the parent's page (under the same rule), with the breakdowns by sector, place (not for a
 * county), month and channel, the listed counts and the agencies. The rollups are read once per
 * page (scopeCounters) and both rules publish from the same counters.
 *
 * Counted per kind of table, over all pages: figures published (counts a reader is given, zeros
 * included: the headline's received, partition and detail figures; each breakdown row's received
 * and four partition figures; each listed count; each agency row's held, three partition and three
 * listed figures), of which hidden: "<5" (primary), "*" (complementary), "—" (withheld); the share
 * of figures hidden, and the share of case weight hidden (sum of the true values of the hidden
 * figures / sum of the true values of all). "concluded" (办结, substantiated + unsubstantiated, shown
 * only when both are) is reported beside them per breakdown row, not added to the total. Also the
 * time both rules spent computing (the suppression itself, not the SQL).
 *
 * Prints Markdown tables (stdout) and writes bench-results/suppression.json (and
 * suppression-<demo|external>.json). Knobs: DATABASE_URL, BENCH_BASELINE (a git commit),
 * BENCH_WINDOWS (how many windows, default all), BENCH_KEEP_DB=1, BENCH_TIMEOUT_S (7200).
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import * as current from "../app/domain/published-statistics";
import type { Counters, GivenHeadline, PublishedFigures, PublishedScope } from "../app/domain/published-statistics";
import type { Cell } from "../app/domain/suppression";
import { TIP_CHANNELS } from "../app/domain/channels";
import { levelOf } from "../app/domain/places";
import { STATISTICS_WINDOWS } from "../app/domain/statistics-query";
import { closeDb, sqlClient } from "../app/lib/db.server";
import { runMigrations } from "../app/lib/database-runtime.server";
import { NATION, scopeCounters, statisticsWindows } from "../app/services/published-statistics.server";
import { todayLocal } from "../app/services/deadline-common.server";
import { cleanupSteps, log, machineBasics, num, ROOT, round, runBench, startBenchEmbeddedPostgres, writeResults, type BenchDatabase } from "./bench-common";

/** The last commit before the change (issue 14's dependencies): the rule "before". */
const DEFAULT_BASELINE = "925253d";
const BASELINE = process.env.BENCH_BASELINE || DEFAULT_BASELINE;
const WINDOWS = Math.min(STATISTICS_WINDOWS, Math.max(1, num("BENCH_WINDOWS", STATISTICS_WINDOWS)));
const KEEP_DB = process.env.BENCH_KEEP_DB === "1";

type Rule = Pick<typeof current, "publishScope" | "publishAgencies">;
type RuleName = "before" | "after";

// ---------------------------------------------------------------------------
// The rule before, from git

function baselineRule(dir: string): Promise<Rule> {
  for (const file of ["suppression.ts", "published-statistics.ts"]) {
    const text = execFileSync("git", ["show", `${BASELINE}:app/domain/${file}`], { cwd: ROOT, encoding: "utf8", maxBuffer: 16 << 20 });
    fs.writeFileSync(path.join(dir, file), text);
  }
  // published-statistics.ts imports only types from ./case-state (erased): nothing else is needed.
  return import(pathToFileURL(path.join(dir, "published-statistics.ts")).href) as Promise<Rule>;
}

// ---------------------------------------------------------------------------
// Tally

type Tally = { figures: number; small: number; complementary: number; withheld: number; weight: number; hiddenWeight: number };
const emptyTally = (): Tally => ({ figures: 0, small: 0, complementary: 0, withheld: 0, weight: 0, hiddenWeight: 0 });
const KINDS = ["headline", "sector", "place", "month", "channel", "listed", "agency"] as const;
const LEVELS = ["nation", "province", "city", "county"] as const;
type Level = (typeof LEVELS)[number];
const levelOfScope = (scope: string): Level => (scope === NATION ? "nation" : (levelOf(scope) as Exclude<Level, "nation">));
type Kind = (typeof KINDS)[number];
const DERIVED = ["concluded by month", "concluded (all breakdowns)"] as const;
type Tallies = Record<Kind | (typeof DERIVED)[number], Tally>;
const emptyTallies = () => Object.fromEntries([...KINDS, ...DERIVED].map((k) => [k, emptyTally()])) as Tallies;

/** Where a figure is also counted: the tally of its page's level (set per page), unless derived. */
let levelTally: Tally | null = null;

function count(t: Tally, cell: Cell, truth: number, derived = false) {
  for (const x of derived || !levelTally ? [t] : [t, levelTally]) {
    x.figures++;
    x.weight += truth;
    if (cell.kind === "value") continue;
    x[cell.reason === "small" ? "small" : cell.reason]++;
    x.hiddenWeight += truth;
  }
}

function tallyFigures(t: Tally, f: PublishedFigures, c: Counters, opts: { detail: boolean }) {
  count(t, f.received, c.received);
  for (const k of current.PARTITION) count(t, f.partition[k], current.partitionValue(c, k));
  if (opts.detail && f.detail) for (const m of [...current.DETAIL.notTakenUp, ...current.DETAIL.pending]) count(t, f.detail[m], c[m]);
}

function tallyListed(t: Tally, f: PublishedFigures, c: Counters) {
  for (const m of current.LISTED) count(t, f.listed[m], c[m]);
}

// ---------------------------------------------------------------------------
// Pages, as the service computes them

type Breakdown = { name: "sector" | "place" | "month" | "channel"; rows: { key: string; counters: Counters }[] };

async function sectorCodes(): Promise<string[]> {
  const rows = await sqlClient()<{ code: string }[]>`select code from sectors order by sort_order, code`;
  return rows.map((r) => r.code);
}

/** The counters of a scope's page over a period, as computeScope assembles them. */
async function pageInput(scope: string, period: { from: string; to: string }, sectors: string[]) {
  const groups = await scopeCounters(scope, period);
  const slice = (dim: string) => {
    const out = new Map<string, Counters>();
    for (const [k, c] of groups) {
      if (!k.startsWith(`${dim}|`)) continue;
      const [key, month] = k.slice(dim.length + 1).split("|") as [string, string];
      out.set(dim === "all" ? month : key, c);
    }
    return out;
  };
  const county = scope !== NATION && levelOf(scope) === "county";
  const all = slice("all");
  const total = current.sumCounters([...all.values()]);
  const byPlace = slice("place");
  const placed = current.sumCounters([...byPlace.values()]);
  const remainder = current.emptyCounters();
  for (const m of current.MEASURES) remainder[m] = total[m] - placed[m];
  remainder.days = total.days.map((n, i) => n - (placed.days[i] ?? 0));
  const bySector = slice("sector");
  const byChannel = slice("channel");
  const placeRows = [...byPlace.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, counters]) => ({ key, counters }));
  if (scope !== NATION && !county && remainder.received > 0) placeRows.push({ key: scope, counters: remainder });
  const breakdowns: Breakdown[] = [
    { name: "sector", rows: sectors.map((s) => ({ key: s, counters: bySector.get(s) ?? current.emptyCounters() })) },
    ...(county ? [] : [{ name: "place" as const, rows: placeRows }]),
    { name: "month", rows: current.monthsOf(period).map((m) => ({ key: m, counters: all.get(m) ?? current.emptyCounters() })) },
    { name: "channel", rows: TIP_CHANNELS.map((c) => ({ key: c, counters: byChannel.get(c) ?? current.emptyCounters() })) },
  ];
  const agencies = [...slice("agency").entries()].filter(([, c]) => c.received > 0 || c.returns > 0).map(([key, counters]) => ({ key, counters }));
  // The service orders agencies by name; the order does not change what is hidden.
  agencies.sort((a, b) => (a.key < b.key ? -1 : 1));
  return { total, breakdowns, agencies, children: county ? [] : placeRows.filter((r) => r.key !== scope).map((r) => r.key) };
}

function tallyPage(t: Tallies, input: Awaited<ReturnType<typeof pageInput>>, published: PublishedScope, agencies: ReturnType<Rule["publishAgencies"]>) {
  tallyFigures(t.headline, published.headline, input.total, { detail: true });
  tallyListed(t.listed, published.headline, input.total);
  for (const b of input.breakdowns) {
    const rows = published.breakdowns[b.name]!.rows;
    b.rows.forEach((r, i) => {
      const f = rows[i]!.figures;
      tallyFigures(t[b.name], f, r.counters, { detail: false });
      tallyListed(t.listed, f, r.counters);
      const concluded = r.counters.substantiated + r.counters.unsubstantiated;
      count(t["concluded (all breakdowns)"], f.concluded, concluded, true);
      if (b.name === "month") count(t["concluded by month"], f.concluded, concluded, true);
    });
  }
  input.agencies.forEach((a, i) => {
    const r = agencies.rows[i]!;
    const c = a.counters;
    for (const [cell, truth] of [
      [r.held, c.received],
      [r.inProgress, c.inProgress],
      [r.substantiated, c.substantiated],
      [r.unsubstantiated, c.unsubstantiated],
      [r.openNow, c.openNow],
      [r.overdueNow, c.overdueNow],
      [r.returns, c.returns],
    ] as const)
      count(t.agency, cell, truth);
  });
}

// ---------------------------------------------------------------------------
// Report

const pct = (part: number, whole: number) => (whole === 0 ? "–" : `${(Math.round((1000 * part) / whole) / 10).toFixed(1)} %`);
const hiddenOf = (t: Tally) => t.small + t.complementary + t.withheld;
function sumTallies(ts: Tally[]): Tally {
  const out = emptyTally();
  for (const t of ts) for (const k of Object.keys(out) as (keyof Tally)[]) out[k] += t[k];
  return out;
}

function table(before: Tallies, after: Tallies): string {
  const lines = [
    "| table | figures | before: <5 / * / — | before: hidden | before: case weight hidden | after: <5 / * / — | after: hidden | after: case weight hidden |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  const row = (name: string, b: Tally, a: Tally) =>
    lines.push(
      `| ${name} | ${b.figures.toLocaleString("en")} | ${b.small.toLocaleString("en")} / ${b.complementary.toLocaleString("en")} / ${b.withheld.toLocaleString("en")} | ${pct(hiddenOf(b), b.figures)} | ${pct(b.hiddenWeight, b.weight)} | ${a.small.toLocaleString("en")} / ${a.complementary.toLocaleString("en")} / ${a.withheld.toLocaleString("en")} | ${pct(hiddenOf(a), a.figures)} | ${pct(a.hiddenWeight, a.weight)} |`,
    );
  for (const k of KINDS) row(k, before[k], after[k]);
  row("**all**", sumTallies(KINDS.map((k) => before[k])), sumTallies(KINDS.map((k) => after[k])));
  for (const k of DERIVED) row(`(${k})`, before[k], after[k]);
  return lines.join("\n");
}

function levelTable(before: Record<Level, Tally>, after: Record<Level, Tally>, pages: Record<Level, number>): string {
  const lines = [
    "| pages of | pages | figures | before: <5 / * / — | before: hidden | before: case weight hidden | after: <5 / * / — | after: hidden | after: case weight hidden |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const l of LEVELS) {
    const b = before[l];
    const a = after[l];
    lines.push(
      `| ${l} | ${pages[l].toLocaleString("en")} | ${b.figures.toLocaleString("en")} | ${b.small.toLocaleString("en")} / ${b.complementary.toLocaleString("en")} / ${b.withheld.toLocaleString("en")} | ${pct(hiddenOf(b), b.figures)} | ${pct(b.hiddenWeight, b.weight)} | ${a.small.toLocaleString("en")} / ${a.complementary.toLocaleString("en")} / ${a.withheld.toLocaleString("en")} | ${pct(hiddenOf(a), a.figures)} | ${pct(a.hiddenWeight, a.weight)} |`,
    );
  }
  return lines.join("\n");
}

// ---------------------------------------------------------------------------
// Main

const cleanups = cleanupSteps();

async function setupDatabase(): Promise<BenchDatabase & { seeded: boolean }> {
  if (process.env.DATABASE_URL) {
    const u = new URL(process.env.DATABASE_URL);
    return { kind: "external", url: process.env.DATABASE_URL, name: decodeURIComponent(u.pathname.slice(1)), cleanup: async () => {}, seeded: false };
  }
  const db = await startBenchEmbeddedPostgres("canary-bench-suppression-", { keep: KEEP_DB, hint: "set DATABASE_URL to measure another database" });
  return { ...db, seeded: true };
}

async function main(): Promise<number> {
  process.chdir(ROOT);
  const loadBefore = os.loadavg();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "canary-suppression-baseline-"));
  cleanups.push(async () => fs.rmSync(tmp, { recursive: true, force: true }));
  const before = await baselineRule(tmp);
  const rules: Record<RuleName, Rule> = { before, after: current };

  const database = await setupDatabase();
  cleanups.push(database.cleanup);
  process.env.DATABASE_URL = database.url;
  process.env.CANARY_MASTER_KEY ??= randomBytes(32).toString("base64");
  cleanups.push(() => closeDb());
  if (database.seeded) {
    await runMigrations(database.url);
    const { seedDemoData } = await import("./seed");
    log("seeding the demo data (scripts/seed.ts) …");
    await seedDemoData(log);
  }
  const client = sqlClient();
  const [facts] = (await client`select (select count(*) from tips)::int as tips, current_setting('server_version') as pg`) as unknown as [{ tips: number; pg: string }];
  log(`${facts.tips.toLocaleString("en")} tips; rule before: ${BASELINE}; ${WINDOWS} windows`);

  const sectors = await sectorCodes();
  const today = todayLocal();
  const windows = statisticsWindows(today).slice(0, WINDOWS);
  const tallies: Record<RuleName, Tallies> = { before: emptyTallies(), after: emptyTallies() };
  const computeMs: Record<RuleName, number> = { before: 0, after: 0 };
  const byLevel: Record<RuleName, Record<Level, Tally>> = {
    before: Object.fromEntries(LEVELS.map((l) => [l, emptyTally()])) as Record<Level, Tally>,
    after: Object.fromEntries(LEVELS.map((l) => [l, emptyTally()])) as Record<Level, Tally>,
  };
  const pagesByLevel = Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<Level, number>;
  let pages = 0;
  let sqlMs = 0;
  const t0 = performance.now();
  for (const period of windows) {
    // Depth first: each page's headline is its row on the parent's page, under each rule.
    const stack: { scope: string; given: Partial<Record<RuleName, GivenHeadline>> }[] = [{ scope: NATION, given: {} }];
    while (stack.length > 0) {
      const { scope, given } = stack.pop()!;
      const s0 = performance.now();
      const input = await pageInput(scope, period, sectors);
      sqlMs += performance.now() - s0;
      pages++;
      pagesByLevel[levelOfScope(scope)]++;
      const next: Record<string, Partial<Record<RuleName, GivenHeadline>>> = Object.fromEntries(input.children.map((c) => [c, {}]));
      for (const name of ["before", "after"] as const) {
        const c0 = performance.now();
        const published = rules[name].publishScope({ total: input.total, breakdowns: input.breakdowns, given: given[name] });
        const agencies = rules[name].publishAgencies(input.agencies);
        computeMs[name] += performance.now() - c0;
        levelTally = byLevel[name][levelOfScope(scope)];
        tallyPage(tallies[name], input, published, agencies);
        levelTally = null;
        for (const r of published.breakdowns.place?.rows ?? []) if (next[r.key]) next[r.key]![name] = r.figures;
      }
      for (const child of input.children.reverse()) stack.push({ scope: child, given: next[child]! });
      if (pages % 500 === 0) log(`${pages} pages (${period.from} … ${period.to}), ${Math.round((performance.now() - t0) / 1000)} s`);
    }
  }
  const loadAfter = os.loadavg();
  const result = {
    at: new Date().toISOString(),
    machine: { ...machineBasics(), loadBefore: loadBefore.map((l) => round(l, 2)), loadAfter: loadAfter.map((l) => round(l, 2)) },
    database: { kind: database.seeded ? "demo" : "external", name: database.name, tips: facts.tips, postgres: facts.pg },
    baseline: BASELINE,
    windows: windows.map((w) => `${w.from}…${w.to}`),
    pages,
    ms: { sql: Math.round(sqlMs), before: Math.round(computeMs.before), after: Math.round(computeMs.after), total: Math.round(performance.now() - t0) },
    tallies,
    byLevel,
    pagesByLevel,
  };
  writeResults("suppression", result.database.kind, result);
  console.log(
    `## Suppression, before (${BASELINE}) and after — ${result.at.slice(0, 16).replace("T", " ")} UTC\n\n` +
      `${facts.tips.toLocaleString("en")} tips (${result.database.kind} database), ${pages.toLocaleString("en")} pages (${windows.length} windows × every place with cases), ` +
      `${result.machine.nproc} × ${result.machine.cpu}, load ${loadBefore.map((l) => l.toFixed(2)).join(" ")} before, ${loadAfter.map((l) => l.toFixed(2)).join(" ")} after; ` +
      `suppression computed in ${(computeMs.before / 1000).toFixed(1)} s before, ${(computeMs.after / 1000).toFixed(1)} s after (rollup SQL ${(sqlMs / 1000).toFixed(1)} s)\n\n` +
      table(tallies.before, tallies.after) +
      "\n\nBy the level of the page (all kinds of table):\n\n" +
      levelTable(byLevel.before, byLevel.after, pagesByLevel),
  );
  return 0;
}

await runBench({ main, cleanup: () => cleanups.run(), timeoutSeconds: num("BENCH_TIMEOUT_S", 7200) });
