import { sql } from "drizzle-orm";
import { statisticsReleasePages } from "../../db/schema/index";
import { emptyCounters, MEASURES, publishScope, statisticsWindow, type Counters, type GivenHeadline, type MonthPeriod, type PublishedScope, type ScopeInput } from "../domain/published-statistics";
import { levelOf, regionsContaining, addressPath } from "../domain/places";
import { priorCellsOf, protectSiblings, releaseCells, tablesWithheldBefore, type ReleaseCells } from "../domain/release-consistency";
import { NATION_CODE as NATION, STATISTICS_WINDOWS as WINDOWS } from "../domain/statistics-query";
import { RELEASE_TRIGGERS, type ReleaseTrigger } from "../domain/statistics-release";
import { localDate } from "../domain/working-days";
import { db, queryRows, type Executor } from "../lib/db.server";
import { env } from "../lib/env.server";
import { appendLedger } from "../lib/ledger.server";
import { assembleScope, foldStatistics, groupKey, PICK, statisticsWindows, SUMS, type Named, type ScopeLabels, type StatisticsPage } from "./published-statistics.server";

/**
 * A statistics release (issue 16, ADR 041): every /stats page — the country and each province,
 * city and county with cases, windows 0 … STATISTICS_WINDOWS-1 — computed once from the rollups,
 * suppressed as /stats does (ADR 009/010/031), written to statistics_release_pages and published
 * all at once.
 *
 * One transaction (REPEATABLE READ, so every page is computed from the same moment of the data
 * and a child's rows add up to the figures its parent shows for it) holding a transaction-level
 * advisory lock: releases are numbered and computed one at a time across every worker. A
 * scheduled release is for a local day (`scheduled_for`, unique): asked for again — a second
 * worker, a retry, a backfill — it is returned as published, not computed again. A run that fails
 * rolls back: nothing of it is visible, and nothing stays behind.
 *
 * Pages are computed in place-code order, which is top-down (a province's code sorts before its
 * cities', a city's before its counties'): each place's windows are computed with its parent's
 * published row as `given` (as /stats's publishChain) and written in batches; the content hash is
 * then computed by PostgreSQL over the pages as stored (RELEASE_HASH_SQL).
 */

/** The advisory lock of releases (pg_advisory_xact_lock): an arbitrary constant of ours. */
const RELEASE_LOCK = 0x43414e52; // "CANR"
const INSERT_BATCH = 500;
/** The ledger chain of statistics releases and the requests for one. */
export const RELEASE_CHAIN = "statistics:releases";

export type ReleaseRequest = {
  trigger: ReleaseTrigger;
  /** The local day a scheduled release is for (required for "schedule", absent for "administrator"). */
  scheduledFor?: string | null;
  /** The administrator who asked ("publish now"). */
  requestedBy?: string | null;
  /** The moment whose local date the windows are counted back from (default: now). */
  now?: Date;
  /** A progress line every ~10 % of the pages. */
  log?: (line: string) => void;
};

export type StatisticsRelease = {
  releaseNo: number;
  asOf: string;
  trigger: ReleaseTrigger;
  scheduledFor: string | null;
  requestedBy: string | null;
  startedAt: string;
  releasedAt: string | null;
  contentHash: string | null;
  pages: number | null;
};

/** The release, and whether this call computed it (false: that day's scheduled release was there already). */
export type ReleaseOutcome = StatisticsRelease & { computed: boolean; elapsedMs: number };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkRequest(r: ReleaseRequest) {
  // The callers are the job and the demo, never a form: a wrong request is a mistake in code.
  if (!(RELEASE_TRIGGERS as readonly string[]).includes(r.trigger)) throw new Error(`unknown release trigger ${String(r.trigger)}`);
  if (r.trigger === "schedule" && !(typeof r.scheduledFor === "string" && DATE.test(r.scheduledFor))) throw new Error("a scheduled release needs its day");
  if (r.trigger === "schedule" && r.requestedBy) throw new Error("a scheduled release has no requester");
  if (r.trigger === "administrator" && r.scheduledFor) throw new Error("publish now is for no scheduled day");
}

/** SQLSTATEs of a race lost to another release (its number or day taken since our snapshot): tried again. */
function lostRace(e: unknown): boolean {
  for (let x: unknown = e, i = 0; x && i < 3; x = (x as { cause?: unknown }).cause, i++) {
    const code = (x as { code?: unknown }).code;
    if (code === "23505" || code === "40001") return true;
  }
  return false;
}

