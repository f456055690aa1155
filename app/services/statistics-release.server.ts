import { sql } from "drizzle-orm";
import { statisticsReleasePages } from "../../db/schema/index";
import { NATION_CODE as NATION, STATISTICS_WINDOWS as WINDOWS } from "../domain/statistics-query";
import { RELEASE_TRIGGERS, type ReleaseTrigger } from "../domain/statistics-release";
import { localDate } from "../domain/working-days";
import { db, queryRows, type Executor } from "../lib/db.server";
import { env } from "../lib/env.server";
import { appendLedger } from "../lib/ledger.server";
import { foldStatistics } from "./published-statistics.server";
import { computeSubtreesInThreads } from "./statistics-release-subtrees.server";
import { loadReleaseNames, subtreeRootOf, releaseTree, releaseWindows, type ReleasePageRow, type ReleasePlan } from "./statistics-release-tree.server";

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
  /**
   * Threads computing the subtrees below the provinces (0: none, all in the release's own thread).
   * Default: STATISTICS_RELEASE_THREADS for a release of THREADS_FROM_PLACES places or more, else 0.
   */
  threads?: number;
  /** Rounds of a parent hiding what its children ask before its table by place is withheld (tests; default 4). */
  parentRounds?: number;
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

      const written = await computeRelease(tx, { releaseNo, asOf, priorNo: prev?.releaseNo ?? null, log, t0, threads: request.threads, parentRounds: request.parentRounds });

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

/**
 * Where the pages go: batches of INSERT_BATCH rows inserted in the release's transaction, one
 * after the other, while the next pages are computed (PostgreSQL writes them on the other core
 * instead of the computation waiting); an insert that fails fails the release at the next rows or
 * at the end. A progress line every ~10 % of the pages.
 */
function pageSink(tx: Executor, o: { releaseNo: number; todo: number; log: (line: string) => void; t0: number }) {
  let batch: ReleasePageRow[] = [];
  let pages = 0;
  let nextReport = 0.1;
  let inserting: Promise<void> = Promise.resolve();
  let failure: { error: unknown } | null = null;
  const flush = () => {
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    inserting = inserting.then(async () => {
      if (failure) return;
      try {
        await tx.insert(statisticsReleasePages).values(rows);
      } catch (error) {
        failure = { error };
      }
    });
  };
  return {
    add(rows: ReleasePageRow[]) {
      if (failure) throw failure.error;
      for (const r of rows) batch.push(r);
      pages += rows.length;
      if (batch.length >= INSERT_BATCH) flush();
      if (pages / o.todo >= nextReport) {
        o.log(`statistics release ${o.releaseNo}: ${pages} of ${o.todo} pages (${Math.floor((pages / o.todo) * 100)} %), ${((performance.now() - o.t0) / 1000).toFixed(1)} s`);
        while (pages / o.todo >= nextReport) nextReport += 0.1;
      }
    },
    async done(): Promise<number> {
      flush();
      await inserting;
      if (failure) throw failure.error;
      return pages;
    },
  };
}

/**
 * Below this many places a release is computed in its own thread alone: starting subtree threads
 * (each loads the service and opens its connection) costs more than they save.
 */
const THREADS_FROM_PLACES = 300;

async function computeRelease(
  tx: Executor,
  o: { releaseNo: number; asOf: string; priorNo: number | null; log: (line: string) => void; t0: number; threads: number | undefined; parentRounds: number | undefined },
): Promise<{ pages: number; hash: string }> {
  const windows = releaseWindows(o.asOf);
  const names = await loadReleaseNames(tx);
  const places = await placesWithCases(tx, `${windows[WINDOWS - 1]!.from}-01`, `${windows[0]!.to}-01`);
  const todo = places.length * WINDOWS;
  const threads = o.threads ?? (places.length >= THREADS_FROM_PLACES ? env().statisticsReleaseThreads : 0);
  o.log(`statistics release ${o.releaseNo}: ${places.length} places, ${todo} pages to compute${threads > 0 ? ` (below the provinces in ${threads} threads)` : ""}`);

  const sink = pageSink(tx, { releaseNo: o.releaseNo, todo, log: o.log, t0: o.t0 });
  const plan: ReleasePlan = { releaseNo: o.releaseNo, asOf: o.asOf, priorNo: o.priorNo, places, ...(o.parentRounds !== undefined ? { parentRounds: o.parentRounds } : {}) };
  const tree = releaseTree(tx, plan, names, (rows) => sink.add(rows));
  const nation = await tree.nation();
  if (threads === 0) {
    await tree.settle(nation);
  } else {
    const provinces = await tree.children(nation);
    tree.store(nation);
    o.log(`statistics release ${o.releaseNo}: the country and ${provinces.length} provinces in ${((performance.now() - o.t0) / 1000).toFixed(1)} s, the rest in ${threads} threads`);
    // A province with places below it is computed again, settled and emitted by its thread (its children may have it hide more).
    for (const p of provinces) if (tree.sizeBelow(p.place) === 0) await tree.settle(p);
    const subtrees = provinces
      .filter((p) => tree.sizeBelow(p.place) > 0)
      .sort((a, b) => tree.sizeBelow(b.place) - tree.sizeBelow(a.place))
      .map(subtreeRootOf);
    // The subtree threads read this transaction's snapshot: the same moment of the data as every page before.
    const [{ snapshot }] = (await queryRows<{ snapshot: string }>(tx, sql`select pg_export_snapshot() as snapshot`)) as [{ snapshot: string }];
    await computeSubtreesInThreads({ threads, job: { plan, snapshot, names }, subtrees, onRows: (rows) => sink.add(rows) });
  }
  const pages = await sink.done();
  return { pages, hash: await releaseHash(tx, o.releaseNo) };
}
