import { randomBytes } from "node:crypto";
import { parse as parseCsv } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { settle } from "../support/replies";

// Published outcomes: /outcomes (filters, keyset pages), /outcomes.atom, /open-data and its CSV
// and JSON downloads. Only closed cases with an outcome record appear; only public fields leave
// (county-level place, dates never times, finding, actions, public summary).

type M = typeof import("../../app/lib/db.server") &
  typeof import("../../app/services/file-tip.server") &
  typeof import("../../app/services/published-outcomes.server") & {
    page: typeof import("../../app/routes/outcomes");
    atom: typeof import("../../app/routes/outcomes[.]atom");
    dictionary: typeof import("../../app/routes/open-data");
    csv: typeof import("../../app/routes/open-data.outcomes[.csv]");
    json: typeof import("../../app/routes/open-data.outcomes[.json]");
  };
let m: M;

const RUN = randomBytes(4).toString("hex");
const MARKER = `PUBOUT-${RUN}`;
const PHONE = `138${String(Date.now()).slice(-8)}`;
const EMAIL = `pub-${RUN}@example.org`;
const CONTACT_NAME = `王五${RUN}`;
const COMPANY = `公开测试${RUN}化工有限公司`;
const ORIGIN = "http://canary.test";
// A year of this run's own, so filters and counts see only this file's cases.
const Y = String(2100 + Math.floor(Math.random() * 800));
const LATEST = "2999-12-31";
const NEXT_Y = String(Number(Y) + 1);

type Json = any;
const seen: { url: string; body: string }[] = [];
const refs: Record<string, string> = {};
const bulk: string[] = [];

async function get(route: { loader: (args: any) => unknown }, path: string) {
  const request = new Request(ORIGIN + path);
  const res = (await route.loader({ request, params: {}, context: {} })) as Response;
  expect(res).toBeInstanceOf(Response);
  const text = await res.text();
  seen.push({ url: path, body: text });
  return { status: res.status, text, type: res.headers.get("content-type") ?? "" };
}
const page = async (query = "", lang?: "en") => {
  // A page, not a download: its loader answers with data(), read as the page receives it.
  const headers = lang ? { cookie: `lang=${lang}` } : undefined;
  const r = await settle(async () => m.page.loader({ request: new Request(`${ORIGIN}/outcomes${query}`, { headers }), params: {}, context: { clientAddress: "203.0.113.7" } }));
  expect(r.status).toBe(200);
  expect(r.headers.get("cache-control")).toBe("public, max-age=60");
  seen.push({ url: `/outcomes${query}`, body: JSON.stringify(r.data) });
  return r.data as { items: Json[]; next: string | null; filter: Json };
};
const mine = (items: Json[]) => items.filter((o) => Object.values(refs).includes(o.reference) || bulk.includes(o.reference));

async function file(key: string, sector: string, placeCode: string, update: Record<string, unknown>, outcome?: Record<string, unknown>) {
  const filed = await m.fileTip({
    submissionId: randomBytes(16).toString("base64url"),
    channel: "web",
    captcha: "not_required",
    files: [],
    tip: {
      sectorCode: sector,
      placeCode,
      companyName: COMPANY,
      content: { description: `${MARKER}-${key} 凌晨三点偷排废水，厂区北门向东200米。`, address: `${MARKER} 北门 30.2741,120.1551` },
      contact: { name: CONTACT_NAME, phone: PHONE, email: EMAIL },
      majorHazard: false,
      concealedAccident: false,
      officialsImplicated: false,
      tipsterWorksThere: false,
    },
  });
  const sql = m.sqlClient();
  await sql`update tips set ${sql({ submitted_on: `${Y}-01-02`, ...update })} where reference = ${filed.reference}`;
  if (outcome) {
    const [tip] = await sql`select id from tips where reference = ${filed.reference}`;
    await sql`insert into case_outcomes ${sql({ tip_id: tip!.id, finding: "substantiated", public_summary_zh: `${key} 摘要 ${RUN}`, ...outcome })}`;
  }
  return filed.reference;
}

