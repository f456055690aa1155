/**
 * Issue 11, the property test of "No tip without a desk". Two directories: (a) like the demo's —
 * Zhejiang's tree, its desks at 330000, 330100 and 330106 staffed, the national level (one agency
 * per department type and the national desk) staffed; (b) the national level alone (every other
 * agency inactive, every other account too). For every combination of the flags (major hazard,
 * concealed accident, deaths, officials implicated at county, city or province level):
 *  - over ALL places of the places table, in memory: the routing ends at an existing, active agency
 *    outside the implicated region, and the desk rule names a staffed desk outside it;
 *  - over places sampled with fast-check (a fixed seed; half of them in Zhejiang, where the
 *    directory has agencies inside the implicated regions), on PostgreSQL: the filed tip is seen
 *    by its desk's triage account (queue search and tip page), the desk routes it to an agency
 *    outside the implicated region, and no account of an agency inside that region sees it — in
 *    the triage queue, a search, the tip page, the export or its attachment — before or after.
 * Own database, so other files' accounts change nothing here.
 */
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insideImplicatedRegion } from "../../app/domain/conflict-of-interest";
import { placeAt, type Level } from "../../app/domain/places";
import { routeTip, type RoutableAgency, type RoutingFacts } from "../../app/domain/routing";
import { triageDeskOf } from "../../app/domain/triage-desk";
import type { SanitisedAttachment } from "../../app/lib/attachments.server";
import type { StaffContext } from "../../app/lib/staff-session.server";
import { staffContextFor, type StaffSpec } from "../support/staff";

type M = typeof import("../../app/lib/db.server") &
  typeof import("../../app/services/file-tip.server") &
  typeof import("../../app/services/case-record.server") &
  typeof import("../../app/services/triage-queue.server") &
  typeof import("../../app/services/triage-route.server") &
  typeof import("../../app/services/routing-data.server") &
  typeof import("../../app/services/export-cases.server") &
  typeof import("../../app/services/read-staff-attachment.server") &
  typeof import("../../app/lib/attachments.server") &
  typeof import("../../db/seed/index");
let m: M;

type Place = { code: string; level: string };
let places: Place[];
let sectors: string[];
let accounts: StaffContext[];
let attachment: SanitisedAttachment;

const IMPLICATED: (Exclude<Level, "country"> | null)[] = [null, "county", "city", "province"];
const FLAGS = IMPLICATED.flatMap((implicatedLevel) =>
  [false, true].flatMap((majorHazard) => [false, true].flatMap((concealedAccident) => [false, true].map((deaths) => ({ majorHazard, concealedAccident, deaths, implicatedLevel })))),
);
type Flags = (typeof FLAGS)[number];

const implicatedOf = (placeCode: string, f: Flags) => (f.implicatedLevel ? placeAt(placeCode, f.implicatedLevel) : null);
const factsOf = (sectorCode: string, placeCode: string, f: Flags): RoutingFacts => ({
  sectorCode,
  placeCode,
  majorHazard: f.majorHazard,
  concealedAccident: f.concealedAccident,
  deaths: f.deaths ? 1 : null,
  officialsImplicated: f.implicatedLevel !== null,
  implicatedPlaceCode: implicatedOf(placeCode, f),
});

async function directory() {
  const rows = await m.sqlClient()`select id::text as id, department_type, place_code, active from agencies`;
  const agencies: RoutableAgency[] = rows.map((r) => ({ id: r.id as string, departmentType: r.department_type as string, placeCode: r.place_code as string, active: r.active as boolean }));
  const staffed = await m.sqlClient()`
    select distinct a.place_code from agencies a join staff_accounts s on s.agency_id = a.id
    where a.department_type = 'safety_committee' and a.active and s.active and s.role = 'triage_officer'`;
  return { agencies, staffedDesks: new Set(staffed.map((r) => r.place_code as string)) };
}
const activeAccounts = async () => {
  const rows = await m.sqlClient()`select id::text as id from staff_accounts where active`;
  const ids = new Set(rows.map((r) => r.id as string));
  return accounts.filter((a) => ids.has(a.staffId));
};

