import { readSqlClient } from "../lib/db.server";
import { addressPath, levelOf } from "../domain/places";
import { statisticsWindow, type MonthPeriod, type PublishedFigures } from "../domain/published-statistics";
import { NATION_CODE, STATISTICS_WINDOWS } from "../domain/statistics-query";
import type { Named, StatisticsPage } from "./published-statistics.server";

/**
 * Reading the published statistics releases (issue 16, ADR 041): a server never computes a
 * statistics page, it reads the page the job worker stored in the current release (the highest
 * release_no with released_at set). A release never changes once published, so everything read
 * from one is good for as long as that release is the one shown.
 */

export type Release = {
  no: number;
  /** When it was published (ISO). */
  releasedAt: string;
  /** The local date it was computed for: its 12-month windows end with this date's month, which was still under way. */
  asOf: string;
  contentHash: string;
  pages: number;
};

type ReleaseRow = Release;
// Written as text by PostgreSQL (the unsafe statements without parameters come back untyped).
const toRelease = (r: ReleaseRow): Release => ({ no: Number(r.no), releasedAt: r.releasedAt, asOf: r.asOf, contentHash: r.contentHash, pages: Number(r.pages) });
const COLUMNS = `release_no as "no", to_char(released_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "releasedAt", as_of::text as "asOf", content_hash as "contentHash", pages`;

/**
 * How long this process goes on showing the release it last saw before asking again which is
 * current. Every server asks on its own, so every server switches to a new release at most this
 * long after the UPDATE that publishes it commits; meanwhile a request (and a revalidation, which
 * needs only the release number for its ETag) reads no header at all.
 */
export const CURRENT_RELEASE_RECHECK_MS = 2_000;

let current: { at: number; release: Promise<Release | null> } | null = null;

/** The current release, or null when none is published yet (one read of a few rows every couple of seconds). */
export function currentRelease(now = Date.now()): Promise<Release | null> {
  if (current && now - current.at < CURRENT_RELEASE_RECHECK_MS) return current.release;
  // Published rows only; a release being computed (released_at null) has a higher number and is skipped.
  const release = readSqlClient()
    .unsafe<ReleaseRow[]>(`select ${COLUMNS} from statistics_releases where released_at is not null order by release_no desc limit 1`)
    .then(([r]) => (r ? toRelease(r) : null));
  current = { at: now, release };
  release.catch(() => {
    if (current?.release === release) current = null;
  });
  return release;
}

/** A published release by its number, or null (unknown, or not published). */
export async function publishedRelease(no: number): Promise<Release | null> {
  if (!Number.isInteger(no) || no < 1 || no > 2_147_483_647) return null;
  const [r] = await readSqlClient().unsafe<ReleaseRow[]>(`select ${COLUMNS} from statistics_releases where release_no = $1 and released_at is not null`, [no]);
  return r ? toRelease(r) : null;
}

/** Forget the current release seen (tests, after publishing one, so as not to wait for the recheck). */
export function forgetCurrentRelease(): void {
  current = null;
}

/** The current release, or the given past one; null when there is none (no release yet, or that number is not published). */
export function releaseOf(no?: number): Promise<Release | null> {
  return no === undefined ? currentRelease() : publishedRelease(no);
}

export type PlaceInRelease = {
  scope: Named & { level: StatisticsPage["scope"]["level"] };
  /** From the country down to the place's parent. */
  ancestors: Named[];
  /** The window shown, and every window of the release. */
  period: MonthPeriod;
  windows: MonthPeriod[];
};

export type ReleasePage =
  /** No release yet, or the release asked for is not published. */
  | { release: null; page: null; placeKnown: false; place: null }
  /** The place's page in the release; `place` null (and `placeKnown` false) for a code that is no place. */
  | { release: Release; page: StatisticsPage; placeKnown: true; place: null }
  /** A place that exists but had no tips in any window of the release: its name and ancestors, for a "no tips" page. */
  | { release: Release; page: null; placeKnown: boolean; place: PlaceInRelease | null };

const NATION_NAME: Named = { code: NATION_CODE, nameZh: "全国", nameEn: "China (all provinces)" };

/** The windows of a release, newest first, as its pages have them. */
export function releaseWindows(asOf: string): MonthPeriod[] {
  return Array.from({ length: STATISTICS_WINDOWS }, (_, k) => statisticsWindow(asOf, k));
}

/**
 * The page of a place (000000 = the country) and window in the current release, or in release
 * `no`: one indexed read of statistics_release_pages (its primary key; none when this process
 * read that page of the current release before), after the current release's number (cached, see
 * currentRelease). A place without a page is looked up in `places` (a second read) to tell "no
 * tips in this period" from a code that is no place.
 */
export async function releasePage(place: string, window: number, no?: number): Promise<ReleasePage> {
  const release = await releaseOf(no);
  if (!release) return { release: null, page: null, placeKnown: false, place: null };
  return pageIn(release, place, window);
}

/** The page of a place and window in a release already read (/stats reads the current release first, for its ETag). */
export async function pageIn(release: Release, place: string, window: number): Promise<Exclude<ReleasePage, { release: null }>> {
  const w = Number.isInteger(window) && window >= 0 && window < STATISTICS_WINDOWS ? window : 0;
  const page = await storedPage(release.no, place, w);
  if (page) return { release, page, placeKnown: true, place: null };
  const known = await placeWithAncestors(place);
  if (!known) return { release, page: null, placeKnown: false, place: null };
  const windows = releaseWindows(release.asOf);
  return { release, page: null, placeKnown: true, place: { ...known, period: windows[w]!, windows } };
}

