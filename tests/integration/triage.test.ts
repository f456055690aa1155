import { randomBytes } from "node:crypto";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError, errorMessageOf } from "../../app/lib/app-error";
import { replyErrors, settle } from "../support/replies";
import type { StaffContext } from "../../app/lib/staff-session.server";
import { filedTip, staffMember } from "../support/builders";
import { signedInCookie, staffBehindCookie } from "../support/staff";

// App modules are imported in beforeAll: tests/support/env.ts must set DATABASE_URL and
// CANARY_MASTER_KEY first (see intake-flows.test.ts).
type M = typeof import("../../app/lib/db.server") &
  typeof import("../../app/services/file-tip.server") &
  typeof import("../../app/services/get-tip-for-tipster.server") &
  typeof import("../../app/services/case-record.server") &
  typeof import("../../app/services/case-visibility.server") &
  typeof import("../../app/services/triage-queue.server") &
  typeof import("../../app/services/triage-view.server") &
  typeof import("../../app/services/triage-route.server") &
  typeof import("../../app/services/triage-reject.server") &
  typeof import("../../app/services/triage-merge.server") &
  typeof import("../../app/services/triage-correct.server") &
  typeof import("../../app/services/agency-accept.server") &
  typeof import("../../app/services/agency-return.server") &
  typeof import("../../app/services/agency-inbox.server") &
  typeof import("../../app/services/find-likely-duplicates.server") &
  typeof import("../../app/services/view-contact-details.server") &
  typeof import("../../app/services/read-staff-attachment.server") &
  typeof import("../../app/services/case-details-for-staff.server") &
  typeof import("../../app/lib/attachments.server") &
  typeof import("../../db/schema/index") & {
    casePage: typeof import("../../app/routes/staff.cases.$reference");
    triagePage: typeof import("../../app/routes/staff.triage.$reference");
    attachmentRoute: typeof import("../../app/routes/staff.attachments.$id");
    drizzle: typeof import("drizzle-orm");
  };
let m: M;

// The people of this file (created once; each test makes its own tips).
let desk106: StaffContext; // 西湖区安委办 triage desk
let desk100: StaffContext; // 杭州市安委办
let desk000: StaffContext; // 浙江省安委办
let em106: StaffContext; // 西湖区应急管理局 officer (agency "Y")
let em108: StaffContext; // 滨江区应急管理局 officer (agency "X")
let em100: StaffContext; // 杭州市应急管理局 officer
let mine000: StaffContext; // 浙江省矿山安全监察局 officer
let supEm106: StaffContext;
let supEm100: StaffContext;
let supEco100: StaffContext;
let supEm000: StaffContext;
let eco106: StaffContext;

beforeAll(async () => {
  m = {
    ...(await import("../../app/lib/db.server")),
    ...(await import("../../app/services/file-tip.server")),
    ...(await import("../../app/services/get-tip-for-tipster.server")),
    ...(await import("../../app/services/case-record.server")),
    ...(await import("../../app/services/case-visibility.server")),
    ...(await import("../../app/services/triage-queue.server")),
    ...(await import("../../app/services/triage-view.server")),
    ...(await import("../../app/services/triage-route.server")),
    ...(await import("../../app/services/triage-reject.server")),
    ...(await import("../../app/services/triage-merge.server")),
    ...(await import("../../app/services/triage-correct.server")),
    ...(await import("../../app/services/agency-accept.server")),
    ...(await import("../../app/services/agency-return.server")),
    ...(await import("../../app/services/agency-inbox.server")),
    ...(await import("../../app/services/find-likely-duplicates.server")),
    ...(await import("../../app/services/view-contact-details.server")),
    ...(await import("../../app/services/read-staff-attachment.server")),
    ...(await import("../../app/services/case-details-for-staff.server")),
    ...(await import("../../app/lib/attachments.server")),
    ...(await import("../../db/schema/index")),
    casePage: await import("../../app/routes/staff.cases.$reference"),
    triagePage: await import("../../app/routes/staff.triage.$reference"),
    attachmentRoute: await import("../../app/routes/staff.attachments.$id"),
    drizzle: await import("drizzle-orm"),
  };
  const who = staffMember;
  [desk106, desk100, desk000, em106, em108, em100, mine000, supEm106, supEm100, supEco100, supEm000, eco106] = await Promise.all([
    who("triage_officer", "safety_committee", "330106"),
    who("triage_officer", "safety_committee", "330100"),
    who("triage_officer", "safety_committee", "330000"),
    who("agency_officer", "emergency_management", "330106"),
    who("agency_officer", "emergency_management", "330108"),
    who("agency_officer", "emergency_management", "330100"),
    who("agency_officer", "mine_safety", "330000"),
    who("supervisor", "emergency_management", "330106"),
    who("supervisor", "emergency_management", "330100"),
    who("supervisor", "ecology_environment", "330100"),
    who("supervisor", "emergency_management", "330000"),
    who("agency_officer", "ecology_environment", "330106"),
  ]);
});
afterAll(async () => {
  await m?.closeDb();
});

// ------------------------------------------------------------------ helpers

const ORIGIN = "http://canary.test";
/** The load context the server passes to every route (see scripts/server.ts). */
const CONTEXT = { clientAddress: "203.0.113.9" };
const RUN = randomBytes(3).toString("hex");
const TIME_ZONE = "Asia/Shanghai";
const DAY_MS = 86_400_000;

