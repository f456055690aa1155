import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

type M = {
  services: typeof import("../../app/routes/open311.v2.services[.json]");
  requests: typeof import("../../app/routes/open311.v2.requests[.json]");
  sqlClient: typeof import("../../app/lib/db.server").sqlClient;
  closeDb: typeof import("../../app/lib/db.server").closeDb;
  findTipByReceipt: typeof import("../../app/services/sign-in-with-receipt.server").findTipByReceipt;
  getTipForTipster: typeof import("../../app/services/get-tip-for-tipster.server").getTipForTipster;
};
let m: M;

beforeAll(async () => {
  m = {
    services: await import("../../app/routes/open311.v2.services[.json]"),
    requests: await import("../../app/routes/open311.v2.requests[.json]"),
    ...(await import("../../app/lib/db.server")),
    ...(await import("../../app/services/sign-in-with-receipt.server")),
    ...(await import("../../app/services/get-tip-for-tipster.server")),
  };
});
afterAll(async () => m?.closeDb());

const MARKER = "OPEN311-MARKER-" + randomBytes(6).toString("hex");
const DESCRIPTION = `${MARKER} Waste solvent drums are dumped behind the plant every night.`;
const ORIGIN = "http://canary.test";

/** A client address of its own for each request: machine submissions share the strict limit. */
let n = 0;
const freshAddress = () => `2001:db8:311:${randomBytes(2).toString("hex")}::${(++n).toString(16)}`;

type Json = any;

async function postRequest(params: Record<string, string> | string, contentType = "application/x-www-form-urlencoded") {
  const body = typeof params === "string" ? params : new URLSearchParams(params).toString();
  const request = new Request(`${ORIGIN}/open311/v2/requests.json`, { method: "POST", body, headers: { "content-type": contentType } });
  const res = (await m.requests.action({ request, context: { clientAddress: freshAddress() }, params: {} })) as Response;
  expect(res).toBeInstanceOf(Response);
  return { status: res.status, body: (await res.json()) as Json, headers: res.headers };
}

const valid = (overrides: Record<string, string | undefined> = {}): Record<string, string> =>
  Object.fromEntries(
    Object.entries({
      service_code: "hazardous_waste",
      description: DESCRIPTION,
      "attribute[region_code]": "330106",
      address_string: `${MARKER} 工业园区北门`,
      email: `o311-${randomBytes(3).toString("hex")}@example.org`,
      ...overrides,
    }).filter((e): e is [string, string] => e[1] !== undefined),
  );

describe("Open311 GeoReport v2", () => {
  it("services.json lists the 22 sectors as services", async () => {
    const res = (await m.services.loader()) as Response;
    expect(res.status).toBe(200);
    const services = (await res.json()) as { service_code: string; service_name: string }[];
    expect(services).toHaveLength(22);
    const codes = services.map((s) => s.service_code);
    expect(new Set(codes).size).toBe(22);
    for (const code of ["coal_mine", "hazardous_chemicals", "pollution", "hazardous_waste", "fire_safety", "tourism", "other"]) expect(codes).toContain(code);
    for (const s of services) expect(s.service_name).toBeTruthy();
    expect(services.find((s) => s.service_code === "pollution")!.service_name).toContain("污染");
  });

  it("POST requests.json files an anonymous tip and answers token, request id and a receipt that signs in", async () => {
    const res = await postRequest(valid());
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.body).toHaveLength(1);
    const [answer] = res.body as { token: string; service_request_id: string; receipt: string }[];
    expect(answer!.receipt).toMatch(/^\d{28}$/);
    expect(answer!.service_request_id).toMatch(/^JB\d{4}-[1-9]\d{7}$/);
    expect(answer!.token).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

    const found = await m.findTipByReceipt(answer!.receipt);
    expect(found).not.toBeNull();
    const [row] = await m.sqlClient()`select id, channel, token::text as token, sector_code, place_code from tips where reference = ${answer!.service_request_id}`;
    expect(row).toMatchObject({ id: found!.tipId, channel: "open311", token: answer!.token, sector_code: "hazardous_waste", place_code: "330106" });

    const view = await m.getTipForTipster(found!.tipId);
    expect(view!.content.description).toBe(DESCRIPTION);
    expect(view!.content.address).toContain("工业园区北门");

    // Stored encrypted, like a web tip.
    const [raw] = await m.sqlClient()`select t::text as row from tips t where id = ${found!.tipId}`;
    expect(String(raw!.row)).not.toContain(MARKER);
  });

  it("two identical POSTs are two tips with different receipts (no submission id on this channel)", async () => {
    const a = await postRequest(valid());
    const b = await postRequest(valid());
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(b.body[0].service_request_id).not.toBe(a.body[0].service_request_id);
    expect(b.body[0].receipt).not.toBe(a.body[0].receipt);
  });

  const errorCases: [string, Record<string, string> | (() => Promise<{ status: number; body: Json }>), RegExp][] = [
    ["an unknown service_code", valid({ service_code: "ufo_sightings" }), /service_code/],
    ["a missing service_code", valid({ service_code: undefined }), /service_code/],
    ["a missing description", valid({ description: undefined }), /description/],
    ["a too-short description", valid({ description: "too short" }), /description.*20/],
    ["a missing attribute[region_code]", valid({ "attribute[region_code]": undefined }), /region_code/],
    ["a malformed attribute[region_code]", valid({ "attribute[region_code]": "33010" }), /region_code/],
    ["an unknown attribute[region_code]", valid({ "attribute[region_code]": "999999" }), /region_code/],
    ["a JSON body", () => postRequest(JSON.stringify(valid()), "application/json"), /x-www-form-urlencoded/],
  ];

  it.each(errorCases)("refuses %s with a GeoReport error [{code: 400, description}]", async (_name, input, mentions) => {
    const before = await m.sqlClient()`select count(*)::int as n from tips where channel = 'open311'`;
    const res = typeof input === "function" ? await input() : await postRequest(input);
    expect(res.status).toBe(400);
    expect(Array.isArray(res.body)).toBe(true);
    expect(res.body.length).toBeGreaterThanOrEqual(1);
    for (const e of res.body) {
      expect(e.code).toBe(400);
      expect(typeof e.description).toBe("string");
    }
    expect(res.body.map((e: { description: string }) => e.description).join("; ")).toMatch(mentions);
    const after = await m.sqlClient()`select count(*)::int as n from tips where channel = 'open311'`;
    expect(after[0]!.n).toBe(before[0]!.n);
  });
});