/**
 * Pages read, by (release, place, window), the most recently used last: a release never changes,
 * so a page read once is good until a newer release is current. At a million tips the country's
 * page is 333 KB of JSON (its agency table most of it): reading and parsing it was most of a
 * request's 24 ms. A few dozen pages (the busiest: the country, the provinces) are kept.
 */
const pages = new Map<string, Promise<StatisticsPage | null>>();
const PAGES_KEPT = 64;
let pagesOfRelease = 0;

function storedPage(no: number, place: string, w: number): Promise<StatisticsPage | null> {
  if (no > pagesOfRelease) {
    // A newer release is current: the pages of the one before are not asked for any more (a past release's are read each time).
    pages.clear();
    pagesOfRelease = no;
  }
  const key = `${no}|${place}|${w}`;
  const hit = pages.get(key);
  if (hit) {
    pages.delete(key);
    pages.set(key, hit);
    return hit;
  }
  const read = readSqlClient()<{ page: StatisticsPage }[]>`
    select page from statistics_release_pages where release_no = ${no} and place_code = ${place} and window_no = ${w}`.then(([row]) => row?.page ?? null);
  if (no === pagesOfRelease) {
    pages.set(key, read);
    read.catch(() => pages.delete(key));
    if (pages.size > PAGES_KEPT) pages.delete(pages.keys().next().value!);
  }
  return read;
}

async function placeWithAncestors(place: string): Promise<{ scope: PlaceInRelease["scope"]; ancestors: Named[] } | null> {
  if (place === NATION_CODE) return { scope: { ...NATION_NAME, level: "nation" }, ancestors: [] };
  const path = addressPath(place);
  const rows = await readSqlClient()<Named[]>`select trim(code) as code, name_zh as "nameZh", name_en as "nameEn" from places where code in ${readSqlClient()(path)}`;
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const self = byCode.get(place);
  if (!self) return null;
  const level = levelOf(place);
  return {
    scope: { ...self, level: level === "country" ? "nation" : level },
    ancestors: [NATION_NAME, ...path.slice(0, -1).map((c) => byCode.get(c)).filter((p): p is Named => !!p)],
  };
}

export const RELEASES_PAGE_SIZE = 50;

export type ReleaseList = { rows: Release[]; page: number; pages: number; total: number };

/** The published releases, newest first, `RELEASES_PAGE_SIZE` a page (1-based; a page past the end is the last). */
export async function releases(page: number): Promise<ReleaseList> {
  const client = readSqlClient();
  const [{ total }] = (await client<{ total: number }[]>`select count(*)::int as total from statistics_releases where released_at is not null`) as unknown as [{ total: number }];
  const pages = Math.max(1, Math.ceil(total / RELEASES_PAGE_SIZE));
  const p = Math.min(Math.max(1, Number.isInteger(page) ? page : 1), pages);
  const rows = await client.unsafe<ReleaseRow[]>(`select ${COLUMNS} from statistics_releases where released_at is not null order by release_no desc limit $1 offset $2`, [
    RELEASES_PAGE_SIZE,
    (p - 1) * RELEASES_PAGE_SIZE,
  ]);
  return { rows: rows.map(toRelease), page: p, pages, total };
}

/** The figures of the home page: the country's latest window in the current release (its headline only is read), or null before the first release. */
export async function homeHeadline(): Promise<{ release: Release; headline: PublishedFigures; period: MonthPeriod } | null> {
  const release = await currentRelease();
  if (!release) return null;
  if (homeCache?.no === release.no) return { release, ...homeCache.value };
  const [row] = await readSqlClient()<{ headline: PublishedFigures; period: MonthPeriod }[]>`
    select page->'headline' as headline, page->'period' as period from statistics_release_pages where release_no = ${release.no} and place_code = ${NATION_CODE} and window_no = 0`;
  // A release always has the country's page; without it the home page says nothing is published.
  if (!row) return null;
  homeCache = { no: release.no, value: { headline: row.headline, period: row.period } };
  return { release, ...homeCache.value };
}
let homeCache: { no: number; value: { headline: PublishedFigures; period: MonthPeriod } } | null = null;

/** One row of a release's aggregate file: a place and window, with the headline as published. */
export type ReleaseHeadlineRow = { placeCode: string; windowNo: number; scope: StatisticsPage["scope"]; period: MonthPeriod; headline: PublishedFigures };

/**
 * Every page's headline of a published release, in (place, window) order, `batch` rows at a time
 * from a cursor: a release of the whole country has thousands of pages, never all in memory.
 */
export async function* releaseHeadlines(no: number, batch = 500): AsyncGenerator<ReleaseHeadlineRow[]> {
  const cursor = readSqlClient()<ReleaseHeadlineRow[]>`
    select trim(place_code) as "placeCode", window_no as "windowNo", page->'scope' as scope, page->'period' as period, page->'headline' as headline
    from statistics_release_pages where release_no = ${no} order by place_code, window_no`.cursor(batch);
  for await (const rows of cursor) yield rows;
}