/** YYYY-MM-DD in the deployment's time zone (the app's default, Asia/Shanghai). */
function localDay(d = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
}
function plusDays(iso: string, n: number): string {
  const d = new Date(iso + "T00:00:00Z");
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** `n` working days after `iso`, computed here from the seeded holiday calendar (not with the app's code). */
async function workingDaysAfter(iso: string, n: number): Promise<string> {
  const rows = await m.sqlClient()`select day::text as day, kind from calendar_days`;
  const kind = new Map(rows.map((r) => [r.day as string, r.kind as string]));
  let day = iso;
  while (n > 0) {
    day = plusDays(day, 1);
    const dow = new Date(day + "T00:00:00Z").getUTCDay();
    const working = kind.get(day) === "holiday" ? false : kind.get(day) === "working_day" ? true : dow !== 0 && dow !== 6;
    if (working) n--;
  }
  return day;
}

type TipOverrides = Partial<import("../../app/services/file-tip.server").NewTip>;
let tipCounter = 0;

/** Files a tip the way the public form does; unique company name and text per tip. */
async function newTip(
  o: {
    tip?: TipOverrides;
    daysAgo?: number;
    now?: Date;
    captcha?: "verified" | "unverified" | "not_required";
    files?: import("../../app/lib/attachments.server").SanitisedAttachment[];
  } = {}
) {
  const n = ++tipCounter;
  const now = o.now ?? (o.daysAgo ? new Date(Date.now() - o.daysAgo * DAY_MS) : undefined);
  const filed = await filedTip({
    tip: {
      companyName: `测试企业${RUN}第${n}号有限公司`,
      content: { description: `TRIAGE-${RUN}-${n} 储罐区可燃气体报警器被拆除，夜间仍在装卸作业。`, address: "工业园东门北侧" },
      ...o.tip,
    },
    files: o.files,
    captcha: o.captcha ?? "verified",
    now,
  });
  return { reference: filed.reference, id: filed.id, submittedOn: filed.submittedOn, companyName: (o.tip?.companyName ?? `测试企业${RUN}第${n}号有限公司`) as string };
}

async function caseRow(reference: string) {
  const [row] = await m.db().select().from(m.tips).where(m.drizzle.eq(m.tips.reference, reference));
  expect(row, reference).toBeDefined();
  return row!;
}

const agencyIds = new Map<string, string>();
async function agencyId(departmentType: string, placeCode: string): Promise<string> {
  const key = `${departmentType}@${placeCode}`;
  if (!agencyIds.has(key)) {
    const [a] = await m.sqlClient()`select id from agencies where department_type = ${departmentType} and place_code = ${placeCode}`;
    agencyIds.set(key, a!.id as string);
  }
  return agencyIds.get(key)!;
}

type LedgerRow = { seq: number; action: string; actor_type: string; actor_id: string | null; recorded_on: string; recorded_at: Date | null; details: Record<string, any> };
async function ledgerOf(tipId: string): Promise<LedgerRow[]> {
  const rows = await m.sqlClient()`
    select seq, action, actor_type, actor_id, recorded_on::text as recorded_on, recorded_at, details
    from ledger_entries where chain = ${"tip:" + tipId} order by seq`;
  return rows as unknown as LedgerRow[];
}

/** The message of a refusal (AppError); fails the test if the call succeeded. */
async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return errorMessageOf(e);
    throw e;
  }
  throw new Error("expected a refusal, but the call succeeded");
}

/** The status of a thrown refusal (404, 403…): an AppError, a route-edge refusal or a Response; fails the test if nothing was thrown. */
async function thrownStatus(p: Promise<unknown>): Promise<number> {
  try {
    await p;
  } catch (e) {
    if (e instanceof Response) return e.status;
    if (e instanceof AppError) return e.status;
    // A refusal at the route edge: single fetch's data(…, { status }).
    if (typeof e === "object" && e !== null && (e as { type?: unknown }).type === "DataWithResponseInit") return (e as { init: ResponseInit | null }).init?.status ?? 200;
    throw e;
  }
  throw new Error("expected a thrown Response, but the call succeeded");
}

const SAME_MATTER = "同一企业同一事项的重复举报";
const refsOf = (rows: { reference: string }[]) => rows.map((r) => r.reference);
const queueRefs = async (staff: StaffContext, f: Parameters<M["listTriageQueue"]>[1]) => refsOf((await m.listTriageQueue(staff, f)).rows);
const inboxRefs = async (staff: StaffContext, f: Parameters<M["listAgencyInbox"]>[1]) => refsOf((await m.listAgencyInbox(staff, f)).rows);

/** How many cases with this reference `staff` can count (the SQL every list, count and export uses). */
async function visibleCount(staff: StaffContext, reference: string): Promise<number> {
  const { and, eq, sql } = m.drizzle;
  const [row] = await m
    .db()
    .select({ n: sql<number>`count(*)::int` })
    .from(m.tips)
    .where(and(eq(m.tips.reference, reference), m.visibleCases(staff)));
  return row!.n;
}

async function png(): Promise<import("../../app/lib/attachments.server").SanitisedAttachment> {
  const bytes = await sharp({ create: { width: 16, height: 12, channels: 3, background: "#3366cc" } })
    .png()
    .toBuffer();
  const result = await m.sanitiseAttachment(bytes);
  if (!result.ok) throw new Error("test image refused");
  return result.file;
}

// Route-level calls with a real session cookie.
const getRequest = (path: string, cookie: string) => new Request(ORIGIN + path, { headers: { cookie } });
const postRequest = (path: string, cookie: string, fields: Record<string, string>) =>
  new Request(ORIGIN + path, { method: "POST", body: new URLSearchParams(fields), headers: { cookie } });

// ------------------------------------------------------------------ routing end to end

