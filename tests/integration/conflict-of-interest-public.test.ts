import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { settle } from "../support/replies";

// Issue #10 item 6: a case whose tip implicates officials appears in no public output while it is
// open — Open311 searches (JSON, XML), requests/{id} (a 404 like an unknown id), the published
// outcomes, their feed and the open-data downloads — and appears once it is closed; a case
// without implication is listed as before. The file's database is its own (tests/support/env.ts),
// so the feed's newest entries and the searches see only this file's cases.

type Loader = { loader: (args: any) => unknown };
type M = typeof import("../../app/lib/db.server") &
  typeof import("../../app/services/file-tip.server") & {
    requestsJson: Loader;
    requestsXml: Loader;
    requestById: Loader;
    token: Loader;
    outcomes: Loader;
    atom: Loader;
    csv: Loader;
    json: Loader;
  };
let m: M;
const ORIGIN = "http://canary.test";
const sql = () => m.sqlClient();

beforeAll(async () => {
  m = {
    ...(await import("../../app/lib/db.server")),
    ...(await import("../../app/services/file-tip.server")),
    requestsJson: await import("../../app/routes/open311.v2.requests[.json]"),
    requestsXml: await import("../../app/routes/open311.v2.requests[.xml]"),
    requestById: await import("../../app/routes/open311.v2.requests.$id"),
    token: await import("../../app/routes/open311.v2.tokens.$token"),
    outcomes: await import("../../app/routes/outcomes"),
    atom: await import("../../app/routes/outcomes[.]atom"),
    csv: await import("../../app/routes/open-data.outcomes[.csv]"),
    json: await import("../../app/routes/open-data.outcomes[.json]"),
  };
});

afterAll(async () => {
  await m?.closeDb();
});

async function get(route: Loader, path: string, params: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const res = (await route.loader({ request: new Request(ORIGIN + path), params, context: {} })) as Response;
  return { status: res.status, text: await res.text() };
}

type Case = { id: string; reference: string; token: string };

/** A tip filed through Open311, then put by SQL where the test needs it (at the city bureau, investigating). */
async function file(implicatedLevel?: "county" | "city" | "province"): Promise<Case> {
  const filed = await m.fileTip({
    submissionId: randomBytes(16).toString("base64url"),
    channel: "open311",
    captcha: "not_required",
    files: [],
    tip: {
      sectorCode: "hazardous_chemicals",
      placeCode: "330106",
      content: { description: "储罐区可燃气体报警器被拆除，县应急局领导收钱包庇。" },
      majorHazard: false,
      concealedAccident: false,
      officialsImplicated: implicatedLevel !== undefined,
      implicatedLevel,
      tipsterWorksThere: false,
    },
  });
  const [row] = await sql()`
    update tips set state = 'investigating', submitted_on = '1997-03-10', assigned_on = '1997-03-11', accepted_on = '1997-03-12', due_on = '1997-05-10',
      agency_id = (select id from agencies where department_type = 'emergency_management' and place_code = '330100')
    where reference = ${filed.reference} returning id::text as id`;
  return { id: row!.id as string, reference: filed.reference, token: filed.token };
}

const WINDOW = "start_date=1997-03-01&end_date=1997-04-30";

/** Which of the references each public output shows. */
async function publicOutputs(refs: string[]) {
  const shows = (text: string) => refs.filter((r) => text.includes(r));
  const search = await get(m.requestsJson, `/open311/v2/requests.json?${WINDOW}`);
  const openOnly = await get(m.requestsJson, `/open311/v2/requests.json?${WINDOW}&status=open`);
  const byIds = await get(m.requestsJson, `/open311/v2/requests.json?service_request_id=${refs.join(",")}`);
  const xml = await get(m.requestsXml, `/open311/v2/requests.xml?${WINDOW}`);
  const lookups: string[] = [];
  for (const r of refs) if ((await get(m.requestById, `/open311/v2/requests/${r}.json`, { id: `${r}.json` })).status === 200) lookups.push(r);
  return {
    search: shows(search.text),
    openOnly: shows(openOnly.text),
    byIds: shows(byIds.text),
    xml: shows(xml.text),
    lookups,
    // A page, not a download: its loader answers with data(), read as the page receives it.
    outcomes: shows(JSON.stringify((await settle(async () => m.outcomes.loader({ request: new Request(ORIGIN + "/outcomes"), params: {}, context: {} }))).data)),
    atom: shows((await get(m.atom, "/outcomes.atom")).text),
    csv: shows((await get(m.csv, "/open-data/outcomes.csv")).text),
    json: shows((await get(m.json, "/open-data/outcomes.json")).text),
  };
}

describe("public outputs of a conflict-of-interest case (issue #10 item 6)", () => {
  it("an open implicated case is in no public listing or look-up; once closed it is; a plain open case is listed as before", async () => {
    const implicated = { county: await file("county"), city: await file("city"), province: await file("province") };
    const plain = await file();
    const all = [implicated.county, implicated.city, implicated.province, plain].map((c) => c.reference);
    // An outcome recorded (concluded, not yet closed) must not publish it either.
    for (const c of [implicated.county, plain]) {
      await sql()`insert into case_outcomes (tip_id, finding, public_summary_zh) values (${c.id}::uuid, 'substantiated', '经核查属实，已责令整改。')`;
    }
    await sql()`update tips set state = 'concluded', concluded_on = '1997-04-01' where id = ${implicated.county.id}::uuid`;

    const open = await publicOutputs(all);
    expect(open).toEqual({ search: [plain.reference], openOnly: [plain.reference], byIds: [plain.reference], xml: [plain.reference], lookups: [plain.reference], outcomes: [], atom: [], csv: [], json: [] });

    // requests/{id} of an open implicated case: the same 404 as an id that does not exist.
    const hidden = await get(m.requestById, `/open311/v2/requests/${implicated.city.reference}.json`, { id: `${implicated.city.reference}.json` });
    const unknownRef = "JB1997-9999999";
    const unknown = await get(m.requestById, `/open311/v2/requests/${unknownRef}.json`, { id: `${unknownRef}.json` });
    expect(hidden.status).toBe(404);
    expect(hidden.text.replace(implicated.city.reference, "ID")).toBe(unknown.text.replace(unknownRef, "ID"));
    // The token answers its holder: the tipster, who was given the reference with it.
    const token = await get(m.token, `/open311/v2/tokens/${implicated.city.token}.json`, { token: `${implicated.city.token}.json` });
    expect(token.status).toBe(200);
    expect(token.text).toContain(implicated.city.reference);

    // Closed (销号): published like any other case.
    await sql()`update tips set state = 'closed', closed_on = '1997-04-20', due_on = null where id = ${implicated.county.id}::uuid`;
    const closed = await publicOutputs(all);
    expect(closed).toMatchObject({ openOnly: [plain.reference], lookups: [implicated.county.reference, plain.reference], outcomes: [implicated.county.reference], atom: [implicated.county.reference], csv: [implicated.county.reference], json: [implicated.county.reference] });
    for (const list of [closed.search, closed.byIds, closed.xml]) expect([...list].sort()).toEqual([implicated.county.reference, plain.reference].sort());
  });
});