/** Everything an account could notice of a tip. */
async function noticed(staff: StaffContext, reference: string, attachmentId: string): Promise<string[]> {
  const seen: string[] = [];
  if ((await m.listTriageQueue(staff, { q: reference })).rows.some((r) => r.reference === reference)) seen.push("search");
  const queue = await m.listTriageQueue(staff, {});
  if (queue.rows.some((r) => r.reference === reference)) seen.push("queue");
  try {
    await m.findVisibleCase(staff, reference);
    seen.push("page");
  } catch {
    // not visible
  }
  if ((await new Response(m.exportCasesCsv(staff)).text()).includes(reference)) seen.push("export");
  if (await m.readStaffAttachment(staff, attachmentId)) seen.push("attachment");
  return seen;
}

let counter = 0;
const RUN = randomBytes(3).toString("hex");

async function checkDirectory(label: string, zhejiangShare: number) {
  const { agencies, staffedDesks } = await directory();
  const table = await m.routingTable();
  const active = agencies.filter((a) => a.active);
  // 1. In memory, over every place and every combination of the flags.
  for (const p of places) {
    for (const f of FLAGS) {
      for (const sector of ["hazardous_chemicals", "coal_mine", "other"]) {
        const facts = factsOf(sector, p.code, f);
        const d = routeTip(facts, table, active);
        const agency = active.find((a) => a.id === d.agencyId);
        if (!agency || insideImplicatedRegion(agency.placeCode, facts.implicatedPlaceCode)) throw new Error(`${label}: ${p.code} ${JSON.stringify(f)} ${sector} routed to ${d.agencyId}`);
        const desk = triageDeskOf(facts, staffedDesks);
        if (!staffedDesks.has(desk) || insideImplicatedRegion(desk, facts.implicatedPlaceCode)) throw new Error(`${label}: ${p.code} ${JSON.stringify(f)}: desk ${desk}`);
      }
    }
  }
  // 2. On PostgreSQL, for sampled places, every combination of the flags.
  const zhejiang = places.filter((p) => p.code.startsWith("33"));
  const seed = Number.parseInt(RUN, 16);
  const sampled = fc.sample(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...zhejiang), fc.constantFrom(...places), fc.constantFrom(...sectors)), { numRuns: FLAGS.length, seed });
  const accountsNow = await activeAccounts();
  const desksByPlace = new Map(accountsNow.filter((a) => a.role === "triage_officer").map((a) => [a.agency!.placeCode, a]));
  for (const [i, f] of FLAGS.entries()) {
    const [coin, inZhejiang, anywhere, sector] = sampled[i]!;
    const place = coin < zhejiangShare ? inZhejiang : anywhere;
    const n = ++counter;
    const filed = await m.fileTip({
      tip: {
        sectorCode: sector,
        placeCode: place.code,
        companyName: `性质测试${RUN}第${n}号有限公司`,
        content: { description: `PROPERTY-${RUN}-${n} 仓库消防通道被堵。`, address: "北门" },
        majorHazard: f.majorHazard,
        concealedAccident: f.concealedAccident,
        deaths: f.deaths ? 1 : undefined,
        officialsImplicated: f.implicatedLevel !== null,
        implicatedLevel: f.implicatedLevel ?? undefined,
        tipsterWorksThere: false,
      },
      files: [attachment],
      submissionId: randomBytes(16).toString("base64url"),
      channel: "web",
      captcha: "verified",
    });
    const [row] = await m.sqlClient()`select t.id::text as id, t.implicated_place_code, (select a.id::text from attachments a where a.tip_id = t.id) as attachment_id from tips t where t.reference = ${filed.reference}`;
    const implicated = (row!.implicated_place_code as string | null) ?? null;
    const attachmentId = row!.attachment_id as string;
    const where = `${label}: tip ${filed.reference} at ${place.code}, ${JSON.stringify(f)}, ${sector}`;
    const desk = desksByPlace.get(triageDeskOf({ placeCode: place.code, implicatedPlaceCode: implicated }, staffedDesks));
    expect(desk, where).toBeDefined();
    expect(await noticed(desk!, filed.reference, attachmentId), where).toEqual(expect.arrayContaining(["search", "page", "attachment"]));
    const inside = accountsNow.filter((a) => insideImplicatedRegion(a.agency!.placeCode, implicated));
    for (const a of inside) expect(await noticed(a, filed.reference, attachmentId), `${where}: ${a.role}@${a.agency!.placeCode}`).toEqual([]);
    await m.routeCase(desk!, filed.reference, {});
    const [held] = await m.sqlClient()`select a.place_code, a.active from tips t join agencies a on a.id = t.agency_id where t.id = ${row!.id}`;
    expect(held?.active, where).toBe(true);
    expect(insideImplicatedRegion(held!.place_code as string, implicated), where).toBe(false);
    for (const a of inside) expect(await noticed(a, filed.reference, attachmentId), `${where}, routed: ${a.role}@${a.agency!.placeCode}`).toEqual([]);
  }
}