describe("routing: suggestion, assignment, deadline and ledger", () => {
  it("a hazardous-chemicals tip in 西湖区 is suggested to 西湖区应急管理局; routing assigns it today, due in 3 working days, and the ledger says who and why", async () => {
    const tip = await newTip();
    const em106Id = await agencyId("emergency_management", "330106");

    const view = await m.triageView(desk106, tip.reference);
    expect(view.suggestion.agency).toMatchObject({ id: em106Id, departmentType: "emergency_management", placeCode: "330106" });
    expect(view.suggestion.rules).toEqual([{ rule: "sector_default", sector: "hazardous_chemicals", departmentType: "emergency_management" }, { rule: "level_county_default" }]);

    const today = localDay();
    const result = await m.routeCase(desk106, tip.reference, {});
    const expectedDue = await workingDaysAfter(today, 3);
    expect(result).toEqual({ agencyId: em106Id, dueOn: expectedDue });

    const row = await caseRow(tip.reference);
    expect(row.state).toBe("assigned");
    expect(row.agencyId).toBe(em106Id);
    expect(row.assignedOn).toBe(today);
    expect(row.dueOn).toBe(expectedDue);
    expect(row.routing).toEqual({
      rules: [{ rule: "sector_default", sector: "hazardous_chemicals", departmentType: "emergency_management" }, { rule: "level_county_default" }],
      suggestedAgencyId: em106Id,
      overrideReason: null,
    });

    const routed = (await ledgerOf(tip.id)).filter((e) => e.action === "case.route");
    expect(routed).toHaveLength(1);
    expect(routed[0]).toMatchObject({ actor_type: "staff", actor_id: desk106.staffId, recorded_on: today });
    expect(routed[0]!.recorded_at).not.toBeNull();
    expect(routed[0]!.details).toMatchObject({
      from: "submitted",
      to: "assigned",
      agencyId: em106Id,
      rules: ["sector_default", "level_county_default"],
      override: null,
      dueOn: expectedDue,
    });

    // What the agency officer sees: the case in the inbox with its deadline, and on the case page the
    // ledger names the triage officer who routed it.
    const inbox = await m.listAgencyInbox(em106, { q: tip.reference });
    expect(inbox.rows).toEqual([expect.objectContaining({ reference: tip.reference, state: "assigned", assignedOn: today, dueOn: expectedDue })]);
    const page = await m.caseDetailsForStaff(em106, tip.reference);
    expect(page.ledger.find((l) => l.action === "case.route")).toMatchObject({ actorName: desk106.displayName, actorType: "staff" });
    expect(page.ledger.find((l) => l.action === "case.route")!.recordedAt).toEqual(expect.any(String));
  });

  it("the acceptance deadline skips holidays: routed on 2026-09-30, due on 2026-10-10 (after National Day, an adjusted working Saturday)", async () => {
    const tip = await newTip({ now: new Date("2026-09-29T02:00:00Z") });
    const { dueOn } = await m.routeCase(desk106, tip.reference, { now: new Date("2026-09-30T02:00:00Z") });
    expect(dueOn).toBe("2026-10-10");
    const row = await caseRow(tip.reference);
    expect(row.assignedOn).toBe("2026-09-30");
    expect(row.dueOn).toBe("2026-10-10");
  });

  it("a major hazard goes to the city: 杭州市应急管理局", async () => {
    const tip = await newTip({ tip: { majorHazard: true } });
    const em100Id = await agencyId("emergency_management", "330100");
    const view = await m.triageView(desk106, tip.reference);
    expect(view.suggestion.agency).toMatchObject({ id: em100Id, placeCode: "330100" });
    expect(view.suggestion.rules).toContainEqual({ rule: "level_city_severity", reasons: ["major_hazard"] });

    await m.routeCase(desk106, tip.reference, {});
    expect((await caseRow(tip.reference)).agencyId).toBe(em100Id);
    expect(await inboxRefs(em100, { q: tip.reference })).toEqual([tip.reference]);
    expect(await inboxRefs(em106, { q: tip.reference })).toEqual([]);
  });

  it("a coal-mine tip goes to the provincial mine-safety agency (浙江省矿山安全监察局)", async () => {
    const tip = await newTip({ tip: { sectorCode: "coal_mine" } });
    const mineId = await agencyId("mine_safety", "330000");
    const view = await m.triageView(desk106, tip.reference);
    expect(view.suggestion.agency).toMatchObject({ id: mineId, departmentType: "mine_safety", placeCode: "330000" });
    expect(view.suggestion.rules).toEqual([
      { rule: "sector_default", sector: "coal_mine", departmentType: "mine_safety" },
      { rule: "level_province_only", departmentType: "mine_safety" },
    ]);

    await m.routeCase(desk106, tip.reference, {});
    expect((await caseRow(tip.reference)).agencyId).toBe(mineId);
    expect(await inboxRefs(mine000, { q: tip.reference })).toEqual([tip.reference]);
  });
});

// ------------------------------------------------------------------ conflict of interest

describe("conflict of interest (异地办理): officials of 西湖区 implicated", () => {
  let implicated: Awaited<ReturnType<typeof newTip>>;
  let sameMatter: Awaited<ReturnType<typeof newTip>>;
  const company = `保护伞化工${RUN}有限公司`;

  beforeAll(async () => {
    implicated = await newTip({ tip: { companyName: company, officialsImplicated: true, implicatedLevel: "county" }, daysAgo: 1 });
    sameMatter = await newTip({ tip: { companyName: company } });
  });

  it("before routing: the 西湖区 desk sees it nowhere (queue, search, duplicates, case page); the province desk does", async () => {
    expect((await caseRow(implicated.reference)).implicatedPlaceCode).toBe("330106");

    expect(await queueRefs(desk106, { q: implicated.reference })).toEqual([]);
    expect(await queueRefs(desk106, { q: company, place: "330106" })).not.toContain(implicated.reference);
    expect(await queueRefs(desk106, { q: company, place: "330106" })).toContain(sameMatter.reference); // the search itself works
    expect(await thrownStatus(m.findVisibleCase(desk106, implicated.reference))).toBe(404);
    expect(await visibleCount(desk106, implicated.reference)).toBe(0);

    // The duplicates shown next to the other tip on the same matter leave it out for 西湖区…
    const fromCounty = await m.triageView(desk106, sameMatter.reference);
    expect(refsOf(fromCounty.duplicates)).not.toContain(implicated.reference);
    expect(refsOf(await m.findLikelyDuplicates(desk106, await m.findVisibleCase(desk106, sameMatter.reference)))).not.toContain(implicated.reference);
    // …while the province desk sees it there and in its queue.
    const fromProvince = await m.triageView(desk000, sameMatter.reference);
    expect(refsOf(fromProvince.duplicates)).toContain(implicated.reference);
    expect(await queueRefs(desk000, { q: implicated.reference })).toEqual([implicated.reference]);
    expect(await queueRefs(desk100, { q: implicated.reference })).toEqual([implicated.reference]);

    // The 西湖区 desk's triage page for it is the same 404 as a reference that does not exist.
    const cookie = await signedInCookie(desk106.staffId);
    const status = await thrownStatus(
      Promise.resolve(m.triagePage.loader({ request: getRequest(`/staff/triage/${implicated.reference}`, cookie), params: { reference: implicated.reference }, context: CONTEXT }))
    );
    expect(status).toBe(404);
  });

  it("the suggestion is 杭州市应急管理局, one level above the implicated county; routed there", async () => {
    const em100Id = await agencyId("emergency_management", "330100");
    const view = await m.triageView(desk100, implicated.reference);
    expect(view.suggestion.agency).toMatchObject({ id: em100Id });
    expect(view.suggestion.rules).toContainEqual({ rule: "conflict_of_interest", implicated: "330106", level: "city" });
    // No agency of 西湖区 is even offered as a candidate.
    expect(view.candidates.filter((a) => a.placeCode === "330106")).toEqual([]);

    await m.routeCase(desk100, implicated.reference, {});
    const row = await caseRow(implicated.reference);
    expect(row.state).toBe("assigned");
    expect(row.agencyId).toBe(em100Id);
  });

  it("after routing: no officer, supervisor or desk of 西湖区 can see it; the city agency, its supervisor and the province desk can", async () => {
    for (const staff of [desk106, em106, supEm106, eco106]) {
      const who = `${staff.role} ${staff.agency!.departmentType}@${staff.agency!.placeCode}`;
      expect(await thrownStatus(m.findVisibleCase(staff, implicated.reference)), who).toBe(404);
      expect(await visibleCount(staff, implicated.reference), who).toBe(0);
      expect(await inboxRefs(staff, { q: implicated.reference }), who).toEqual([]);
      expect(await inboxRefs(staff, { q: company }), who).not.toContain(implicated.reference);
    }
    expect(await queueRefs(desk106, { q: implicated.reference })).toEqual([]);

    expect(await inboxRefs(em100, { q: implicated.reference })).toEqual([implicated.reference]);
    expect(await inboxRefs(supEm000, { q: implicated.reference })).toEqual([implicated.reference]);
    expect((await m.findVisibleCase(desk000, implicated.reference)).reference).toBe(implicated.reference);
  });
});