/**
 * Computes and publishes a release, exactly once per scheduled day. Returns the release (for a
 * scheduled day already published: that one, `computed` false).
 */
export async function publishStatisticsRelease(request: ReleaseRequest): Promise<ReleaseOutcome> {
  checkRequest(request);
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptRelease(request);
    } catch (e) {
      // Our snapshot was taken as the lock was asked for: a release committed while we waited is
      // not in it, and inserting its number or day fails. Again, with a snapshot that has it.
      if (attempt < 3 && lostRace(e)) continue;
      throw e;
    }
  }
}

const RELEASE_COLUMNS = sql`release_no as "releaseNo", as_of::text as "asOf", trigger, scheduled_for::text as "scheduledFor", requested_by::text as "requestedBy",
  started_at as "startedAt", released_at as "releasedAt", content_hash as "contentHash", pages`;

type ReleaseRow = Omit<StatisticsRelease, "startedAt" | "releasedAt"> & { startedAt: Date | string; releasedAt: Date | string | null };
const iso = (t: Date | string | null) => (t === null ? null : new Date(t).toISOString());
const toRelease = (r: ReleaseRow): StatisticsRelease => ({ ...r, startedAt: iso(r.startedAt)!, releasedAt: iso(r.releasedAt) });

async function attemptRelease(request: ReleaseRequest): Promise<ReleaseOutcome> {
  const t0 = performance.now();
  const log = request.log ?? (() => {});
  const timeZone = env().timeZone;
  const asOf = localDate(request.now ?? new Date(), timeZone);
  const scheduledFor = request.trigger === "schedule" ? request.scheduledFor! : null;
  const requestedBy = request.trigger === "administrator" ? (request.requestedBy ?? null) : null;
  // Fold the recorded changes into the rollups first, in a transaction of its own (it changes no
  // figure): the release reads stats_rollup plus stats_pending once per place, and stats_pending
  // expands every change not folded yet, so it should hold only those committed since.
  await foldStatistics();
  return db().transaction(
    async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${RELEASE_LOCK})`);
      if (scheduledFor) {
        const [existing] = await queryRows<ReleaseRow>(tx, sql`select ${RELEASE_COLUMNS} from statistics_releases where scheduled_for = ${scheduledFor}::date and released_at is not null`);
        if (existing) return { ...toRelease(existing), computed: false, elapsedMs: performance.now() - t0 };
      }
      // Runs that failed before publishing (none is running: we hold the lock). Their pages go with them (cascade).
      await tx.execute(sql`delete from statistics_releases where released_at is null`);
      const [prev] = await queryRows<{ releaseNo: number | null; lastNo: number }>(
        tx,
        sql`select (select max(release_no) from statistics_releases where released_at is not null) as "releaseNo", coalesce(max(release_no), 0) as "lastNo" from statistics_releases`,
      );
      const releaseNo = (prev?.lastNo ?? 0) + 1;
      await tx.execute(sql`
        insert into statistics_releases (release_no, as_of, trigger, scheduled_for, requested_by)
        values (${releaseNo}, ${asOf}::date, ${request.trigger}, ${scheduledFor}::date, ${requestedBy}::uuid)`);
      log(`statistics release ${releaseNo} (${request.trigger}${scheduledFor ? ` for ${scheduledFor}` : ""}, as of ${asOf}): computing`);

      const written = await computeRelease(tx, { releaseNo, asOf, priorNo: prev?.releaseNo ?? null, log, t0 });

      const [row] = await queryRows<ReleaseRow>(
        tx,
        sql`update statistics_releases set released_at = clock_timestamp(), content_hash = ${written.hash}, pages = ${written.pages}
            where release_no = ${releaseNo} returning ${RELEASE_COLUMNS}`,
      );
      const now = new Date();
      await appendLedger(tx, {
        chain: RELEASE_CHAIN,
        actor: requestedBy ? { type: "staff", id: requestedBy } : { type: "system" },
        action: "statistics.released",
        subjectType: "statistics_release",
        subjectId: String(releaseNo),
        details: { releaseNo, contentHash: written.hash, pages: written.pages, asOf, trigger: request.trigger, scheduledFor },
        today: localDate(now, timeZone),
        now,
      });
      const elapsedMs = performance.now() - t0;
      log(`statistics release ${releaseNo} published: ${written.pages} pages in ${(elapsedMs / 1000).toFixed(1)} s, sha256 ${written.hash}`);
      return { ...toRelease(row!), computed: true, elapsedMs };
    },
    { isolationLevel: "repeatable read" },
  );
}

// ---------------------------------------------------------------------------------------------
// The computation

/**
 * The content hash of a release, computed by PostgreSQL over the pages as stored: the sha256 of
 * the concatenated sha256 digests of each page's `place|window|page` — the page in jsonb's own text
 * form, which is canonical (keys in jsonb's order, no whitespace choices) — in (place, window)
 * order. Anyone with the table can recompute it with this statement.
 */
export const RELEASE_HASH_SQL = `select encode(sha256(string_agg(sha256(convert_to(trim(place_code) || '|' || window_no || '|' || page::text, 'UTF8')), ''::bytea order by place_code, window_no)), 'hex') as hash
  from statistics_release_pages where release_no = $1`;

async function releaseHash(tx: Executor, releaseNo: number): Promise<string> {
  const [row] = await queryRows<{ hash: string }>(tx, sql.raw(RELEASE_HASH_SQL.replace("$1", String(Math.trunc(releaseNo)))));
  return row!.hash;
}

type Names = { places: Map<string, Named>; sectors: Named[]; agencies: Map<string, Named> };

async function loadNames(tx: Executor): Promise<Names> {
  const [placeRows, sectors, agencyRows] = await Promise.all([
    queryRows<Named>(tx, sql`select trim(code) as code, name_zh as "nameZh", name_en as "nameEn" from places`),
    queryRows<Named>(tx, sql`select code, name_zh as "nameZh", name_en as "nameEn" from sectors order by sort_order, code`),
    queryRows<Named>(tx, sql`select id::text as code, name_zh as "nameZh", name_en as "nameEn" from agencies`),
  ]);
  return { places: new Map(placeRows.map((p) => [p.code, p])), sectors, agencies: new Map(agencyRows.map((a) => [a.code, a])) };
}

/** A scope's labels as /stats's `names(scope)` gives them, from the names of every place. */
function labelsOf(scope: string, names: Names): ScopeLabels {
  const ancestors = addressPath(scope)
    .slice(0, -1)
    .map((c) => names.places.get(c))
    .filter((p): p is Named => !!p);
  return { places: names.places, sectors: names.sectors, ancestors, self: scope === NATION ? null : (names.places.get(scope) ?? null) };
}

/**
 * The places of a release: the country and every place with cases in a stored window (its
 * rollup scope has tips received), in code order — which is top-down.
 */
async function placesWithCases(tx: Executor, from: string, to: string): Promise<string[]> {
  const rows = await queryRows<{ scope: string }>(
    tx,
    sql`select trim(scope) as scope from (
          select scope, received from stats_rollup where dim = 'all' and month between ${from}::date and ${to}::date
          union all
          select scope, received from stats_pending where dim = 'all' and month between ${from}::date and ${to}::date) u
        group by scope having sum(received) > 0`,
  );
  const codes = new Set(rows.map((r) => r.scope));
  codes.add(NATION);
  return [...codes].sort();
}

type CounterRow = { w: number; dim: string; key: string; month: string } & Record<(typeof MEASURES)[number], number>;

/**
 * A scope's counters in each window 0 … n-1 at once (one read of its rollup rows, not one per
 * window): the same groups as /stats's `scopeCounters` gives for each window alone.
 */
async function scopeCountersByWindow(tx: Executor, scope: string, windows: readonly MonthPeriod[]): Promise<Map<string, Counters>[]> {
  const from = `${windows[windows.length - 1]!.from}-01`;
  const to = `${windows[0]!.to}-01`;
  // Consecutive windows, newest first: a month's window is the first whose start it is not before.
  const w = sql.raw(`case ${windows.map((p, i) => `when month >= '${p.from}-01'::date then ${i}`).join(" ")} end`);
  const month = sql.raw(`case when dim = 'all' then to_char(month, 'YYYY-MM') else '' end`);
  const [rows, days] = await Promise.all([
    queryRows<CounterRow>(
      tx,
      sql`select ${w} as w, dim, key, ${month} as "month", ${sql.raw(SUMS)}
          from (select dim, key, month, ${sql.raw(PICK)} from stats_rollup where scope = ${scope} and month between ${from}::date and ${to}::date
                union all
                select dim, key, month, ${sql.raw(PICK)} from stats_pending where scope = ${scope} and month between ${from}::date and ${to}::date) u
          group by 1, 2, 3, 4`,
    ),
    // Histograms are arrays: summed here rather than in SQL.
    queryRows<{ w: number; dim: string; key: string; month: string; days: number[] }>(
      tx,
      sql`select ${w} as w, dim, key, ${month} as "month", conclusion_days as "days"
          from stats_rollup where scope = ${scope} and month between ${from}::date and ${to}::date and dim <> 'agency' and cardinality(conclusion_days) > 0
          union all
          select ${w}, dim, key, ${month}, conclusion_days
          from stats_pending where scope = ${scope} and month between ${from}::date and ${to}::date and dim <> 'agency' and cardinality(conclusion_days) > 0`,
    ),
  ]);
  const out = windows.map(() => new Map<string, Counters>());
  for (const r of rows) {
    const c = emptyCounters();
    for (const m of MEASURES) c[m] = Number(r[m]);
    out[r.w]!.set(groupKey(r), c);
  }
  for (const r of days) {
    const groups = out[r.w]!;
    const k = groupKey(r);
    const c = groups.get(k) ?? emptyCounters();
    const n = Math.max(c.days.length, r.days.length);
    c.days = Array.from({ length: n }, (_, i) => (c.days[i] ?? 0) + (r.days[i] ?? 0));
    groups.set(k, c);
  }
  return out;
}

/** The previous release's cells of a place by window (null when it had no page of the place). */
async function previousCellsOf(tx: Executor, priorNo: number | null, place: string): Promise<(ReleaseCells | undefined)[] | null> {
  if (priorNo === null) return null;
  const rows = await queryRows<{ windowNo: number; cells: ReleaseCells }>(
    tx,
    sql`select window_no as "windowNo", cells from statistics_release_pages where release_no = ${priorNo} and place_code = ${place}`,
  );
  if (rows.length === 0) return null;
  const out: (ReleaseCells | undefined)[] = Array.from({ length: WINDOWS }, () => undefined);
  for (const r of rows) out[r.windowNo] = r.cells;
  return out;
}

/** One place's pages as they are computed: each window's publication and the input it was published from (with the previous release's cells). */
type PlaceRelease = {
  place: string;
  computed: ReturnType<typeof assembleScope>[];
  inputs: ScopeInput[];
  /** The page of window `w` again, with another publication (the siblings' audit hid more). */
  assemble: (w: number, publish: (input: ScopeInput) => PublishedScope) => ReturnType<typeof assembleScope>;
};

/** The parent a place's page takes its headline from (the chain country → province → city → county). */
function parentOf(place: string): string | null {
  const chain = regionsContaining(place).reverse();
  return chain.length < 2 ? null : chain[chain.length - 2]!;
}

async function computeRelease(
  tx: Executor,
  o: { releaseNo: number; asOf: string; priorNo: number | null; log: (line: string) => void; t0: number },
): Promise<{ pages: number; hash: string }> {
  // Windows 0 … WINDOWS: the last only for the previous year's headline of window WINDOWS-1.
  const windows = Array.from({ length: WINDOWS + 1 }, (_, k) => statisticsWindow(o.asOf, k));
  const shownWindows = statisticsWindows(o.asOf);
  const names = await loadNames(tx);
  const places = await placesWithCases(tx, `${windows[WINDOWS - 1]!.from}-01`, `${windows[0]!.to}-01`);
  const todo = places.length * WINDOWS;
  o.log(`statistics release ${o.releaseNo}: ${places.length} places, ${todo} pages to compute`);

  let batch: (typeof statisticsReleasePages.$inferInsert)[] = [];
  let pages = 0;
  let nextReport = 0.1;
  // One insert in flight while the next pages are computed: PostgreSQL writes them on the other
  // core instead of this thread waiting (its failure fails the release at the next flush).
  let inserting: Promise<unknown> = Promise.resolve();
  const flush = async () => {
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    await inserting;
    inserting = tx.insert(statisticsReleasePages).values(rows).then(() => undefined);
    inserting.catch(() => {});
  };

  const childrenOf = new Map<string, string[]>();
  for (const place of places) {
    const parent = parentOf(place);
    if (parent !== null) childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), place]);
  }

  /** A place's publication in every window (0 … WINDOWS), its headline given by its parent's rows by place, its suppression carried forward from the previous release. */
  const readPlace = (place: string) => Promise.all([scopeCountersByWindow(tx, place, windows), previousCellsOf(tx, o.priorNo, place)]);
  const computePlace = async (place: string, parent: PlaceRelease | null, read?: ReturnType<typeof readPlace>): Promise<PlaceRelease | null> => {
    const label = labelsOf(place, names);
    if (place !== NATION && !label.self) return null;
    const [groups, previous] = await (read ?? readPlace(place));
    const inputs: ScopeInput[] = [];
    const assemble = (w: number, publish: (input: ScopeInput) => PublishedScope) => {
      const given: GivenHeadline | undefined = parent?.computed[w]!.current.breakdowns.place?.rows.find((r) => r.key === place)?.figures;
      return assembleScope({ scope: place, period: windows[w]!, groups: groups[w]!, label, agencyLabels: names.agencies, given, publish });
    };
    const computed = windows.map((_, w) =>
      assemble(w, (input) => {
        const prior = previous ? priorCellsOf(previous, w) : undefined;
        const withheld = tablesWithheldBefore(input, prior);
        inputs[w] = { ...input, prior, ...(withheld.length ? { withhold: [...(input.withhold ?? []), ...withheld] } : {}) };
        return publishScope(inputs[w]!);
      }),
    );
    return { place, computed, inputs, assemble };
  };

  const store = async (r: PlaceRelease) => {
    for (let w = 0; w < WINDOWS; w++) {
      const c = r.computed[w]!;
      const page: StatisticsPage = { ...c.page, previous: r.computed[w + 1]!.page.headline, windows: shownWindows, today: o.asOf };
      batch.push({ releaseNo: o.releaseNo, placeCode: r.place, windowNo: w, page, cells: releaseCells(r.inputs[w]!, c.current) });
      pages++;
    }
    if (batch.length >= INSERT_BATCH) await flush();
    if (pages / todo >= nextReport) {
      o.log(`statistics release ${o.releaseNo}: ${pages} of ${todo} pages (${Math.floor((pages / todo) * 100)} %), ${((performance.now() - o.t0) / 1000).toFixed(1)} s`);
      while (pages / todo >= nextReport) nextReport += 0.1;
    }
  };

  /**
   * A parent's children, all computed before any is stored: their tables are audited together
   * against the parent's (protectSiblings, ADR 042), which may hide more on a child's page (never
   * on its table by place, so its own children's headlines are as computed). Then each child's
   * children, top-down.
   */
  const visit = async (parent: PlaceRelease): Promise<void> => {
    const children: PlaceRelease[] = [];
    const codes = (childrenOf.get(parent.place) ?? []).filter((code) => labelsOf(code, names).self);
    // Every child's reads are sent at once (pipelined on the one connection): PostgreSQL answers
    // the next while this thread suppresses the one before. A failed read fails the release
    // where it is awaited; the others are not left unhandled meanwhile.
    const reads = codes.map((code) => readPlace(code));
    for (const r of reads) r.catch(() => {});
    for (let i = 0; i < codes.length; i++) {
      const child = await computePlace(codes[i]!, parent, reads[i]);
      if (child) children.push(child);
    }
    if (children.length === 0) return;
    // The last window only gives window WINDOWS-1 its previous year's headline, which is the parent's: nothing to protect there.
    for (let w = 0; w < WINDOWS; w++) {
      const protectedScopes = protectSiblings(
        { place: parent.place, input: parent.inputs[w]!, published: parent.computed[w]!.current },
        children.map((c) => ({ place: c.place, input: c.inputs[w]!, published: c.computed[w]!.current })),
      );
      children.forEach((c, i) => {
        if (protectedScopes[i] !== c.computed[w]!.current) c.computed[w] = c.assemble(w, () => protectedScopes[i]!);
      });
    }
    for (const child of children) await store(child);
    for (const child of children) if (levelOf(child.place) !== "county") await visit(child);
  };

  const nation = await computePlace(NATION, null);
  await store(nation!);
  await visit(nation!);
  await flush();
  await inserting;
  return { pages, hash: await releaseHash(tx, o.releaseNo) };
}
