import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertTipRow } from "../support/raw-tips";

// A county's figure that only its city can protect (issue 16, ADR 042), on real PostgreSQL: in
// release 1 the county has five substantiated pollution cases and none in construction; then one
// construction case is substantiated. In release 2 the county's pollution 5 is unchanged, so known
// from release 1, and its headline (its row in the city's table by place) minus 5 would give the
// new case away, whatever the county's own page hides. The city hides that figure of its row.

type M = typeof import("../../app/lib/db.server") & typeof import("../../app/services/published-statistics.server") & typeof import("../../app/services/statistics-release.server");
let m: M;
let sql: import("postgres").Sql;

const Y = 3000 + Math.floor(Math.random() * 900);
const NOW = new Date(Date.UTC(Y, 10, 20, 4));
const CITY = "330100";
let county = "";
let sibling = "";

async function insertTip(place: string, sector: string, state: "closed" | "investigating", month: number) {
  const concluded = state === "closed";
  const id = await insertTipRow(sql, Y, {
    state,
    sector_code: sector,
    place_code: place,
    submitted_on: `${Y}-${String(month).padStart(2, "0")}-10`,
    concluded_on: concluded ? `${Y}-${String(month).padStart(2, "0")}-20` : null,
  });
  if (concluded) {
    await sql`insert into case_outcomes ${sql({ tip_id: id, finding: "substantiated", rectification_ordered: false, fine_cny: 0, suspension: false, closure: false, criminal_referral: false, officials_held_accountable: 0, public_summary_zh: "经查属实，已责令整改。" })}`;
  }
}

type Row = { key?: string; label?: { code: string }; figures: { partition: Record<string, { kind: string; value?: number; reason?: string }> } };
type Page = { headline: Row["figures"]; sectors: (Row & { label: { code: string } })[]; places: (Row & { label: { code: string } })[] };
const pageOf = async (no: number, place: string) =>
  (await sql<{ page: Page }[]>`select page from statistics_release_pages where release_no = ${no} and place_code = ${place} and window_no = 0`)[0]!.page;
const substantiated = (f: Row["figures"]) => f.partition.substantiated!;

beforeAll(async () => {
  m = {
    ...(await import("../../app/lib/db.server")),
    ...(await import("../../app/services/published-statistics.server")),
    ...(await import("../../app/services/statistics-release.server")),
  } as M;
  sql = m.sqlClient();
  const counties = await sql<{ code: string }[]>`select trim(code) as code from places where code like '3301%' and code not like '%00' order by code limit 2`;
  [county, sibling] = counties.map((c) => c.code) as [string, string];
  // The sibling county has enough of everything that the city's own figures are never small.
  for (const sector of ["pollution", "construction"])
    for (let i = 0; i < 8; i++) {
      await insertTip(sibling, sector, "closed", 3 + (i % 4));
      await insertTip(sibling, sector, "investigating", 3 + (i % 4));
    }
  for (let i = 0; i < 5; i++) await insertTip(county, "pollution", "closed", 4);
  await m.foldStatistics();
}, 120_000);

afterAll(async () => {
  await m?.closeDb();
});

describe("a county's figure that only its city can protect", () => {
  let first: Awaited<ReturnType<M["publishStatisticsRelease"]>>;
  let second: Awaited<ReturnType<M["publishStatisticsRelease"]>>;

  beforeAll(async () => {
    first = await m.publishStatisticsRelease({ trigger: "administrator", now: NOW });
    await insertTip(county, "construction", "closed", 4);
    // The sibling's figures change too, so the city can hide one of them rather than withhold its table.
    await insertTip(sibling, "construction", "closed", 5);
    // Computed with the subtrees below the provinces in threads: the city is made to hide more in the thread that computes its counties.
    second = await m.publishStatisticsRelease({ trigger: "administrator", now: NOW, threads: 2 });
  }, 120_000);

  it("release 1 shows the county's five substantiated cases, all of them pollution", async () => {
    const page = await pageOf(first.releaseNo, county);
    expect(substantiated(page.headline)).toEqual({ kind: "value", value: 5 });
    expect(substantiated(page.sectors.find((s) => s.label.code === "pollution")!.figures)).toEqual({ kind: "value", value: 5 });
  });

  it("release 2 hides the county's substantiated count on its page and in its row of the city's table by place", async () => {
    const page = await pageOf(second.releaseNo, county);
    const construction = page.sectors.find((s) => s.label.code === "construction")!.figures;
    expect(substantiated(construction).kind).toBe("suppressed");
    expect(substantiated(page.headline).kind).toBe("suppressed");
    const city = await pageOf(second.releaseNo, CITY);
    const row = city.places.find((p) => p.label.code === county)!.figures;
    expect(substantiated(row)).toEqual({ kind: "suppressed", reason: "complementary" });
    // The city's table stays (not withheld): the sibling's changed figure is hidden with it.
    expect(substantiated(city.places.find((p) => p.label.code === sibling)!.figures)).toEqual({ kind: "suppressed", reason: "complementary" });
  });

  it("the next release, computed in its own thread with nothing changed, publishes the same pages", async () => {
    const third = await m.publishStatisticsRelease({ trigger: "administrator", now: NOW, threads: 0 });
    expect(third.contentHash).toBe(second.contentHash);
  }, 120_000);
});

describe("when the city's rounds of hiding run out", () => {
  it("its table by place is withheld (where, with rounds left, it hid two figures as above): nor is the county's headline shown", async () => {
    const [other, otherSibling] = (await sql<{ code: string }[]>`select trim(code) as code from places where code like '3302%' and code not like '%00' order by code limit 2`).map((c) => c.code) as [string, string];
    for (const sector of ["pollution", "construction"]) for (let i = 0; i < 8; i++) await insertTip(otherSibling, sector, "closed", 3 + (i % 4));
    for (let i = 0; i < 5; i++) await insertTip(other, "pollution", "closed", 4);
    await m.foldStatistics();
    await m.publishStatisticsRelease({ trigger: "administrator", now: NOW });
    await insertTip(other, "construction", "closed", 4);
    await insertTip(otherSibling, "construction", "closed", 5);
    // No round at all: the first thing a county asks of its city withholds the city's table by place.
    const release = await m.publishStatisticsRelease({ trigger: "administrator", now: NOW, parentRounds: 0 });
    const city = await pageOf(release.releaseNo, "330200");
    const rows = city.places.map((p) => p.figures.partition.substantiated!);
    expect(rows.length).toBeGreaterThan(1);
    for (const cell of rows) expect(cell).toEqual({ kind: "suppressed", reason: "withheld" });
    expect(substantiated((await pageOf(release.releaseNo, other)).headline)).toEqual({ kind: "suppressed", reason: "withheld" });
    // The first city, whose counties asked nothing new in this release, keeps its table by place as it was.
    const first = (await pageOf(release.releaseNo, CITY)).places.map((p) => p.figures.partition.substantiated!);
    expect(first).toEqual([
      { kind: "suppressed", reason: "complementary" },
      { kind: "suppressed", reason: "complementary" },
    ]);
  }, 240_000);
});