// ------------------------------------------------------------------ override

describe("routing elsewhere than suggested", () => {
  it("needs a reason; with one, the case goes there and the reason is in the ledger and on the case", async () => {
    const tip = await newTip();
    const em108Id = await agencyId("emergency_management", "330108");
    const em106Id = await agencyId("emergency_management", "330106");

    expect(await refusal(m.routeCase(desk106, tip.reference, { agencyId: em108Id }))).toBe("errors.route.reasonRequired");
    expect(await refusal(m.routeCase(desk106, tip.reference, { agencyId: em108Id, reason: "   " }))).toBe("errors.route.reasonRequired");
    expect((await caseRow(tip.reference)).state).toBe("submitted");

    const reason = "企业实际位于滨江区，举报人所填区县有误";
    await m.routeCase(desk106, tip.reference, { agencyId: em108Id, reason });
    const row = await caseRow(tip.reference);
    expect(row.state).toBe("assigned");
    expect(row.agencyId).toBe(em108Id);
    expect(row.routing).toMatchObject({ suggestedAgencyId: em106Id, overrideReason: reason });
    const entry = (await ledgerOf(tip.id)).find((e) => e.action === "case.route");
    expect(entry!.details).toMatchObject({ agencyId: em108Id, override: reason });
    expect(await inboxRefs(em108, { q: tip.reference })).toEqual([tip.reference]);
  });

  it("never to an agency inside the implicated region, reason or not", async () => {
    // County implicated: 西湖区 agencies are refused.
    const county = await newTip({ tip: { officialsImplicated: true, implicatedLevel: "county" } });
    for (const [type, place] of [
      ["emergency_management", "330106"],
      ["safety_committee", "330106"],
    ] as const) {
      const code = await refusal(m.routeCase(desk100, county.reference, { agencyId: await agencyId(type, place), reason: "我认为应当由区里办理" }));
      expect(code, `${type}@${place}`).toBe("errors.route.implicated");
    }
    expect((await caseRow(county.reference)).state).toBe("submitted");

    // City implicated: every agency of 杭州市 and its counties is refused; the suggestion is the province.
    const city = await newTip({ tip: { officialsImplicated: true, implicatedLevel: "city" } });
    expect(await thrownStatus(m.findVisibleCase(desk100, city.reference))).toBe(404); // the city desk cannot even see it
    const view = await m.triageView(desk000, city.reference);
    expect(view.suggestion.agency).toMatchObject({ departmentType: "emergency_management", placeCode: "330000" });
    for (const place of ["330100", "330108", "330106"]) {
      const code = await refusal(m.routeCase(desk000, city.reference, { agencyId: await agencyId("emergency_management", place), reason: "我认为应当由市里办理" }));
      expect(code, place).toBe("errors.route.implicated");
    }
    expect((await caseRow(city.reference)).state).toBe("submitted");
  });
});

// ------------------------------------------------------------------ isolation between agencies

