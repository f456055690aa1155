import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StaffContext } from "../../app/lib/staff-session.server";
import { filedTip, signedInStaff } from "../support/builders";
import { replyErrors, settle } from "../support/replies";

// App modules are imported in beforeAll: tests/support/env.ts must set DATABASE_URL and CANARY_MASTER_KEY first.
type M = typeof import("../../app/lib/db.server") &
  typeof import("../../app/services/triage-view.server") & {
    keywordsPage: typeof import("../../app/routes/staff.admin.keywords");
    sectorRoute: typeof import("../../app/routes/staff.triage.$reference_.sector");
  };
let m: M;

type Person = { staff: StaffContext; cookie: string; csrf: string };
let admin: Person;
let desk: Person; // 西湖区安委办 (330106)

const ORIGIN = "http://canary.test";
const post = (path: string, who: Person, fields: Record<string, string>) => {
  const body = new URLSearchParams(fields);
  body.set("csrf", who.csrf);
  return new Request(ORIGIN + path, { method: "POST", body, headers: { cookie: who.cookie } });
};
const get = (path: string, who: Person) => new Request(ORIGIN + path, { headers: { cookie: who.cookie } });
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const call = (fn: (args: any) => Promise<unknown>, request: Request, params: Record<string, string> = {}) => settle(() => fn({ request, params, context: {} }));

const RIVER = "化工厂夜间通过暗管排污，河道里全是黑水，下游村民不敢用水。";

beforeAll(async () => {
  m = {
    ...(await import("../../app/lib/db.server")),
    ...(await import("../../app/services/triage-view.server")),
    keywordsPage: await import("../../app/routes/staff.admin.keywords"),
    sectorRoute: await import("../../app/routes/staff.triage.$reference_.sector"),
  };
  admin = await signedInStaff("administrator", "safety_committee", "330000");
  desk = await signedInStaff("triage_officer", "safety_committee", "330106");
});
afterAll(async () => {
  await m?.closeDb();
});

const keywordLedger = (subjectId: string) =>
  m.sqlClient()`select chain, action, actor_id, subject_type, details from ledger_entries where subject_id = ${subjectId} order by seq`;

describe("the keyword table at /staff/admin/keywords", () => {
  it("lists the default table by sector, both languages", async () => {
    const page = await call(m.keywordsPage.loader, get("/staff/admin/keywords", admin));
    const pollution = page.data.sectors.find((s: { code: string }) => s.code === "pollution");
    const phrases = pollution.keywords.map((k: { phrase: string }) => k.phrase);
    expect(phrases).toEqual(expect.arrayContaining(["排污", "黑水", "river", "wastewater"]));
    expect(page.data.sectors.some((s: { code: string }) => s.code === "other")).toBe(false);
  });

  it("adds a phrase with its weight and removes it, each in the ledger; refuses a duplicate and a weight of 0", async () => {
    const fields = { intent: "add", sectorCode: "hazardous_waste", phrase: "  废活性炭 ", weight: "3" };
    const added = await call(m.keywordsPage.action, post("/staff/admin/keywords", admin, fields));
    expect(added.status).toBe(303);
    expect(added.headers.get("location")).toBe("/staff/admin/keywords?done=added&sector=hazardous_waste#notice");
    const [row] = await m.sqlClient()`select id::text as id, weight from sector_keywords where sector_code = 'hazardous_waste' and phrase = '废活性炭'`;
    // The confirmation names the sector and links to its list.
    const confirmed = await call(m.keywordsPage.loader, get("/staff/admin/keywords?done=added&sector=hazardous_waste", admin));
    expect(confirmed.data).toMatchObject({ done: "added", addedTo: { code: "hazardous_waste" } });
    expect(row!.weight).toBe(3);
    const [entry] = await keywordLedger(row!.id);
    expect(entry).toMatchObject({ chain: "admin:sector_keywords", action: "admin.sector_keyword.added", actor_id: admin.staff.staffId, subject_type: "sector_keyword" });
    expect(entry!.details).toEqual({ keyword: { sectorCode: "hazardous_waste", phrase: "废活性炭", weight: 3 } });

    const twin = await call(m.keywordsPage.action, post("/staff/admin/keywords", admin, { ...fields, weight: "1" }));
    expect(twin.status).toBe(409);
    expect(replyErrors(twin.data).phrase).toEqual(["errors.keyword.duplicate"]);
    // The same phrase in other letters or spacing is the same phrase to the classifier: stored once.
    const latin = { intent: "add", sectorCode: "hazardous_waste", phrase: "Waste  Oil Drum", weight: "2" };
    expect((await call(m.keywordsPage.action, post("/staff/admin/keywords", admin, latin))).status).toBe(303);
    expect((await call(m.keywordsPage.action, post("/staff/admin/keywords", admin, { ...latin, phrase: "ｗａｓｔｅ oil drum" }))).status).toBe(409);
    expect(await m.sqlClient()`select phrase from sector_keywords where sector_code = 'hazardous_waste' and lower(phrase) like 'waste%oil drum'`).toEqual([{ phrase: "waste oil drum" }]);
    const zero = await call(m.keywordsPage.action, post("/staff/admin/keywords", admin, { ...fields, phrase: "废活性炭渣", weight: "0" }));
    expect(zero.status).toBe(400);
    expect(replyErrors(zero.data).weight).toEqual(["errors.keyword.weight"]);

    const removed = await call(m.keywordsPage.action, post("/staff/admin/keywords", admin, { intent: "remove", id: row!.id }));
    expect(removed.status).toBe(303);
    expect(await m.sqlClient()`select 1 from sector_keywords where id = ${row!.id}`).toHaveLength(0);
    const entries = await keywordLedger(row!.id);
    expect(entries.map((e) => e.action)).toEqual(["admin.sector_keyword.added", "admin.sector_keyword.removed"]);
    expect(entries[1]!.details).toEqual({ keyword: { sectorCode: "hazardous_waste", phrase: "废活性炭", weight: 3 } });

    const again = await call(m.keywordsPage.action, post("/staff/admin/keywords", admin, { intent: "remove", id: row!.id }));
    expect(again.status).toBe(404);
  });

  it("is for administrators only: the desk may neither see nor change it", async () => {
    expect((await call(m.keywordsPage.loader, get("/staff/admin/keywords", desk))).status).toBe(403);
    expect((await call(m.keywordsPage.action, post("/staff/admin/keywords", desk, { intent: "add", sectorCode: "pollution", phrase: "臭水沟", weight: "2" }))).status).toBe(403);
    expect(await m.sqlClient()`select 1 from sector_keywords where phrase = '臭水沟'`).toHaveLength(0);
  });
});