beforeAll(async () => {
  m = {
    ...(await import("../../app/lib/db.server")),
    ...(await import("../../app/services/file-tip.server")),
    ...(await import("../../app/services/case-record.server")),
    ...(await import("../../app/services/triage-queue.server")),
    ...(await import("../../app/services/triage-route.server")),
    ...(await import("../../app/services/routing-data.server")),
    ...(await import("../../app/services/export-cases.server")),
    ...(await import("../../app/services/read-staff-attachment.server")),
    ...(await import("../../app/lib/attachments.server")),
    ...(await import("../../db/seed/index")),
  };
  // The national level: one agency per department type, the national desk among them.
  await m.sqlClient()`
    insert into agencies (department_type, place_code, name_zh, name_en, inbox_email)
    select code, '000000', '国家' || name_zh, 'National ' || name_en, replace(code, '_', '-') || '.000000@agencies.canary.invalid' from department_types`;
  m.clearRoutingCache();
  places = (await m.sqlClient()`select code, level from places where code <> '000000' order by code`).map((r) => ({ code: r.code as string, level: r.level as string }));
  sectors = (await m.sqlClient()`select code from sectors order by code`).map((r) => r.code as string);
  const who = (role: StaffSpec["role"], departmentType: string, placeCode: string) => staffContextFor(m.db(), { role, departmentType, placeCode });
  accounts = [];
  for (const place of ["000000", "330000", "330100", "330106"]) accounts.push(await who("triage_officer", "safety_committee", place));
  for (const place of ["000000", "330000", "330100", "330106"]) accounts.push(await who("agency_officer", "emergency_management", place));
  accounts.push(await who("supervisor", "emergency_management", "330000"), await who("supervisor", "safety_committee", "330100"), await who("agency_officer", "mine_safety", "330000"));
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#228844" } })
    .png()
    .toBuffer();
  const result = await m.sanitiseAttachment(png);
  if (!result.ok) throw new Error("test image refused");
  attachment = result.file;
});
afterAll(async () => {
  await m?.closeDb();
});

describe("no tip without a desk (property)", () => {
  it("with a directory like the demo's (Zhejiang and the national level staffed)", async () => {
    // Every place the places table holds (3,348 rows from the GB/T 2260 list the seed loads).
    expect(places.length).toBeGreaterThan(3300);
    await checkDirectory("demo directory", 0.5);
  }, 120_000);

  it("with a directory of the national level alone", async () => {
    await m.sqlClient()`update agencies set active = false where place_code <> '000000'`;
    await m.sqlClient()`update staff_accounts s set active = false from agencies a where a.id = s.agency_id and a.place_code <> '000000'`;
    m.clearRoutingCache();
    await checkDirectory("national level alone", 0.25);
  }, 120_000);
});