describe("isolation: 滨江区应急管理局 (X) asking for 西湖区应急管理局's (Y) case", () => {
  let tip: Awaited<ReturnType<typeof newTip>>;
  let attachmentId: string;
  const company = `杭州隔离测试化工${RUN}有限公司`;

  beforeAll(async () => {
    tip = await newTip({ tip: { companyName: company, contact: { name: "李四", phone: "13912345678" } }, files: [await png()] });
    const [a] = await m.sqlClient()`select id from attachments where tip_id = ${tip.id}`;
    attachmentId = a!.id as string;
    await m.routeCase(desk106, tip.reference, {});
    expect((await caseRow(tip.reference)).agencyId).toBe(await agencyId("emergency_management", "330106"));
  });

  it("by reference: X gets the same 404 as for a reference that does not exist; Y gets the case", async () => {
    expect(await thrownStatus(m.findVisibleCase(em108, tip.reference))).toBe(404);
    expect(await thrownStatus(m.findVisibleCase(em108, "JB2026-9999999"))).toBe(404);
    expect((await m.findVisibleCase(em106, tip.reference)).reference).toBe(tip.reference);
    expect(await thrownStatus(m.caseDetailsForStaff(em108, tip.reference))).toBe(404);
    // Another agency type of the same county does not see it either.
    expect(await thrownStatus(m.findVisibleCase(eco106, tip.reference))).toBe(404);
  });

  it("in the inbox and its count: not in X's, in Y's", async () => {
    for (const state of [undefined, "assigned"]) {
      const x = await m.listAgencyInbox(em108, { state });
      expect(refsOf(x.rows)).not.toContain(tip.reference);
      expect(x.rows.every((r) => r.agency?.nameZh === em108.agency!.nameZh)).toBe(true);
      const y = await m.listAgencyInbox(em106, { state });
      expect(refsOf(y.rows)).toContain(tip.reference);
    }
    expect(await visibleCount(em108, tip.reference)).toBe(0);
    expect(await visibleCount(em106, tip.reference)).toBe(1);
  });

  it("in search by reference and by company name: X finds nothing, Y finds it", async () => {
    expect(await inboxRefs(em108, { q: tip.reference })).toEqual([]);
    expect(await inboxRefs(em108, { q: tip.reference.toLowerCase() })).toEqual([]);
    expect(await inboxRefs(em108, { q: company })).toEqual([]);
    expect(await inboxRefs(em106, { q: tip.reference })).toEqual([tip.reference]);
    expect(await inboxRefs(em106, { q: company })).toEqual([tip.reference]);
  });

  it("Y finds its own case by part of the company name (隔离测试化工 in 杭州隔离测试化工…有限公司)", async () => {
    expect(await inboxRefs(em108, { q: "隔离测试化工" })).toEqual([]);
    expect(await inboxRefs(em106, { q: "隔离测试化工" })).toEqual([tip.reference]);
  });

  it("by attachment id: X gets nothing (the download answers 404), Y gets the file", async () => {
    expect(await m.readStaffAttachment(em108, attachmentId)).toBeNull();
    expect(await m.previewStaffAttachment(em108, attachmentId)).toBeNull();
    const file = await m.readStaffAttachment(em106, attachmentId);
    expect(file?.mediaType).toBe("image/png");
    expect(file?.fileName.startsWith(tip.reference)).toBe(true);

    const xCookie = await signedInCookie(em108.staffId);
    const x = await settle(() => m.attachmentRoute.loader({ request: getRequest(`/staff/attachments/${attachmentId}`, xCookie), params: { id: attachmentId }, context: CONTEXT }));
    expect(x.status).toBe(404);
    const yCookie = await signedInCookie(em106.staffId);
    const y = (await m.attachmentRoute.loader({ request: getRequest(`/staff/attachments/${attachmentId}`, yCookie), params: { id: attachmentId }, context: CONTEXT })) as Response;
    expect(y.status).toBe(200);
    expect(y.headers.get("content-type")).toBe("image/png");
  });

  it("the case page /staff/cases/<ref> answers X with 404 (not 403: nothing says the case exists), and shows Y the case", async () => {
    const xCookie = await signedInCookie(em108.staffId);
    const call = (cookie: string, reference: string) =>
      Promise.resolve(m.casePage.loader({ request: getRequest(`/staff/cases/${reference}`, cookie), params: { reference }, context: CONTEXT }));
    expect(await thrownStatus(call(xCookie, tip.reference))).toBe(404);
    expect(await thrownStatus(call(xCookie, "JB2026-9999999"))).toBe(404);

    const yCookie = await signedInCookie(em106.staffId);
    const page = await call(yCookie, tip.reference);
    expect(page.case.reference).toBe(tip.reference);
    expect(page.handling.may.actions).toEqual(expect.arrayContaining(["accept", "return"]));
  });

  it("supervisors: 杭州市应急管理局 and 浙江省应急管理厅 supervisors see it; 杭州市生态环境局's does not", async () => {
    for (const sup of [supEm100, supEm000]) {
      expect((await m.findVisibleCase(sup, tip.reference)).reference).toBe(tip.reference);
      expect(await inboxRefs(sup, { q: tip.reference })).toEqual([tip.reference]);
    }
    expect(await thrownStatus(m.findVisibleCase(supEco100, tip.reference))).toBe(404);
    expect(await inboxRefs(supEco100, { q: tip.reference })).toEqual([]);
    expect(await inboxRefs(supEco100, { q: company })).toEqual([]);
    expect(await visibleCount(supEco100, tip.reference)).toBe(0);
  });
});

// ------------------------------------------------------------------ triage queue

