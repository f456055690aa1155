import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Open311 GeoReport v2, the read side: discovery, services (JSON/XML), service definitions,
// GET requests with the spec's filters, requests/{id}, tokens/{token}, error bodies — and that
// nothing but public fields (dates, never times; county-level address; public summary) leaves.

type M = typeof import("../../app/lib/db.server") &
  typeof import("../../app/lib/env.server") &
  typeof import("../../app/services/file-tip.server") &
  typeof import("../../app/services/open311-read.server") &
  typeof import("../../app/domain/working-days") & {
    requestsJson: typeof import("../../app/routes/open311.v2.requests[.json]");
    requestsXml: typeof import("../../app/routes/open311.v2.requests[.xml]");
    requestById: typeof import("../../app/routes/open311.v2.requests.$id");
    token: typeof import("../../app/routes/open311.v2.tokens.$token");
    servicesJson: typeof import("../../app/routes/open311.v2.services[.json]");
    servicesXml: typeof import("../../app/routes/open311.v2.services[.xml]");
    serviceDef: typeof import("../../app/routes/open311.v2.services.$code");
    discoveryJson: typeof import("../../app/routes/open311.v2.discovery[.json]");
    discoveryXml: typeof import("../../app/routes/open311.v2.discovery[.xml]");
  };
let m: M;

const RUN = randomBytes(4).toString("hex");
const MARKER = `O311READ-${RUN}`;
const PHONE = `139${String(Date.now()).slice(-8)}`;
const EMAIL = `read-${RUN}@example.org`;
const COMPANY = `读侧测试${RUN}化工有限公司`;
const SUMMARY = `经核查，举报属实，已责令停产整改并处罚款。${RUN}`;
const ORIGIN = "http://canary.test";

type Json = any;
/** Every body any endpoint answered, for the leak checks at the end. */
const seen: { url: string; body: string }[] = [];
const receipts: string[] = [];

async function get(route: { loader: (args: any) => unknown }, path: string, params: Record<string, string> = {}) {
  const request = new Request(ORIGIN + path);
  const res = (await route.loader({ request, params, context: {} })) as Response;
  expect(res).toBeInstanceOf(Response);
  const text = await res.text();
  seen.push({ url: path, body: text });
  return { status: res.status, text, type: res.headers.get("content-type") ?? "", headers: res.headers };
}
const getJson = async (route: { loader: (args: any) => unknown }, path: string, params: Record<string, string> = {}) => {
  const r = await get(route, path, params);
  expect(r.type).toContain("application/json");
  return { ...r, body: JSON.parse(r.text) as Json };
};
const search = (query = "") => getJson(m.requestsJson, `/open311/v2/requests.json${query}`);
const searchXml = (query = "") => get(m.requestsXml, `/open311/v2/requests.xml${query}`);
const byId = (idWithExt: string) => get(m.requestById, `/open311/v2/requests/${idWithExt}`, { id: idWithExt });

/** The child elements of each <tag>…</tag> block (the serializer writes no attributes). */
function xmlBlocks(xml: string, tag: string): Record<string, string | null>[] {
  return [...xml.matchAll(new RegExp(`<${tag}>(.*?)</${tag}>`, "gs"))].map(([, inner]) => {
    const fields: Record<string, string | null> = {};
    for (const f of inner!.matchAll(/<([a-z_]+)(?:\/>|>(.*?)<\/\1>)/gs)) fields[f[1]!] = f[2] === undefined ? null : f[2]!;
    return fields;
  });
}

type Case = { reference: string; token: string };
const cases: Record<string, Case> = {};
let agency: { id: string; name_zh: string };
let today: string;

