import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishTestRelease } from "../support/releases";
import { settle } from "../support/replies";

// Issue 16, the reading side: /stats, its downloads and the home page show the current
// statistics release, say which, and stay on it after a counted change until the next release is
// published; before the first release /stats says so; past releases stay downloadable; the month
// still under way is marked incomplete. The tips are this file's own (its database is its own,
// tests/support/env.ts), in 城关区 of Lhasa.

type Loader = { loader: (args: any) => unknown };
type M = typeof import("../../app/lib/db.server") &
  typeof import("../../app/services/statistics-release-read.server") & {
    stats: Loader;
    csv: Loader;
    json: Loader;
    home: Loader;
    openData: Loader;
    list: Loader;
    file: Loader;
  };
let m: M;
let sql: import("postgres").Sql;

const ORIGIN = "http://canary.test";
const CITY = "540100";
const COUNTY = "540102";
/** A county of the same city where nobody files anything. */
const QUIET = "540103";

function todayLocal(): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: process.env.TIME_ZONE ?? "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(new Date());
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get("year")}-${get("month")}-${get("day")}`;
}
const TODAY = todayLocal();
const THIS_MONTH = TODAY.slice(0, 7);

async function insertTip(place: string) {
  const [row] = await sql<{ seq: string }[]>`select nextval('tip_reference_seq')::text as seq`;
  await sql`insert into tips ${sql({
    id: randomUUID(),
    reference: `JB${TODAY.slice(0, 4)}-${row!.seq.padStart(7, "0")}`,
    reference_seq: row!.seq,
    state: "submitted",
    channel: "web",
    sector_code: "pollution",
    place_code: place,
    submitted_on: TODAY,
    captcha_status: "not_required",
    content_enc: randomBytes(32),
    receipt_hash: randomBytes(32),
  })}`;
}

const args = (path: string, params: Record<string, string> = {}, headers: Record<string, string> = {}) => ({
  request: new Request(ORIGIN + path, { headers }),
  params,
  context: { clientAddress: "203.0.113.7" },
});
const stats = (path: string, headers: Record<string, string> = {}) => settle(async () => m.stats.loader(args(path, {}, headers)));
const download = async (route: Loader, path: string, params: Record<string, string> = {}) => {
  const res = (await route.loader(args(path, params))) as Response;
  return { status: res.status, text: await res.text(), headers: res.headers };
};
/** The received count of the county's page, as /stats shows it. */
const received = (body: any) => body.view.headline.find((f: any) => f.id === "received").reading;

beforeAll(async () => {
  m = {
    ...(await import("../../app/lib/db.server")),
    ...(await import("../../app/services/statistics-release-read.server")),
    stats: await import("../../app/routes/stats"),
    csv: await import("../../app/routes/stats[.csv]"),
    json: await import("../../app/routes/stats[.json]"),
    home: await import("../../app/routes/_index"),
    openData: await import("../../app/routes/open-data"),
    list: await import("../../app/routes/open-data_.releases"),
    file: await import("../../app/routes/open-data_.releases.$file"),
  };
  sql = m.sqlClient();
  const [{ n }] = (await sql<{ n: number }[]>`select count(*)::int as n from tips where place_code like '5401%'`) as unknown as [{ n: number }];
  expect(n).toBe(0);
});

afterAll(async () => {
  await m?.closeDb();
});

describe("statistics releases on /stats and the downloads", () => {
  it("before any release: /stats says the statistics are not published yet (200), the home page too, the downloads are 404", async () => {
    for (let i = 0; i < 6; i++) await insertTip(COUNTY);
    const none = await stats(`/stats?place=${COUNTY}`);
    expect(none.status).toBe(200);
    expect(none.data).toEqual({ kind: "none" });
    expect(none.headers.get("etag")).toBeNull();
    expect((await settle(async () => m.home.loader(args("/")))).data).toBeNull();
    expect((await download(m.csv, `/stats.csv?place=${COUNTY}`)).status).toBe(404);
    expect((await download(m.json, `/stats.json?place=${COUNTY}`)).status).toBe(404);
    expect((await settle(async () => m.list.loader(args("/open-data/releases")))).data).toMatchObject({ rows: [], total: 0 });
  });

  it("shows release 1 and says so; a counted change shows nothing new until release 2 is published; release 1 stays downloadable", async () => {
    const first = await publishTestRelease();
    expect(first).toBe(1);
    const one = await stats(`/stats?place=${COUNTY}`);
    expect(one.status).toBe(200);
    expect(one.data.kind).toBe("page");
    expect(one.data.release.no).toBe(1);
    expect(received(one.data)).toBe(6);
    const home = (await settle(async () => m.home.loader(args("/")))).data;
    expect(home.release.no).toBe(1);

    // A tip filed now is counted in the rollups, but the page is the release's: still 6, still release 1.
    await insertTip(COUNTY);
    const [{ pending }] = (await sql<{ pending: number }[]>`select count(*)::int as pending from stats_pending where scope = ${COUNTY}`) as unknown as [{ pending: number }];
    expect(pending).toBeGreaterThan(0);
    m.forgetCurrentRelease();
    const after = await stats(`/stats?place=${COUNTY}`);
    expect(after.data.release.no).toBe(1);
    expect(received(after.data)).toBe(6);
    expect(after.headers.get("etag")).toBe(one.headers.get("etag"));

    const second = await publishTestRelease();
    expect(second).toBe(2);
    const two = await stats(`/stats?place=${COUNTY}`);
    expect(two.data.release.no).toBe(2);
    expect(received(two.data)).toBe(7);
    expect(two.headers.get("etag")).not.toBe(one.headers.get("etag"));
    // The download links of the page are of the release it shows.
    expect((await settle(async () => m.home.loader(args("/")))).data.release.no).toBe(2);

    // The downloads: the current release by default, release 1 on asking, and say which.
    const csvNow = await download(m.csv, `/stats.csv?place=${COUNTY}`);
    const csvThen = await download(m.csv, `/stats.csv?place=${COUNTY}&release=1`);
    expect(csvNow.status).toBe(200);
    expect(csvThen.status).toBe(200);
    const column = (csv: string, name: string) => {
      const [header, row] = csv.replace(/^\uFEFF/, "").trim().split(/\r?\n/).map((l) => l.split(","));
      return row![header!.indexOf(name)];
    };
    expect([column(csvNow.text, "received"), column(csvNow.text, "release_no")]).toEqual(["7", "2"]);
    expect([column(csvThen.text, "received"), column(csvThen.text, "release_no")]).toEqual(["6", "1"]);
    expect(csvThen.headers.get("content-disposition")).toContain("release-1");
    const jsonThen = JSON.parse((await download(m.json, `/stats.json?place=${COUNTY}&release=1`)).text);
    expect(jsonThen.release).toMatchObject({ no: 1, as_of: TODAY });
    expect(jsonThen.tables.headline[0].received).toBe(6);

    // An unknown release, an unpublished one, and a number that is no number are 404.
    await sql`insert into statistics_releases (release_no, as_of, trigger) values (3, ${TODAY}::date, 'administrator')`;
    m.forgetCurrentRelease();
    for (const r of ["3", "99", "0", "x"]) {
      expect((await download(m.csv, `/stats.csv?place=${COUNTY}&release=${r}`)).status, `release=${r}`).toBe(404);
      expect((await download(m.json, `/stats.json?place=${COUNTY}&release=${r}`)).status, `release=${r}`).toBe(404);
    }
    // A release being computed is never shown.
    expect((await stats(`/stats?place=${COUNTY}`)).data.release.no).toBe(2);
    expect((await m.currentRelease())!.no).toBe(2);
  });

  it("every server switches to a new release within seconds: the current release is asked again after CURRENT_RELEASE_RECHECK_MS", async () => {
    const now = Date.now();
    m.forgetCurrentRelease();
    const seen = (await m.currentRelease(now))!.no;
    // Published by another process (no forgetting here): this one still shows what it saw…
    await sql`update statistics_releases set released_at = now(), content_hash = 'x', pages = 0 where release_no = 3`;
    expect((await m.currentRelease(now + 10))!.no).toBe(seen);
    // …for no longer than the recheck interval.
    expect((await m.currentRelease(now + m.CURRENT_RELEASE_RECHECK_MS))!.no).toBe(3);
    expect(m.CURRENT_RELEASE_RECHECK_MS).toBeLessThanOrEqual(5_000);
    // Release 3 has no pages: take it out again for the tests below.
    await sql`delete from statistics_releases where release_no = 3`;
    m.forgetCurrentRelease();
  });

  it("answers 304 to a copy of the current release, without reading its page", async () => {
    const first = await stats(`/stats?place=${COUNTY}`);
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^W\/"[\w-]+"$/);
    const again = await stats(`/stats?place=${COUNTY}`, { "If-None-Match": etag });
    expect(again.status).toBe(304);
    expect(again.data).toBeNull();
    // Another window is another page.
    expect((await stats(`/stats?place=${COUNTY}&period=1`, { "If-None-Match": etag })).status).toBe(200);
  });

  it("marks the month still under way at the release as incomplete: in the month table, the chart's note and the CSV", async () => {
    const page = (await stats(`/stats?place=${COUNTY}`)).data;
    expect(page.view.incompleteMonth).toBe(THIS_MONTH);
    const marked = page.view.months.rows.filter((r: any) => r.incomplete);
    expect(marked.map((r: any) => [r.key, r.label])).toEqual([[THIS_MONTH, `${THIS_MONTH}（不完整）`]]);
    const english = (await stats(`/stats?place=${COUNTY}`, { Cookie: "lang=en" })).data;
    expect(english.view.months.rows.find((r: any) => r.incomplete).label).toBe(`${THIS_MONTH} (incomplete)`);
    // A window a year back has no month under way.
    expect((await stats(`/stats?place=${COUNTY}&period=1`)).data.view.incompleteMonth).toBeNull();

    const csv = (await download(m.csv, `/stats.csv?place=${COUNTY}&table=month`)).text.replace(/^\uFEFF/, "").trim().split(/\r?\n/);
    const header = csv[0]!.split(",");
    const rows = csv.slice(1).map((l) => l.split(","));
    const flag = (month: string) => rows.find((r) => r[header.indexOf("key")] === month)![header.indexOf("month_incomplete")];
    expect(rows).toHaveLength(12);
    expect(flag(THIS_MONTH)).toBe("1");
    expect(rows.filter((r) => r[header.indexOf("month_incomplete")] === "1")).toHaveLength(1);
  });

  it("a place with no tips in the release is a page saying so, with its name and where it is; a code that is no place is 404", async () => {
    const quiet = await stats(`/stats?place=${QUIET}`);
    expect(quiet.status).toBe(200);
    expect(quiet.data).toMatchObject({ kind: "empty", release: { no: 2 }, scope: { code: QUIET, name: "堆龙德庆区" } });
    expect(quiet.data.ancestors.map((a: any) => a.name)).toEqual(["全国", "西藏自治区", "拉萨市"]);
    expect(quiet.data.windows).toHaveLength(5);
    const csv = await download(m.csv, `/stats.csv?place=${QUIET}`);
    expect(csv.status).toBe(200);
    expect(csv.text.replace(/^\uFEFF/, "").trim().split(/\r?\n/)).toHaveLength(1);
    expect((await stats("/stats?place=549999")).status).toBe(404);
    expect((await download(m.csv, "/stats.csv?place=549999")).status).toBe(404);
  });

  it("lists the releases newest first on /open-data/releases, and each release is a file of every place and window's headline", async () => {
    const list = (await settle(async () => m.list.loader(args("/open-data/releases")))).data;
    expect(list.rows.map((r: any) => r.no)).toEqual([2, 1]);
    expect(list.rows[0]).toMatchObject({ asOf: TODAY, contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const [release] = await sql<{ pages: number }[]>`select pages from statistics_releases where release_no = 1`;
    const csv = await download(m.file, "/open-data/releases/1.csv", { file: "1.csv" });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    const lines = csv.text.replace(/^\uFEFF/, "").trim().split(/\r?\n/);
    expect(lines).toHaveLength(1 + release!.pages);
    const header = lines[0]!.split(",");
    const county = lines.slice(1).map((l) => l.split(",")).filter((r) => r[header.indexOf("scope_code")] === COUNTY);
    expect(county.map((r) => [r[header.indexOf("period_to")], r[header.indexOf("received")], r[header.indexOf("release_no")]])[0]).toEqual([THIS_MONTH, "6", "1"]);
    expect(county).toHaveLength(5);

    const json = JSON.parse((await download(m.file, "/open-data/releases/2.json", { file: "2.json" })).text);
    expect(json.release).toMatchObject({ no: 2, as_of: TODAY });
    expect(json.rows.find((r: any) => r.scope_code === COUNTY && r.period_to === THIS_MONTH).received).toBe(7);
    expect(json.rows.filter((r: any) => r.scope_code === COUNTY)).toHaveLength(5);

    // The file of a release is tagged by its content and answers 304 to a copy of it.
    const etag = csv.headers.get("etag")!;
    const again = (await m.file.loader(args("/open-data/releases/1.csv", { file: "1.csv" }, { "If-None-Match": etag }))) as Response;
    expect(again.status).toBe(304);
    for (const file of ["9.csv", "1.xml", "01.csv", "..csv"]) expect((await download(m.file, `/open-data/releases/${file}`, { file })).status, file).toBe(404);
  });

  it("/open-data names the release its statistics links are of, and a chosen past release's links carry it", async () => {
    const current = (await settle(async () => m.openData.loader(args("/open-data")))).data;
    expect(current.release).toMatchObject({ no: 2, pinned: false });
    const past = (await settle(async () => m.openData.loader(args("/open-data?release=1")))).data;
    expect(past.release).toMatchObject({ no: 1, pinned: true });
    expect((await settle(async () => m.openData.loader(args("/open-data?release=42")))).status).toBe(404);
    const names = current.statsColumns.map((c: any) => c.name);
    for (const c of ["release_no", "released_at", "as_of", "month_incomplete"]) expect(names).toContain(c);
  });
});