beforeAll(async () => {
  m = {
    ...(await import("../../app/lib/db.server")),
    ...(await import("../../app/services/file-tip.server")),
    ...(await import("../../app/services/published-outcomes.server")),
    page: await import("../../app/routes/outcomes"),
    atom: await import("../../app/routes/outcomes[.]atom"),
    dictionary: await import("../../app/routes/open-data"),
    csv: await import("../../app/routes/open-data.outcomes[.csv]"),
    json: await import("../../app/routes/open-data.outcomes[.json]"),
  };
  refs.fined = await file(
    "fined",
    "hazardous_waste",
    "330106",
    { state: "closed", concluded_on: `${Y}-05-01`, closed_on: `${Y}-05-10` },
    { rectification_ordered: true, rectification_due_on: `${Y}-06-30`, fine_cny: 200000, suspension: true, admonitory_talk: true, officials_held_accountable: 2, public_summary_zh: `经核查属实，已责令停产整改并处罚款二十万元。${RUN}`, public_summary_en: `Substantiated; suspended and fined CNY 200,000. ${RUN}` },
  );
  refs.partly = await file("partly", "pollution", "330108", { state: "closed", concluded_on: `${Y}-02-20`, closed_on: `${Y}-03-01` }, { finding: "partly_substantiated" });
  refs.ningbo = await file("ningbo", "fire_safety", "330203", { state: "closed", concluded_on: `${Y}-06-25`, closed_on: `${Y}-07-01` }, { finding: "unsubstantiated" });
  // Never published: a concluded (open) case with an outcome, and a rejected tip.
  refs.open = await file("open", "hazardous_waste", "330106", { state: "concluded", concluded_on: `${Y}-05-02`, closed_on: `${Y}-05-11` }, { public_summary_zh: `OPEN-NOT-PUBLISHED-${RUN}` });
  refs.rejected = await file("rejected", "hazardous_waste", "330106", { state: "rejected", closed_on: `${Y}-05-12` }, { public_summary_zh: `REJECTED-NOT-PUBLISHED-${RUN}` });
  // The newest of all, with characters XML must escape.
  refs.latest = await file("latest", "pollution", "330106", { state: "closed", concluded_on: LATEST, closed_on: LATEST }, { public_summary_zh: `最新结果 <已整改> & "罚款" ${RUN}`, public_summary_en: `Latest <rectified> & 'fined' ${RUN}` });
  // A year later (outside PERIOD): a summary with every character CSV must quote (comma, quote, CR, LF).
  refs.tricky = await file("tricky", "pollution", "330203", { state: "closed", concluded_on: null, closed_on: `${NEXT_Y}-03-03` }, { public_summary_zh: `经查属实，"罚款"五万元, 已整改\r\n第二行\n第三行 ${RUN}`, public_summary_en: `Fined "CNY 50,000", rectified;\nline two ${RUN}`, fine_cny: 50000 });
  // 51 more on one day: more than a page, and a keyset tie on closed_on.
  for (let i = 0; i < 51; i++) bulk.push(await file(`bulk${i}`, "pollution", "330106", { state: "closed", concluded_on: `${Y}-01-10`, closed_on: `${Y}-01-15` }, {}));
}, 300_000);

afterAll(async () => {
  await m?.closeDb();
});

const PERIOD = `from=${Y}-01-01&to=${Y}-12-31`;