async function file(key: string, sector: string, placeCode: string, submittedOn: string, update: Record<string, unknown> = {}) {
  const filed = await m.fileTip({
    submissionId: randomBytes(16).toString("base64url"),
    channel: "open311",
    captcha: "not_required",
    files: [],
    tip: {
      sectorCode: sector,
      placeCode,
      companyName: COMPANY,
      content: { description: `${MARKER}-${key} 夜间偷排含油废水，厂区北门向东200米。`, address: `${MARKER} 北门东侧 30.2741,120.1551` },
      contact: { name: "李四", phone: PHONE, email: EMAIL },
      majorHazard: false,
      concealedAccident: false,
      officialsImplicated: false,
      tipsterWorksThere: false,
    },
  });
  receipts.push(filed.receipt!);
  const sql = m.sqlClient();
  await sql`update tips set ${sql({ submitted_on: submittedOn, ...update })} where reference = ${filed.reference}`;
  cases[key] = { reference: filed.reference, token: filed.token };
  return filed;
}

beforeAll(async () => {
  m = {
    ...(await import("../../app/lib/db.server")),
    ...(await import("../../app/lib/env.server")),
    ...(await import("../../app/services/file-tip.server")),
    ...(await import("../../app/services/open311-read.server")),
    ...(await import("../../app/domain/working-days")),
    requestsJson: await import("../../app/routes/open311.v2.requests[.json]"),
    requestsXml: await import("../../app/routes/open311.v2.requests[.xml]"),
    requestById: await import("../../app/routes/open311.v2.requests.$id"),
    token: await import("../../app/routes/open311.v2.tokens.$token"),
    servicesJson: await import("../../app/routes/open311.v2.services[.json]"),
    servicesXml: await import("../../app/routes/open311.v2.services[.xml]"),
    serviceDef: await import("../../app/routes/open311.v2.services.$code"),
    discoveryJson: await import("../../app/routes/open311.v2.discovery[.json]"),
    discoveryXml: await import("../../app/routes/open311.v2.discovery[.xml]"),
  };
  const sql = m.sqlClient();
  [agency] = (await sql`select id, name_zh from agencies where place_code = '330106' order by name_zh limit 1`) as unknown as [{ id: string; name_zh: string }];
  expect(agency).toBeDefined();
  today = m.localDate(new Date(), m.env().timeZone);

  // A year of its own (1999), so the filters see only this file's cases.
  await file("closed", "hazardous_waste", "330106", "1999-03-10", { state: "closed", agency_id: agency.id, assigned_on: "1999-03-11", accepted_on: "1999-03-12", concluded_on: "1999-04-10", closed_on: "1999-04-20", due_on: null });
  await file("assigned", "pollution", "330106", "1999-03-12", { state: "assigned", agency_id: agency.id, assigned_on: "1999-03-13", due_on: "1999-03-18" });
  await file("submitted", "fire_safety", "330100", "1999-03-15", { due_on: "1999-03-17" });
  await file("merged", "hazardous_waste", "330106", "1999-03-16", { state: "merged", due_on: null });
  await file("rejected", "pollution", "330000", "1999-03-17", { state: "rejected", rejection_reason: "out_of_scope", due_on: null });
  await file("reopened", "hazardous_waste", "330106", "1999-03-18", { state: "reopened", agency_id: agency.id, closed_on: "1999-04-01", due_on: "1999-04-05" });
  // Municipality: the "市辖区" level is not part of the address.
  await file("beijing", "fire_safety", "110101", "1999-03-19");
  for (const key of ["closed", "reopened"]) {
    await sql`insert into case_outcomes (tip_id, finding, public_summary_zh, public_summary_en)
      select id, 'substantiated', ${SUMMARY}, 'Substantiated; production suspended and fined.' from tips where reference = ${cases[key]!.reference}`;
  }
  // The default window: 89 days ago is in, 91 days ago is out.
  await file("recent", "pollution", "330106", m.addDays(today, -89));
  await file("old", "pollution", "330106", m.addDays(today, -91));
});

afterAll(async () => {
  delete process.env.PUBLIC_URL;
  m?.resetEnvCache();
  await m?.closeDb();
});

const Y1999 = "?start_date=1999-03-01&end_date=1999-03-31";