describe("triage queue", () => {
  it("oldest first; filters by sector, place (province, city, county), flags and minimum age", async () => {
    // Filed newest first, so that reference order and date order disagree. Sector "campus" is used
    // by no other test; 桐庐县 (330122) and 海曙区 (宁波, 330203) by no other test file.
    const c = await newTip({ tip: { sectorCode: "campus", placeCode: "330122" } });
    const a = await newTip({ tip: { sectorCode: "campus", placeCode: "330122", majorHazard: true }, daysAgo: 20 });
    const b = await newTip({ tip: { sectorCode: "campus", placeCode: "330203" }, daysAgo: 10, captcha: "unverified" });
    const d = await newTip({ tip: { sectorCode: "tourism", placeCode: "330122" }, daysAgo: 15 });
    const mine = new Set([a, b, c, d].map((t) => t.reference));
    const q = async (f: Parameters<M["listTriageQueue"]>[1], staff = desk000) => (await queueRefs(staff, f)).filter((r) => mine.has(r));

    const campus = await m.listTriageQueue(desk000, { sector: "campus" });
    expect(refsOf(campus.rows).filter((r) => mine.has(r))).toEqual([a.reference, b.reference, c.reference]);
    const dates = campus.rows.map((r) => r.submittedOn);
    expect([...dates].sort()).toEqual(dates);
    expect(campus.rows.find((r) => r.reference === a.reference)).toMatchObject({ submittedOn: a.submittedOn, flags: { majorHazard: true, captchaUnverified: false } });
    expect(campus.rows.find((r) => r.reference === b.reference)!.flags.captchaUnverified).toBe(true);

    expect(await q({ sector: "campus", place: "330000" })).toEqual([a.reference, b.reference, c.reference]);
    expect(await q({ sector: "campus", place: "330100" })).toEqual([a.reference, c.reference]);
    expect(await q({ sector: "campus", place: "330122" })).toEqual([a.reference, c.reference]);
    expect(await q({ sector: "campus", place: "330200" })).toEqual([b.reference]);
    expect(await q({ sector: "campus", place: "330203" })).toEqual([b.reference]);
    expect(await q({ place: "330122" })).toEqual([a.reference, d.reference, c.reference]);
    expect(await q({ sector: "tourism", place: "330122" })).toEqual([d.reference]);

    expect(await q({ sector: "campus", flags: ["major_hazard"] })).toEqual([a.reference]);
    expect(await q({ sector: "campus", flags: ["captcha_unverified"] })).toEqual([b.reference]);
    expect(await q({ sector: "campus", flags: ["major_hazard", "captcha_unverified"] })).toEqual([]);

    expect(await q({ sector: "campus", minAgeDays: 12 })).toEqual([a.reference]);
    expect(await q({ sector: "campus", minAgeDays: 5 })).toEqual([a.reference, b.reference]);
    expect(await q({ place: "330122", minAgeDays: 16 })).toEqual([a.reference]);

    // Desks see their own region only.
    expect(await q({ sector: "campus" }, desk100)).toEqual([a.reference, c.reference]);
    expect(await q({ sector: "campus" }, desk106)).toEqual([]);
  });

  it("search by reference is exact (any letter case)", async () => {
    const t = await newTip({ tip: { placeCode: "330122", sectorCode: "pollution" } });
    const other = await newTip({ tip: { placeCode: "330122", sectorCode: "pollution" } });
    expect(await queueRefs(desk000, { q: t.reference })).toEqual([t.reference]);
    expect(await queueRefs(desk000, { q: t.reference.toLowerCase() })).toEqual([t.reference]);
    expect(await queueRefs(desk000, { q: ` ${other.reference} ` })).toEqual([other.reference]);
  });

  it("search by the full company name finds it", async () => {
    const t = await newTip({ tip: { placeCode: "330122", sectorCode: "pollution", companyName: "杭州示例化工有限公司" } });
    const control = await newTip({ tip: { placeCode: "330122", sectorCode: "pollution", companyName: "桐庐某某物流有限公司" } });
    const found = await queueRefs(desk000, { place: "330122", q: "杭州示例化工有限公司" });
    expect(found).toContain(t.reference);
    expect(found).not.toContain(control.reference);
  });

  it("search by part of the company name (示例化工 in 杭州示例化工有限公司) finds it", async () => {
    const t = await newTip({ tip: { placeCode: "330122", sectorCode: "fireworks", companyName: "杭州示例化工有限公司" } });
    const control = await newTip({ tip: { placeCode: "330122", sectorCode: "fireworks", companyName: "桐庐某某物流有限公司" } });
    const found = await queueRefs(desk000, { place: "330122", sector: "fireworks", q: "示例化工" });
    expect(found).not.toContain(control.reference);
    // A triage officer types the distinctive part of a name; the city prefix and the legal form
    // make the whole name's trigram similarity to "示例化工" only 0.14 (< pg_trgm's 0.3 threshold).
    expect(found).toContain(t.reference);
  });

  it("keyset pagination over 55 tips in 淳安县: 50, then the remaining 5, no overlap, no gap, in order", async () => {
    const filed = await Promise.all(
      Array.from({ length: 55 }, (_, i) => newTip({ tip: { placeCode: "330127", sectorCode: "industry_trade" }, daysAgo: i < 20 ? 3 : i < 40 ? 2 : 1 }))
    );
    const all = new Set(filed.map((t) => t.reference));

    const page1 = await m.listTriageQueue(desk000, { place: "330127" });
    expect(page1.rows).toHaveLength(50);
    expect(page1.next).not.toBeNull();
    const page2 = await m.listTriageQueue(desk000, { place: "330127", after: page1.next! });
    expect(page2.rows).toHaveLength(5);
    expect(page2.next).toBeNull();

    const seen = [...page1.rows, ...page2.rows];
    expect(new Set(refsOf(seen)).size).toBe(55);
    expect(new Set(refsOf(seen))).toEqual(all);
    const key = (r: { submittedOn: string; referenceSeq: number }) => `${r.submittedOn}_${String(r.referenceSeq).padStart(12, "0")}`;
    const keys = seen.map(key);
    expect([...keys].sort()).toEqual(keys);
    // The county desk of 淳安县 has no account here; the city desk sees the same 55.
    const cityPage2 = await m.listTriageQueue(desk100, { place: "330127", after: (await m.listTriageQueue(desk100, { place: "330127" })).next! });
    expect(refsOf(cityPage2.rows)).toEqual(refsOf(page2.rows));
  });
});

// ------------------------------------------------------------------ triage decisions