describe("published outcomes", () => {
  it("lists closed cases only, newest closure first, with public fields and actions", async () => {
    const p = await page(`?${PERIOD}&sector=hazardous_waste`);
    expect(mine(p.items).map((o) => o.reference)).toEqual([refs.fined]);
    // The service's record: every public field, in both languages (the downloads and the feed).
    const listed = await m.listPublishedOutcomes(m.parseOutcomeFilter(new URLSearchParams(`${PERIOD}&sector=hazardous_waste`)));
    const o = listed.items.find((x) => x.reference === refs.fined)!;
    expect(o).toMatchObject({
      reference: refs.fined,
      sector: { code: "hazardous_waste" },
      place: { code: "330106" },
      submittedOn: `${Y}-01-02`,
      concludedOn: `${Y}-05-01`,
      closedOn: `${Y}-05-10`,
      finding: "substantiated",
      actions: { rectificationOrdered: true, rectificationDueOn: `${Y}-06-30`, fineCny: 200000, suspension: true, closure: false, criminalReferral: false, officialsHeldAccountable: 2, admonitoryTalk: true },
      summaryEn: `Substantiated; suspended and fined CNY 200,000. ${RUN}`,
    });
    expect(o.place.pathZh).toContain("西湖区");
    expect(o.place.pathZh).toContain("杭州");
    expect(o.place.pathEn).toMatch(/Xihu/i);
    expect(o.sector.nameZh).toBeTruthy();
    expect(o.sector.nameEn).toBeTruthy();
    expect(Object.keys(o).sort()).toEqual(["actions", "closedOn", "concludedOn", "finding", "place", "reference", "sector", "seq", "submittedOn", "summaryEn", "summaryZh"]);
    // The page's: the reader's language only (the cookie), no keyset position.
    const zh = mine(p.items)[0];
    expect(Object.keys(zh).sort()).toEqual(["actions", "closedOn", "concludedOn", "finding", "place", "reference", "sector", "submittedOn", "summary"]);
    expect(zh).toMatchObject({ place: o.place.pathZh, sector: o.sector.nameZh, summary: { text: o.summaryZh, lang: "zh-CN" }, actions: o.actions });
    const en = mine((await page(`?${PERIOD}&sector=hazardous_waste`, "en")).items)[0];
    expect(en).toMatchObject({ place: o.place.pathEn, sector: o.sector.nameEn, summary: { text: o.summaryEn, lang: "en" } });
  });

  it("filters by place at any level (a code range), finding and period", async () => {
    const refsOf = async (q: string) => mine((await page(`?${PERIOD}&${q}`)).items).map((o) => o.reference);
    expect(await refsOf("place=330203")).toEqual([refs.ningbo]);
    expect(await refsOf("place=330200")).toEqual([refs.ningbo]);
    expect(await refsOf("place=330108")).toEqual([refs.partly]);
    const zj = await refsOf("place=330000&finding=substantiated");
    expect(zj).toContain(refs.fined);
    expect(zj).not.toContain(refs.partly);
    expect(await refsOf("finding=partly_substantiated")).toEqual([refs.partly]);
    expect(await refsOf("finding=unsubstantiated")).toEqual([refs.ningbo]);
    expect(mine((await page(`?from=${Y}-02-01&to=${Y}-06-30`)).items).map((o) => o.reference)).toEqual([refs.fined, refs.partly]);
    const hz = (await page(`?${PERIOD}&place=330100&sector=pollution`)).items;
    expect(mine(hz).some((o) => o.reference === refs.ningbo)).toBe(false);
  });

  it("filters by the place picker's province, city and county, dropping a choice left behind by a changed province", async () => {
    const refsOf = async (q: string) => mine((await page(`?${PERIOD}&${q}`)).items).map((o) => o.reference);
    expect(await refsOf("province=330000&city=330200")).toEqual([refs.ningbo]);
    expect(await refsOf("province=330000&city=330100&county=330108")).toEqual([refs.partly]);
    // The county is not in the city chosen (JavaScript off, the lists not updated): the city counts.
    const hz = await refsOf("province=330000&city=330100&county=330203");
    expect(hz).toContain(refs.fined);
    expect(hz).not.toContain(refs.ningbo);
    expect(await refsOf("province=610000&city=330200&county=330203")).toEqual([]);
    // The picker shows the place filtered by: its province's cities and its city's counties.
    const p = (await page(`?${PERIOD}&place=330203`)) as Json;
    expect(p.choice).toEqual({ province: "330000", city: "330200", county: "330203" });
    expect(p.places.cities.map((c: Json) => c.code)).toContain("330200");
    expect(p.places.counties.map((c: Json) => c.code)).toContain("330203");
  });

  it("pages by keyset (50 per page, closed_on desc then reference desc), keeping the filters", async () => {
    const p1 = await page(`?${PERIOD}`);
    expect(p1.items).toHaveLength(50);
    expect(p1.next).toBeTruthy();
    const p2 = await page(`?${PERIOD}&after=${encodeURIComponent(p1.next!)}`);
    expect(p2.next).toBeNull();
    const all = [...p1.items, ...p2.items];
    expect(all).toHaveLength(54); // fined, partly, ningbo + 51 on one day
    expect(new Set(all.map((o) => o.reference)).size).toBe(54);
    expect(all.map((o) => o.reference).sort()).toEqual([refs.fined, refs.partly, refs.ningbo, ...bulk].sort());
    expect(all.slice(0, 3).map((o) => o.reference)).toEqual([refs.ningbo, refs.fined, refs.partly]);
    // Within the day, the larger reference first (references are random, not in filing order: docs/decisions/015).
    expect(all.slice(3).map((o) => o.reference)).toEqual([...bulk].sort().reverse());
  });

  it("never shows an open or a rejected case", async () => {
    const p = await page(`?${PERIOD}&sector=hazardous_waste&place=330106`);
    const r = p.items.map((o) => o.reference);
    expect(r).not.toContain(refs.open);
    expect(r).not.toContain(refs.rejected);
  });

  it("Atom feed: valid, escaped, newest first, summary included", async () => {
    const r = await get(m.atom, "/outcomes.atom");
    expect(r.status).toBe(200);
    expect(r.type).toContain("application/atom+xml");
    expect(r.text.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    expect(r.text).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    const entries = [...r.text.matchAll(/<entry>([\s\S]*?)<\/entry>/g)].map((x) => x[1]!);
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.length).toBeLessThanOrEqual(50);
    const first = entries[0]!;
    expect(first).toContain(`<id>urn:canary:outcome:${refs.latest}</id>`);
    expect(first).toContain(`<updated>${LATEST}T00:00:00Z</updated>`);
    expect(first).toMatch(new RegExp(`<title>${refs.latest} [^<]+</title>`));
    expect(first).toContain(`最新结果 &lt;已整改&gt; &amp; &quot;罚款&quot; ${RUN}`);
    expect(first).toContain(`Latest &lt;rectified&gt; &amp; &apos;fined&apos; ${RUN}`);
    // Each entry reads as the page: place, the finding and only the measures taken, money in words.
    const tricky = entries.find((e) => e.includes(refs.tricky!))!;
    expect(tricky).toContain("宁波市");
    expect(tricky).toContain("属实：罚款 50,000 元");
    expect(tricky).toContain("Substantiated: Fine of CNY 50,000");
    expect(first).toMatch(/<content type="text">[^<]*\n属实\n/);
    expect(r.text).not.toMatch(/：否|: No\b|CNY<|50000 CNY/);
    expect(r.text).not.toContain(refs.open);
    expect(r.text).not.toContain(refs.rejected);
    // Tiny well-formedness check: no bare "<" or "&" inside text, and tags balance.
    const body = r.text.replace(/^<\?xml[^>]*\?>\s*/, "");
    expect(body).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;)/);
    const stack: string[] = [];
    for (const t of body.matchAll(/<(\/?)([A-Za-z][\w:.-]*)([^<>]*?)(\/?)>/g)) {
      if (t[4]) continue;
      if (t[1]) expect(stack.pop()).toBe(t[2]);
      else stack.push(t[2]!);
    }
    expect(stack).toEqual([]);
    expect(body.replace(/<[^<>]*>/g, "")).not.toMatch(/[<>]/);
  });

  it("open-data page documents every download column and a licence", async () => {
    const data = await m.dictionary.loader({ request: new Request(`${ORIGIN}/open-data`), params: {}, context: { clientAddress: "203.0.113.7" } });
    expect(data.columns.map((c) => c.name)).toEqual(m.OPEN_DATA_COLUMN_NAMES);
    for (const c of data.columns) {
      expect(c.name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(c.type && c.zh && c.en).toBeTruthy();
    }
    expect(data.licence.name).toBe("CC BY 4.0");
  });

  it("CSV and JSON downloads: documented columns, same rows, closed cases only, UTF-8", async () => {
    const csv = await get(m.csv, "/open-data/outcomes.csv");
    expect(csv.status).toBe(200);
    expect(csv.type).toBe("text/csv; charset=utf-8");
    const text = csv.text.replace(/^\uFEFF/, "");
    const header = text.split(/\r?\n/, 1)[0]!;
    expect(header.split(",")).toEqual(m.OPEN_DATA_COLUMN_NAMES);
    expect(text).toContain(`经核查属实，已责令停产整改并处罚款二十万元。${RUN}`);

    const json = await get(m.json, "/open-data/outcomes.json");
    expect(json.status).toBe(200);
    expect(json.type).toContain("application/json");
    const rows = JSON.parse(json.text) as Json[];
    expect(Array.isArray(rows)).toBe(true);
    for (const row of rows) expect(Object.keys(row)).toEqual(m.OPEN_DATA_COLUMN_NAMES);
    const jsonRefs = rows.map((r) => r.reference as string);
    const csvRefs = [...text.matchAll(/^([A-Z]+\d{4}-\d+),/gm)].map((x) => x[1]!);
    expect(csvRefs.length).toBe(rows.length);
    expect(new Set(csvRefs)).toEqual(new Set(jsonRefs));
    for (const r of [refs.fined, refs.partly, refs.ningbo, refs.latest, ...bulk]) expect(jsonRefs).toContain(r);
    expect(jsonRefs).not.toContain(refs.open);
    expect(jsonRefs).not.toContain(refs.rejected);
    const fined = rows.find((r) => r.reference === refs.fined);
    expect(fined).toMatchObject({ fine_cny: 200000, suspension: true, closure: false, finding: "substantiated", place_code: "330106", closed_on: `${Y}-05-10`, rectification_due_on: `${Y}-06-30`, officials_held_accountable: 2 });
    expect(csv.text).toMatch(new RegExp(`^${refs.fined},hazardous_waste,.*,true,${Y}-06-30,200000,true,false,false,2,true,`, "m"));
  });

  it("the downloads are the same whatever the batch size: every record once, in order, one header; a filter with nothing is a header (CSV) or [] (JSON)", async () => {
    // Decoded keeping a byte order mark (Response.text() drops it).
    const text = async (stream: ReadableStream<Uint8Array>) => new TextDecoder("utf-8", { ignoreBOM: true }).decode(await new Response(stream).arrayBuffer());
    const f = { from: `${Y}-01-01`, to: `${Y}-12-31` };
    const batches: number[] = [];
    for await (const rows of m.publishedOutcomeBatches(f, 7)) batches.push(rows.length);
    expect(batches).toEqual([7, 7, 7, 7, 7, 7, 7, 5]); // 54 records
    const csvWhole = await text(m.publishedOutcomesCsv(f));
    const csvSmall = await text(m.publishedOutcomesCsv(f, 7));
    expect(csvSmall).toBe(csvWhole);
    expect(csvWhole.startsWith("\uFEFFreference,")).toBe(true);
    const lines = csvWhole.slice(1).trimEnd().split("\n");
    expect(lines).toHaveLength(1 + 54);
    expect(lines[0]!.split(",")).toEqual(m.OPEN_DATA_COLUMN_NAMES);
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual([refs.ningbo, refs.fined, refs.partly, ...[...bulk].sort().reverse()]);
    const jsonSmall = await text(m.publishedOutcomesJson(f, 7));
    expect(jsonSmall).toBe(await text(m.publishedOutcomesJson(f)));
    expect((JSON.parse(jsonSmall) as Json[]).map((r) => r.reference)).toEqual(lines.slice(1).map((l) => l.split(",")[0]));

    const none = { from: "1900-01-01", to: "1900-12-31" };
    expect(await text(m.publishedOutcomesCsv(none, 7))).toBe(`\uFEFF${m.OPEN_DATA_COLUMN_NAMES.join(",")}\n`);
    expect(JSON.parse(await text(m.publishedOutcomesJson(none, 7)))).toEqual([]);
  });

  it("the CSV, read by a CSV parser, holds exactly the JSON's records: quoting, empty fields, booleans, dates", async () => {
    const bytes = async (stream: ReadableStream<Uint8Array>) => Buffer.from(await new Response(stream).arrayBuffer());
    const f = { from: `${Y}-01-01`, to: `${NEXT_Y}-12-31` };
    const records = parseCsv(await bytes(m.publishedOutcomesCsv(f, 10)), { bom: true, columns: true }) as Record<string, string>[];
    const json = JSON.parse((await bytes(m.publishedOutcomesJson(f, 10))).toString("utf8")) as Record<string, unknown>[];
    expect(json).toHaveLength(55);
    const asCsv = (v: unknown) => (v === null ? "" : String(v));
    expect(records).toEqual(json.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, asCsv(v)]))));
    const tricky = records.find((r) => r.reference === refs.tricky)!;
    expect(tricky).toMatchObject({
      public_summary_zh: `经查属实，"罚款"五万元, 已整改\r\n第二行\n第三行 ${RUN}`,
      public_summary_en: `Fined "CNY 50,000", rectified;\nline two ${RUN}`,
      concluded_on: "",
      fine_cny: "50000",
      closed_on: `${NEXT_Y}-03-03`,
      suspension: "false",
      place_code: "330203",
    });
    expect(tricky.place_name_en).toMatch(/^[^,]+, Ningbo[^,]*, Zhejiang/);
    expect(tricky.place_name_zh).toMatch(/^浙江省宁波市.+区$/);
  });

  it("no response leaks the tip text, company, contact, unpublished summaries or a time of day", () => {
    expect(seen.length).toBeGreaterThanOrEqual(10);
    for (const { url, body } of seen) {
      for (const secret of [MARKER, COMPANY, PHONE, EMAIL, CONTACT_NAME, "30.2741", `OPEN-NOT-PUBLISHED-${RUN}`, `REJECTED-NOT-PUBLISHED-${RUN}`]) {
        expect(body.includes(secret), `${url} contains ${secret}`).toBe(false);
      }
      expect(body.replaceAll("T00:00:00Z", ""), url).not.toMatch(/\b\d{1,2}:\d{2}(:\d{2})?\b/);
    }
  });
});