describe("the triage page's sector by the text", () => {
  it("suggests pollution for a river discharge filed under chemicals, with the matched words and the agency routing would then give", async () => {
    const tip = await filedTip({ tip: { sectorCode: "hazardous_chemicals", content: { description: RIVER } } });
    const view = await m.triageView(desk.staff, tip.reference);
    expect(view.sectorSuggestion.current).toBe("hazardous_chemicals");
    expect(view.sectorSuggestion.byText?.sector).toBe("pollution");
    expect(view.sectorSuggestion.byText?.matched).toEqual(expect.arrayContaining(["排污", "河道", "黑水"]));
    expect(view.sectorSuggestion.byText?.sector).not.toBe(view.sectorSuggestion.current);
    expect(view.sectorSuggestion.agency?.nameZh).toMatch(/生态环境局$/);
    expect(view.suggestion.agency?.nameZh).toMatch(/应急管理局$/); // the tipster's sector still routes as before
  });

  it("uses the table as the administrator edited it", async () => {
    const tip = await filedTip({ tip: { sectorCode: "hazardous_chemicals", content: { description: RIVER } } });
    const added = await call(m.keywordsPage.action, post("/staff/admin/keywords", admin, { intent: "add", sectorCode: "hazardous_waste", phrase: "暗管", weight: "9" }));
    expect(added.status).toBe(303);
    const view = await m.triageView(desk.staff, tip.reference);
    expect(view.sectorSuggestion.byText).toEqual({ sector: "hazardous_waste", matched: ["暗管"] });
    const [row] = await m.sqlClient()`select id::text as id from sector_keywords where phrase = '暗管'`;
    await call(m.keywordsPage.action, post("/staff/admin/keywords", admin, { intent: "remove", id: row!.id }));
    expect((await m.triageView(desk.staff, tip.reference)).sectorSuggestion.byText?.sector).toBe("pollution");
  });

  it("says nothing differs when the text agrees, and nothing matched when it says nothing", async () => {
    const agrees = await filedTip({ tip: { sectorCode: "pollution", content: { description: RIVER } } });
    const view = await m.triageView(desk.staff, agrees.reference);
    expect(view.sectorSuggestion).toMatchObject({ current: "pollution", agency: null, byText: { sector: "pollution" } });
    const vague = await filedTip({ tip: { sectorCode: "other", content: { description: "我想反映一个问题，希望有关部门尽快处理。" } } });
    expect((await m.triageView(desk.staff, vague.reference)).sectorSuggestion).toMatchObject({ byText: null, agency: null });
  });

  it("'use this sector' corrects the sector (ledgered as a correction) and goes back to the tip; a second, stale press changes nothing", async () => {
    const tip = await filedTip({ tip: { sectorCode: "hazardous_chemicals", content: { description: RIVER } } });
    const path = `/staff/triage/${tip.reference}/sector`;
    const used = await call(m.sectorRoute.action, post(path, desk, { sectorCode: "pollution", from: "hazardous_chemicals" }), { reference: tip.reference });
    expect(used.status).toBe(303);
    expect(used.headers.get("location")).toBe(`/staff/triage/${tip.reference}?sector=done#notice`);
    const [row] = await m.sqlClient()`select sector_code, state from tips where id = ${tip.id}`;
    expect(row).toEqual({ sector_code: "pollution", state: "submitted" });
    const corrections = await m.sqlClient()`select action, actor_id, details from ledger_entries where subject_id = ${tip.id} and action = 'case.corrected'`;
    expect(corrections).toHaveLength(1);
    expect(corrections[0]!.details).toEqual({ before: { sectorCode: "hazardous_chemicals" }, after: { sectorCode: "pollution" } });
    const after = (await m.triageView(desk.staff, tip.reference)).sectorSuggestion;
    expect(after.byText?.sector).toBe(after.current);
    expect(after.agency).toBeNull();

    const stale = await call(m.sectorRoute.action, post(path, desk, { sectorCode: "hazardous_waste", from: "hazardous_chemicals" }), { reference: tip.reference });
    expect(stale.headers.get("location")).toBe(`/staff/triage/${tip.reference}?sector=stale#notice`);
    expect((await m.sqlClient()`select sector_code from tips where id = ${tip.id}`)[0]!.sector_code).toBe("pollution");
  });
});