describe("triage decisions", () => {
  it("reject: out of scope needs a note saying where to go instead; the tipster then sees 'rejected'", async () => {
    const tip = await newTip();
    expect(await refusal(m.rejectCase(desk106, tip.reference, { reason: "out_of_scope" }))).toBe("errors.reject.whereInstead");
    expect(await refusal(m.rejectCase(desk106, tip.reference, { reason: "out_of_scope", noteToTipster: "  " }))).toBe("errors.reject.whereInstead");
    expect((await caseRow(tip.reference)).state).toBe("submitted");
    expect((await m.getTipForTipster(tip.id))!.status).toBe("received");

    await m.rejectCase(desk106, tip.reference, { reason: "out_of_scope", noteToTipster: "劳动争议请向西湖区劳动保障监察大队反映。" });
    const row = await caseRow(tip.reference);
    expect(row).toMatchObject({ state: "rejected", rejectionReason: "out_of_scope", dueOn: null });
    expect((await m.getTipForTipster(tip.id))!.status).toBe("rejected");
    expect(await queueRefs(desk106, { q: tip.reference })).toEqual([]);
    expect((await ledgerOf(tip.id)).find((e) => e.action === "case.reject")).toMatchObject({ actor_id: desk106.staffId, details: { reason: "out_of_scope", to: "rejected" } });

    // Other reasons need no note.
    const other = await newTip();
    await m.rejectCase(desk106, other.reference, { reason: "no_facts" });
    expect((await caseRow(other.reference)).state).toBe("rejected");
  });

  it("merge: into an earlier case only — not a later one, not itself, not a rejected one; of the same day, either way", async () => {
    const rejected = await newTip({ daysAgo: 5 });
    await m.rejectCase(desk106, rejected.reference, { reason: "abusive" });
    const earlier = await newTip({ daysAgo: 3 });
    const later = await newTip();
    const third = await newTip();

    expect(await refusal(m.mergeCase(desk106, earlier.reference, { into: later.reference, reason: SAME_MATTER, sameMatter: true }))).toBe("errors.merge.targetNotEarlier");
    expect(await refusal(m.mergeCase(desk106, third.reference, { into: third.reference, reason: SAME_MATTER, sameMatter: true }))).toBe("errors.merge.self");
    expect(await refusal(m.mergeCase(desk106, third.reference, { into: rejected.reference, reason: SAME_MATTER, sameMatter: true }))).toBe("errors.merge.targetClosed");
    expect(await refusal(m.mergeCase(desk106, third.reference, { into: "JB2026-9999999", reason: SAME_MATTER, sameMatter: true }))).toBe("errors.merge.targetNotFound");
    expect((await caseRow(third.reference)).state).toBe("submitted");

    await m.mergeCase(desk106, later.reference, { into: earlier.reference.toLowerCase(), reason: SAME_MATTER, sameMatter: true });
    const row = await caseRow(later.reference);
    expect(row).toMatchObject({ state: "merged", mergedIntoId: earlier.id });
    expect((await caseRow(earlier.reference)).state).toBe("submitted");
    expect((await m.getTipForTipster(later.id))!.status).toBe("merged");
    expect((await m.getTipForTipster(earlier.id))!.status).toBe("received");
    expect((await ledgerOf(later.id)).find((e) => e.action === "case.merge")!.details).toMatchObject({ into: earlier.reference, to: "merged", reason: SAME_MATTER });
    // A merged case is no target either.
    expect(await refusal(m.mergeCase(desk106, third.reference, { into: later.reference, reason: SAME_MATTER, sameMatter: true }))).toBe("errors.merge.targetClosed");
    // Same day: nothing stored says which was filed first (docs/decisions/015), so either may be
    // the target — here the one whose reference number is the larger (which an order by number refused).
    const fourth = await newTip();
    const [small, large] = [third, fourth].sort((a, b) => (a.reference < b.reference ? -1 : 1));
    await m.mergeCase(desk106, small!.reference, { into: large!.reference, reason: SAME_MATTER, sameMatter: true });
    expect(await caseRow(small!.reference)).toMatchObject({ state: "merged", mergedIntoId: large!.id });
  });

  it("correct sector, place and flags: the ledger keeps before and after, and the suggestion follows", async () => {
    const tip = await newTip();
    await m.correctCase(desk100, tip.reference, {
      sectorCode: "fireworks",
      placeCode: "330108",
      majorHazard: true,
      concealedAccident: false,
      deaths: null,
      officialsImplicated: false,
      implicatedPlaceCode: null,
    });
    const row = await caseRow(tip.reference);
    expect(row).toMatchObject({ sectorCode: "fireworks", placeCode: "330108", majorHazard: true, state: "submitted" });
    const entry = (await ledgerOf(tip.id)).find((e) => e.action === "case.corrected");
    expect(entry).toMatchObject({ actor_type: "staff", actor_id: desk100.staffId });
    expect(entry!.details).toEqual({
      before: { sectorCode: "hazardous_chemicals", placeCode: "330106", majorHazard: false },
      after: { sectorCode: "fireworks", placeCode: "330108", majorHazard: true },
    });
    const view = await m.triageView(desk100, tip.reference);
    expect(view.suggestion.agency).toMatchObject({ departmentType: "emergency_management", placeCode: "330100" });
    // It now lies in 滨江区: the 西湖区 desk no longer has it.
    expect(await queueRefs(desk106, { q: tip.reference })).toEqual([]);
  });

  it("a question to the tipster (posted on the triage page) appears on the tipster's status page", async () => {
    const tip = await newTip();
    const cookie = await signedInCookie(desk106.staffId);
    const { csrf } = await staffBehindCookie(cookie);
    const question = "您好，请问报警器是哪一天被拆除的？夜间装卸大约几点开始？";
    const path = `/staff/triage/${tip.reference}`;

    const noCsrf = await thrownStatus(
      Promise.resolve(m.triagePage.action({ request: postRequest(path, cookie, { intent: "ask", question }), params: { reference: tip.reference }, context: CONTEXT }))
    );
    expect(noCsrf).toBe(403);

    const res = await settle(() =>
      m.triagePage.action({ request: postRequest(path, cookie, { intent: "ask", question, csrf }), params: { reference: tip.reference }, context: CONTEXT })
    );
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ intent: "ask", done: true });
    const view = await m.getTipForTipster(tip.id);
    expect(view!.messages).toEqual([expect.objectContaining({ author: "staff", body: question, sentOn: localDay() })]);
    expect((await ledgerOf(tip.id)).map((e) => e.action)).toContain("tip.question_to_tipster");
  });

  it("contact details: only the triage role, and every view is a ledger entry; an agency officer gets 403", async () => {
    const contact = { name: "王五", phone: "13700001111", email: "wangwu@example.org" };
    const tip = await newTip({ tip: { contact } });
    const views = async () => (await ledgerOf(tip.id)).filter((e) => e.action === "contact.viewed");

    expect(await m.viewContactDetails(desk106, tip.reference)).toEqual(contact);
    expect(await m.viewContactDetails(desk106, tip.reference)).toEqual(contact);
    expect(await views()).toHaveLength(2);
    expect((await views()).every((e) => e.actor_id === desk106.staffId && e.recorded_at !== null)).toBe(true);

    // Through the page, with the session's csrf token.
    const cookie = await signedInCookie(desk106.staffId);
    const { csrf } = await staffBehindCookie(cookie);
    const path = `/staff/triage/${tip.reference}`;
    const res = await settle(() =>
      m.triagePage.action({ request: postRequest(path, cookie, { intent: "show-contact", csrf }), params: { reference: tip.reference }, context: CONTEXT })
    );
    expect(res.data).toMatchObject({ intent: "show-contact", contact });
    expect(await views()).toHaveLength(3);

    // The agency the case is assigned to may see the case, not the contact details.
    await m.routeCase(desk106, tip.reference, {});
    expect((await m.findVisibleCase(em106, tip.reference)).reference).toBe(tip.reference);
    expect(await thrownStatus(m.viewContactDetails(em106, tip.reference))).toBe(403);
    const agencyCookie = await signedInCookie(em106.staffId);
    const agencyCsrf = (await staffBehindCookie(agencyCookie)).csrf;
    const status = await thrownStatus(
      Promise.resolve(
        m.triagePage.action({ request: postRequest(path, agencyCookie, { intent: "show-contact", csrf: agencyCsrf }), params: { reference: tip.reference }, context: CONTEXT })
      )
    );
    expect(status).toBe(403);
    const page = await m.caseDetailsForStaff(em106, tip.reference);
    expect(JSON.stringify(page)).not.toContain(contact.phone);
    expect(await views()).toHaveLength(3);
  });
});