describe("Open311 GeoReport v2 read side", () => {
  it("discovery.json and discovery.xml list the endpoint (request origin, or PUBLIC_URL) and both formats", async () => {
    const j = await getJson(m.discoveryJson, "/open311/v2/discovery.json");
    expect(j.status).toBe(200);
    expect(j.body.changeset).toBeTruthy();
    expect(j.body.contact).toBeTruthy();
    expect(j.body.endpoints).toHaveLength(1);
    expect(j.body.endpoints[0]).toMatchObject({ specification: "http://wiki.open311.org/GeoReport_v2", url: `${ORIGIN}/open311/v2`, type: "production" });
    expect(j.body.endpoints[0].formats).toEqual(["application/json", "text/xml"]);

    process.env.PUBLIC_URL = "https://hotline.example.gov.cn/";
    m.resetEnvCache();
    try {
      const x = await get(m.discoveryXml, "/open311/v2/discovery.xml");
      expect(x.status).toBe(200);
      expect(x.type).toContain("application/xml");
      expect(x.text).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<discovery><changeset>/);
      expect(x.text).toContain("<url>https://hotline.example.gov.cn/open311/v2</url>");
      expect(x.text).toContain("<formats><format>application/json</format><format>text/xml</format></formats>");
      expect(x.text).toContain("<endpoints><endpoint><specification>");
    } finally {
      delete process.env.PUBLIC_URL;
      m.resetEnvCache();
    }
  });

  it("services.xml is the XML twin of services.json", async () => {
    const j = await getJson(m.servicesJson, "/open311/v2/services.json");
    const x = await get(m.servicesXml, "/open311/v2/services.xml");
    expect(x.status).toBe(200);
    expect(x.type).toContain("application/xml");
    const services = xmlBlocks(x.text, "service");
    expect(services).toHaveLength(22);
    expect(services.map((s) => s.service_code)).toEqual(j.body.map((s: Json) => s.service_code));
    const pollution = services.find((s) => s.service_code === "pollution")!;
    const pj = j.body.find((s: Json) => s.service_code === "pollution");
    expect(pollution).toEqual({ ...pj, metadata: "true" });
  });

  it("services/{code}.json|.xml is the service definition; an unknown code is a 404 error body", async () => {
    const j = await getJson(m.serviceDef, "/open311/v2/services/pollution.json", { code: "pollution.json" });
    expect(j.status).toBe(200);
    expect(j.body.service_code).toBe("pollution");
    expect(j.body.attributes).toHaveLength(2);
    expect(j.body.attributes[0]).toMatchObject({ variable: true, code: "region_code", datatype: "string", required: true, order: 1 });
    expect(j.body.attributes[1]).toMatchObject({ variable: true, code: "company_name", datatype: "string", required: false, order: 2 });

    const x = await get(m.serviceDef, "/open311/v2/services/pollution.xml", { code: "pollution.xml" });
    expect(x.status).toBe(200);
    expect(x.text).toContain("<service_definition><service_code>pollution</service_code><attributes><attribute>");
    const attrs = xmlBlocks(x.text, "attribute");
    expect(attrs.map((a) => [a.code, a.required, a.datatype])).toEqual([
      ["region_code", "true", "string"],
      ["company_name", "false", "string"],
    ]);

    const nj = await getJson(m.serviceDef, "/open311/v2/services/ufo.json", { code: "ufo.json" });
    expect(nj.status).toBe(404);
    expect(nj.body).toEqual([{ code: 404, description: expect.stringContaining("ufo") }]);
    const nx = await get(m.serviceDef, "/open311/v2/services/ufo.xml", { code: "ufo.xml" });
    expect(nx.status).toBe(404);
    expect(nx.text).toMatch(/<errors><error><code>404<\/code><description>[^<]*ufo[^<]*<\/description><\/error><\/errors>$/);
    const ext = await getJson(m.serviceDef, "/open311/v2/services/pollution.html", { code: "pollution.html" });
    expect(ext.status).toBe(404);
  });

  it("requests/{id}.json shows a closed case with only public fields: dates, county address, agency, public summary", async () => {
    const r = await byId(`${cases.closed!.reference}.json`);
    expect(r.status).toBe(200);
    const body = JSON.parse(r.text);
    expect(body).toEqual([
      {
        service_request_id: cases.closed!.reference,
        status: "closed",
        status_notes: null,
        service_name: expect.stringContaining("危险废物"),
        service_code: "hazardous_waste",
        description: SUMMARY,
        agency_responsible: agency.name_zh,
        service_notice: null,
        requested_datetime: "1999-03-10",
        updated_datetime: "1999-04-20",
        expected_datetime: null,
        address: "浙江省杭州市西湖区",
        address_id: null,
        zipcode: null,
      },
    ]);
    expect(Object.keys(body[0])).not.toContain("lat");
    expect(Object.keys(body[0])).not.toContain("long");
    expect(Object.keys(body[0])).not.toContain("media_url");
  });

  it("requests/{id}.xml gives the same request in XML", async () => {
    const r = await byId(`${cases.closed!.reference}.xml`);
    expect(r.status).toBe(200);
    expect(r.type).toContain("application/xml");
    expect(r.text).toMatch(/^<\?xml[^>]*>\n<service_requests><request><service_request_id>/);
    const [req] = xmlBlocks(r.text, "request");
    expect(req).toMatchObject({
      service_request_id: cases.closed!.reference,
      status: "closed",
      status_notes: null,
      description: SUMMARY,
      agency_responsible: agency.name_zh,
      requested_datetime: "1999-03-10",
      expected_datetime: null,
      address: "浙江省杭州市西湖区",
    });
  });

  it("open, merged, rejected and reopened cases: status and description as documented", async () => {
    const one = async (key: string) => JSON.parse((await byId(`${cases[key]!.reference}.json`)).text)[0];
    expect(await one("assigned")).toMatchObject({ status: "open", description: null, agency_responsible: agency.name_zh, expected_datetime: "1999-03-18", updated_datetime: "1999-03-13", service_code: "pollution" });
    expect(await one("submitted")).toMatchObject({ status: "open", description: null, agency_responsible: null, expected_datetime: "1999-03-17", address: "浙江省杭州市" });
    // Merged and rejected tips are listed as closed, with no description and no deadline.
    expect(await one("merged")).toMatchObject({ status: "closed", description: null, expected_datetime: null });
    expect(await one("rejected")).toMatchObject({ status: "closed", description: null, address: "浙江省" });
    // Reopened: open again; the earlier summary is not shown while the case is open.
    expect(await one("reopened")).toMatchObject({ status: "open", description: null, expected_datetime: "1999-04-05" });
    expect((await one("beijing")).address).toBe("北京市东城区");
  });

  it("requests/{id} of an unknown id or extension is a 404 error body", async () => {
    const j = await byId("JB1999-9999999.json");
    expect(j.status).toBe(404);
    expect(JSON.parse(j.text)).toEqual([{ code: 404, description: expect.stringContaining("JB1999-9999999") }]);
    const x = await byId("JB1999-9999999.xml");
    expect(x.status).toBe(404);
    expect(x.text).toContain("<errors><error><code>404</code>");
    expect((await byId(`${cases.closed!.reference}.csv`)).status).toBe(404);
    expect((await byId(`${cases.closed!.reference}`)).status).toBe(404);
  });

  it("tokens/{token}.json|.xml answer [{token, service_request_id}]; unknown or malformed tokens are 404", async () => {
    const { token, reference } = cases.submitted!;
    const j = await getJson(m.token, `/open311/v2/tokens/${token}.json`, { token: `${token}.json` });
    expect(j.status).toBe(200);
    expect(j.body).toEqual([{ token, service_request_id: reference }]);
    const x = await get(m.token, `/open311/v2/tokens/${token}.xml`, { token: `${token}.xml` });
    expect(x.status).toBe(200);
    expect(xmlBlocks(x.text, "request")).toEqual([{ token, service_request_id: reference }]);
    const unknown = "00000000-0000-4000-8000-000000000000";
    const u = await getJson(m.token, `/open311/v2/tokens/${unknown}.json`, { token: `${unknown}.json` });
    expect(u.status).toBe(404);
    expect(u.body).toEqual([{ code: 404, description: "token not found" }]);
    const bad = await get(m.token, "/open311/v2/tokens/not-a-token.xml", { token: "not-a-token.xml" });
    expect(bad.status).toBe(404);
    expect(bad.text).toContain("<errors><error><code>404</code><description>token not found</description></error></errors>");
  });

  it("GET requests.json: a date range lists the cases in it, newest first", async () => {
    const r = await search(Y1999);
    expect(r.status).toBe(200);
    expect(r.headers.get("access-control-allow-origin")).toBe("*");
    expect(r.body.map((x: Json) => x.service_request_id)).toEqual(["beijing", "reopened", "rejected", "merged", "submitted", "assigned", "closed"].map((k) => cases[k]!.reference));
    const narrow = await search("?start_date=1999-03-12&end_date=1999-03-16");
    expect(narrow.body.map((x: Json) => x.service_request_id)).toEqual(["merged", "submitted", "assigned"].map((k) => cases[k]!.reference));
    // W3C datetimes are read as dates in the deployment's time zone (Asia/Shanghai).
    const dt = await search("?start_date=1999-03-11T16:30:00Z&end_date=1999-03-16T23:59:59%2B08:00");
    expect(dt.status).toBe(200);
    expect(dt.body.map((x: Json) => x.service_request_id)).toEqual(["merged", "submitted", "assigned"].map((k) => cases[k]!.reference));
  });

  it("GET requests.xml lists the same requests", async () => {
    const j = await search(Y1999);
    const x = await searchXml(Y1999);
    expect(x.status).toBe(200);
    expect(x.type).toContain("application/xml");
    const reqs = xmlBlocks(x.text, "request");
    expect(reqs.map((r) => r.service_request_id)).toEqual(j.body.map((r: Json) => r.service_request_id));
    expect(reqs.find((r) => r.service_request_id === cases.closed!.reference)!.description).toBe(SUMMARY);
  });

  it("filters by service_code (one or comma-separated) and status", async () => {
    const refs = async (q: string) => (await search(Y1999 + q)).body.map((x: Json) => x.service_request_id).sort();
    const ids = (...keys: string[]) => keys.map((k) => cases[k]!.reference).sort();
    expect(await refs("&service_code=hazardous_waste")).toEqual(ids("closed", "merged", "reopened"));
    expect(await refs("&service_code=fire_safety,pollution")).toEqual(ids("assigned", "submitted", "rejected", "beijing"));
    expect(await refs("&status=open")).toEqual(ids("assigned", "submitted", "reopened", "beijing"));
    expect(await refs("&status=closed")).toEqual(ids("closed", "merged", "rejected"));
    expect(await refs("&status=open,closed")).toHaveLength(7);
    expect(await refs("&status=closed&service_code=pollution")).toEqual(ids("rejected"));
    const x = await searchXml(Y1999 + "&status=open&service_code=pollution");
    expect(xmlBlocks(x.text, "request").map((r) => r.service_request_id)).toEqual(ids("assigned"));
  });

  it("service_request_id (comma-separated) overrides the other parameters", async () => {
    const q = `?service_request_id=${cases.closed!.reference},${cases.old!.reference},JB1999-9999999&status=open&service_code=fire_safety&start_date=nonsense`;
    const r = await search(q);
    expect(r.status).toBe(200);
    expect(r.body.map((x: Json) => x.service_request_id)).toEqual([cases.old!.reference, cases.closed!.reference]);
    const x = await searchXml(`?service_request_id=${cases.assigned!.reference}`);
    expect(xmlBlocks(x.text, "request").map((r) => r.status)).toEqual(["open"]);
  });

  it("without dates: the last 90 days of requested dates", async () => {
    const refs = (await search()).body.map((x: Json) => x.service_request_id);
    expect(refs).toContain(cases.recent!.reference);
    expect(refs).not.toContain(cases.old!.reference);
    expect(refs).not.toContain(cases.closed!.reference);
    // One date alone: 90 days from (or up to) it.
    const fromOnly = (await search("?start_date=1999-03-18")).body.map((x: Json) => x.service_request_id);
    expect(fromOnly).toEqual(["beijing", "reopened"].map((k) => cases[k]!.reference));
    const toOnly = (await search("?end_date=1999-03-12")).body.map((x: Json) => x.service_request_id);
    expect(toOnly).toEqual(["assigned", "closed"].map((k) => cases[k]!.reference));
    const old = (await search(`?end_date=${m.addDays(today, -90)}`)).body.map((x: Json) => x.service_request_id);
    expect(old).toContain(cases.old!.reference);
  });

  it("at most 1000 results (the spec's cap), newest first, with a smaller limit honoured", async () => {
    expect(m.MAX_RESULTS).toBe(1000);
    const two = await m.findRequests({ from: "1999-03-01", to: "1999-03-31" }, { limit: 2 });
    expect(two.map((r) => r.service_request_id)).toEqual(["beijing", "reopened"].map((k) => cases[k]!.reference));
    const capped = await m.findRequests({ from: "1999-03-01", to: "1999-03-31" }, { limit: 5000 });
    expect(capped).toHaveLength(7);
  });

  const badParams: [string, string, RegExp][] = [
    ["a malformed start_date", "?start_date=1999-3-1", /start_date/],
    ["an impossible start_date", "?start_date=1999-02-30", /start_date/],
    ["a malformed end_date", "?end_date=yesterday", /end_date/],
    ["a datetime without a zone", "?end_date=1999-03-10T10:00:00", /end_date/],
    ["end_date before start_date", "?start_date=1999-03-10&end_date=1999-03-01", /end_date is before start_date/],
    ["a range of more than 90 days", "?start_date=1999-01-01&end_date=1999-06-01", /90 days/],
    ["an unknown status", "?status=pending", /status/],
    ["an empty status", "?status=", /status/],
    ["an unknown service_code", "?service_code=ufo_sightings", /service_code.*ufo_sightings/],
    ["an unknown service_code among known ones", "?service_code=pollution,ufo", /service_code/],
    ["an empty service_request_id", "?service_request_id=", /service_request_id/],
  ];

  it.each(badParams)("refuses %s with 400 and a GeoReport error list, in JSON and in XML", async (_name, query, mentions) => {
    const j = await search(query);
    expect(j.status).toBe(400);
    expect(j.headers.get("cache-control")).toBe("no-store");
    expect(Array.isArray(j.body)).toBe(true);
    for (const e of j.body) expect(e).toEqual({ code: 400, description: expect.any(String) });
    expect(j.body.map((e: Json) => e.description).join("; ")).toMatch(mentions);
    const x = await searchXml(query);
    expect(x.status).toBe(400);
    expect(x.text).toMatch(/^<\?xml[^>]*>\n<errors>(<error><code>400<\/code><description>[^<]+<\/description><\/error>)+<\/errors>$/);
  });

  it("reports every bad parameter at once", async () => {
    const j = await search("?start_date=x&end_date=y&status=z&service_code=q");
    expect(j.status).toBe(400);
    expect(j.body).toHaveLength(4);
  });

  it("the XML serializer escapes markup", () => {
    expect(m.toXml("a", { b: `<x> & "y" 'z'`, c: null, d: undefined })).toBe(`<?xml version="1.0" encoding="utf-8"?>\n<a><b>&lt;x&gt; &amp; &quot;y&quot; &apos;z&apos;</b><c/></a>`);
  });

  it("no response carried the tip text, contact details, company, receipt, a time of day or coordinates", () => {
    expect(seen.length).toBeGreaterThan(30);
    const requestBodies = seen.filter((s) => !s.url.includes("discovery"));
    for (const { url, body } of seen) {
      expect(body, url).not.toContain(MARKER);
      expect(body, url).not.toContain("偷排含油废水");
      expect(body, url).not.toContain(PHONE);
      expect(body, url).not.toContain(EMAIL);
      expect(body, url).not.toContain("李四");
      expect(body, url).not.toContain(COMPANY);
      expect(body, url).not.toContain("30.2741");
      for (const receipt of receipts) expect(body, url).not.toContain(receipt);
      expect(body, url).not.toMatch(/"(lat|long|media_url)"|<(lat|long|media_url)[ >/]/);
    }
    for (const { url, body } of requestBodies) expect(body, url).not.toMatch(/\d{2}:\d{2}/);
  });
});
