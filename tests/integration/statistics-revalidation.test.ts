import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishTestRelease } from "../support/releases";
import { settle } from "../support/replies";

// /stats, /stats.json and /stats.csv let a phone revalidate cheaply: a weak ETag over the
// statistics release shown (and the page's language), 304 with no body for a copy that is still
// current, 200 with a new tag once a counted change has been published in the next release. The
// tips are this file's own (its database is its own, tests/support/env.ts), in 城关区 of Lhasa.

type M = typeof import("../../app/lib/db.server") &
  typeof import("../../app/services/published-statistics.server") & {
    page: typeof import("../../app/routes/stats");
    json: typeof import("../../app/routes/stats[.json]");
    csv: typeof import("../../app/routes/stats[.csv]");
  };
let m: M;
let sql: import("postgres").Sql;

const ORIGIN = "http://canary.test";
const COUNTY = "540102";
const PATH = `/stats?place=${COUNTY}`;

async function insertTip(place: string) {
  const [row] = await sql<{ seq: string }[]>`select nextval('tip_reference_seq')::text as seq`;
  const today = new Date().toISOString().slice(0, 10);
  await sql`insert into tips ${sql({
    id: randomUUID(),
    reference: `JB${today.slice(0, 4)}-${row!.seq.padStart(7, "0")}`,
    reference_seq: row!.seq,
    state: "submitted",
    channel: "web",
    sector_code: "pollution",
    place_code: place,
    submitted_on: today,
    captcha_status: "not_required",
    content_enc: randomBytes(32),
    receipt_hash: randomBytes(32),
  })}`;
}

const request = (path: string, headers: Record<string, string> = {}) => new Request(ORIGIN + path, { headers });

/** The page as the loader answers it: status, headers, data. */
async function page(headers: Record<string, string> = {}) {
  return settle(async () => m.page.loader({ request: request(PATH, headers), params: {}, context: { clientAddress: "203.0.113.7" } }));
}

/** The page once a release with the data as they are now is published. */
async function published(headers: Record<string, string> = {}) {
  await publishTestRelease();
  return page(headers);
}

beforeAll(async () => {
  m = {
    ...(await import("../../app/lib/db.server")),
    ...(await import("../../app/services/published-statistics.server")),
    page: await import("../../app/routes/stats"),
    json: await import("../../app/routes/stats[.json]"),
    csv: await import("../../app/routes/stats[.csv]"),
  };
  sql = m.sqlClient();
  for (let i = 0; i < 6; i++) await insertTip(COUNTY);
});

afterAll(async () => {
  await m.statisticsSettled();
  await m.closeDb();
});

describe("/stats revalidation", () => {
  it("tags the page, answers 304 without a body to a current copy, and a new tag after a counted change", async () => {
    const first = await published();
    expect(first.status).toBe(200);
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^W\/"[\w-]+"$/);
    expect(first.headers.get("cache-control")).toBe("public, max-age=60");
    // The language is a cookie: a shared cache must not hand the Chinese page to an English reader.
    expect(first.headers.get("vary")).toBe("Cookie");
    expect(JSON.stringify(first.data)).toContain('"reading":6');

    const again = await page({ "If-None-Match": etag! });
    expect(again.status).toBe(304);
    expect(again.data).toBeNull();
    expect(again.headers.get("etag")).toBe(etag);
    // A list of tags, weak or not, matches by the opaque part.
    expect((await page({ "If-None-Match": `"other", ${etag!.replace(/^W\//, "")}` })).status).toBe(304);

    // The other language is another page: its own tag.
    const english = await page({ "If-None-Match": etag!, Cookie: "lang=en" });
    expect(english.status).toBe(200);
    expect(english.headers.get("etag")).not.toBe(etag);

    // A counted change alone changes nothing shown: the page is the release's until the next one.
    await insertTip(COUNTY);
    expect((await page({ "If-None-Match": etag! })).status).toBe(304);
    const changed = await published({ "If-None-Match": etag! });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    expect(JSON.stringify(changed.data)).toContain('"reading":7');
  });

  it.each([
    ["json", `/stats.json?place=${COUNTY}`],
    ["csv", `/stats.csv?place=${COUNTY}&table=sector`],
  ] as const)("the %s download is tagged and answers 304 to a current copy", async (kind, path) => {
    const route = m[kind];
    await m.statisticsSettled();
    const first = (await route.loader({ request: request(path), params: {}, context: { clientAddress: "203.0.113.7" } })) as Response;
    expect(first.status).toBe(200);
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^W\/"[\w-]+"$/);
    expect((await first.text()).length).toBeGreaterThan(0);
    const again = (await route.loader({ request: request(path, { "If-None-Match": etag! }), params: {}, context: { clientAddress: "203.0.113.7" } })) as Response;
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    const stale = (await route.loader({ request: request(path, { "If-None-Match": 'W/"not-this-one"' }), params: {}, context: { clientAddress: "203.0.113.7" } })) as Response;
    expect(stale.status).toBe(200);
  });
});