// ------------------------------------------------------------------ agency decisions

describe("agency decisions", () => {
  it("accept: the case is accepted with a 60-day conclusion deadline; a second accept is refused", async () => {
    const tip = await newTip();
    await m.routeCase(desk106, tip.reference, {});
    const today = localDay();
    const { dueOn } = await m.acceptCase(em106, tip.reference);
    expect(dueOn).toBe(plusDays(today, 60));
    const row = await caseRow(tip.reference);
    expect(row).toMatchObject({ state: "accepted", dueOn: plusDays(today, 60) });
    expect((await m.getTipForTipster(tip.id))!).toMatchObject({ status: "investigating", dueOn: plusDays(today, 60) });

    expect(await refusal(m.acceptCase(em106, tip.reference))).toBe("errors.transition.not_allowed_in_state");
    expect(await refusal(m.returnCase(em106, tip.reference, { reason: "不属于本单位管辖范围" }))).toBe("errors.transition.not_allowed_in_state");
    expect((await ledgerOf(tip.id)).filter((e) => e.action === "case.accept")).toHaveLength(1);
    // Another agency cannot accept it at all: it does not exist for them.
    expect(await thrownStatus(m.acceptCase(em108, tip.reference))).toBe(404);
  });

  it("return: a reason is required; the case goes back to triage, counts against the agency, and the tipster sees 'received' again", async () => {
    const tip = await newTip();
    const em106Id = await agencyId("emergency_management", "330106");
    await m.routeCase(desk106, tip.reference, {});

    // The tipster's status page names the agency.
    const assigned = (await m.getTipForTipster(tip.id))!;
    expect(assigned.status).toBe("with_agency");
    expect(assigned.agency).toEqual({ nameZh: em106.agency!.nameZh, nameEn: em106.agency!.nameEn });
    expect(assigned.agency!.nameZh).toContain("西湖区");

    expect(await refusal(m.returnCase(em106, tip.reference, { reason: "分错了" }))).toBe("errors.return.reasonRequired");
    expect(await refusal(m.returnCase(em106, tip.reference, { reason: "      " }))).toBe("errors.return.reasonRequired");
    expect((await caseRow(tip.reference)).state).toBe("assigned");

    // Through the page: the too-short reason comes back as a field error.
    const cookie = await signedInCookie(em106.staffId);
    const { csrf } = await staffBehindCookie(cookie);
    const path = `/staff/cases/${tip.reference}`;
    const short = await settle(() =>
      m.casePage.action({ request: postRequest(path, cookie, { intent: "return", reason: "分错了", csrf }), params: { reference: tip.reference }, context: CONTEXT })
    );
    expect(short.status).toBe(400);
    expect(replyErrors(short.data).reason).toEqual(["errors.return.reasonRequired"]);

    const reason = "该企业位于滨江区，不属于本局辖区，请重新交办";
    const ok = await settle(() =>
      m.casePage.action({ request: postRequest(path, cookie, { intent: "return", reason, csrf }), params: { reference: tip.reference }, context: CONTEXT })
    );
    expect(ok.data).toMatchObject({ intent: "return", done: true });

    const row = await caseRow(tip.reference);
    expect(row).toMatchObject({ state: "returned", agencyId: null, assignedOn: null });
    expect(row.dueOn).toBe(await workingDaysAfter(localDay(), 2)); // the triage clock again
    const [returns] = await m.sqlClient()`select count(*)::int as n, max(reason) as reason from tip_returns where agency_id = ${em106Id} and tip_id = ${tip.id}`;
    expect(returns).toMatchObject({ n: 1, reason });
    expect((await ledgerOf(tip.id)).find((e) => e.action === "case.return")!.details).toMatchObject({ agencyId: em106Id, reason, to: "returned" });

    // Back in the desk's queue, gone from the agency's inbox.
    const queue = await m.listTriageQueue(desk106, { q: tip.reference });
    expect(queue.rows).toEqual([expect.objectContaining({ reference: tip.reference, state: "returned" })]);
    expect(await inboxRefs(em106, { q: tip.reference })).toEqual([]);

    const returned = (await m.getTipForTipster(tip.id))!;
    expect(returned.status).toBe("received");
    expect(returned.agency).toBeNull();

    // And it can be routed again.
    await m.routeCase(desk106, tip.reference, { agencyId: await agencyId("emergency_management", "330108"), reason: "退回理由属实，改交滨江区" });
    expect(await inboxRefs(em108, { q: tip.reference })).toEqual([tip.reference]);
  });

  it("two routing decisions at once on the same tip: exactly one wins, the other is refused", async () => {
    const tip = await newTip();
    const em108Id = await agencyId("emergency_management", "330108");
    const results = await Promise.allSettled([m.routeCase(desk106, tip.reference, {}), m.routeCase(desk106, tip.reference, { agencyId: em108Id, reason: "同时操作：改交滨江区" })]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(AppError);
    expect(["errors.transition.stale", "errors.transition.not_allowed_in_state"]).toContain((lost[0]!.reason as AppError).messageKey);

    const row = await caseRow(tip.reference);
    expect(row.state).toBe("assigned");
    expect(row.version).toBe(1);
    expect((await ledgerOf(tip.id)).filter((e) => e.action === "case.route")).toHaveLength(1);
  });

  it("accept and return at once: exactly one applies", async () => {
    const tip = await newTip();
    await m.routeCase(desk106, tip.reference, {});
    const results = await Promise.allSettled([m.acceptCase(em106, tip.reference), m.returnCase(em106, tip.reference, { reason: "不属于本单位管辖范围" })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const row = await caseRow(tip.reference);
    expect(["accepted", "returned"]).toContain(row.state);
    const [returns] = await m.sqlClient()`select count(*)::int as n from tip_returns where tip_id = ${tip.id}`;
    expect(returns!.n).toBe(row.state === "returned" ? 1 : 0);
  });
});
