/**
 * Issue 11, "A national level" and "No tip without a desk": a tip placed where nobody staffs a
 * desk (Hunan 430102), or implicating a whole province, is seen by the national desk — in its
 * queue, a search, the tip page, the export and the attachments — and by no agency of the
 * implicated province; the desk is computed from staffing when read, so a desk that loses its last
 * account passes its tips up at once and gets them back when staffed again, and a tip filed before
 * the national desk existed shows there without any data migration.
 *
 * Runs on its own database (the directory is the subject: Zhejiang's demo agencies, one staffed
 * Zhejiang desk, the national level), so other files' staff accounts change nothing here.
 */
import { randomBytes } from "node:crypto";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StaffContext } from "../../app/lib/staff-session.server";
import { filedTip, staffMember } from "../support/builders";
import { staffContextFor } from "../support/staff";

type M = typeof import("../../app/lib/db.server") &
  typeof import("../../app/services/file-tip.server") &
  typeof import("../../app/services/case-record.server") &
  typeof import("../../app/services/triage-queue.server") &
  typeof import("../../app/services/triage-route.server") &
  typeof import("../../app/services/routing-data.server") &
  typeof import("../../app/services/export-cases.server") &
  typeof import("../../app/services/read-staff-attachment.server") &
  typeof import("../../app/services/deadline-common.server") &
  typeof import("../../app/lib/attachments.server") &
  typeof import("../../app/services/admin-list-desks.server") &
  typeof import("../../db/seed/index");
let m: M;

let nationalDesk: StaffContext; // 国务院安委会办公室 triage officer
let zhejiangDesk: StaffContext; // 浙江省安委办 triage officer: the one account of Zhejiang's desks
let hangzhouSupervisor: StaffContext; // 杭州市应急管理局 supervisor (inside Zhejiang)
let zhejiangEmergency: StaffContext; // 浙江省应急管理厅 officer
let earlierHunanTip: Awaited<ReturnType<typeof newTip>>;

const RUN = randomBytes(3).toString("hex");
let counter = 0;

type TipOverrides = Partial<import("../../app/services/file-tip.server").NewTip>;
async function newTip(o: { tip?: TipOverrides; files?: import("../../app/lib/attachments.server").SanitisedAttachment[] } = {}) {
  const n = ++counter;
  const companyName = `全国台测试${RUN}第${n}号化工有限公司`;
  const filed = await filedTip({
    tip: {
      companyName,
      content: { description: `NATIONAL-${RUN}-${n} 危化品仓库消防通道被堵，夜间违规装卸。`, address: "园区北门" },
      ...o.tip,
    },
    files: o.files,
    captcha: "verified",
  });
  const [a] = await m.sqlClient()`select id from attachments where tip_id = ${filed.id}`;
  return { reference: filed.reference, id: filed.id, companyName, attachmentId: (a?.id as string | undefined) ?? null };
}

async function png() {
  const bytes = await sharp({ create: { width: 12, height: 10, channels: 3, background: "#3366cc" } })
    .png()
    .toBuffer();
  const result = await m.sanitiseAttachment(bytes);
  if (!result.ok) throw new Error("test image refused");
  return result.file;
}

async function inQueue(staff: StaffContext, reference: string): Promise<boolean> {
  for (let after: string | undefined, page = 0; page < 20; page++) {
    const { rows, next } = await m.listTriageQueue(staff, { after });
    if (rows.some((r) => r.reference === reference)) return true;
    if (!next) return false;
    after = next;
  }
  return false;
}
async function found(staff: StaffContext, reference: string): Promise<boolean> {
  return (await m.listTriageQueue(staff, { q: reference })).rows.some((r) => r.reference === reference);
}
async function opens(staff: StaffContext, reference: string): Promise<boolean> {
  try {
    await m.findVisibleCase(staff, reference);
    return true;
  } catch {
    return false;
  }
}
async function exported(staff: StaffContext, reference: string): Promise<boolean> {
  return (await new Response(m.exportCasesCsv(staff)).text()).includes(reference);
}
/** Everything a desk would notice: the queue, a search by reference, the tip page and the export. */
async function seenBy(staff: StaffContext, reference: string) {
  return { queue: await inQueue(staff, reference), search: await found(staff, reference), page: await opens(staff, reference), export: await exported(staff, reference) };
}
const everywhere = { queue: true, search: true, page: true, export: true };
const nowhere = { queue: false, search: false, page: false, export: false };

async function setActive(staff: StaffContext, active: boolean) {
  await m.sqlClient()`update staff_accounts set active = ${active} where id = ${staff.staffId}`;
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
    ...(await import("../../app/services/deadline-common.server")),
    ...(await import("../../app/lib/attachments.server")),
    ...(await import("../../app/services/admin-list-desks.server")),
    ...(await import("../../db/seed/index")),
  };
  // Filed while the directory has no national level: the tip a real deployment holds from before.
  earlierHunanTip = await newTip({ tip: { placeCode: "430102" } });
  await m.sqlClient()`
    insert into agencies (department_type, place_code, name_zh, name_en, inbox_email) values
      ('safety_committee', '000000', '国务院安委会办公室', 'Office of the State Council Work Safety Committee', 'safety-committee.000000@agencies.canary.invalid'),
      ('emergency_management', '000000', '应急管理部', 'Ministry of Emergency Management', 'emergency-management.000000@agencies.canary.invalid'),
      ('mine_safety', '000000', '国家矿山安全监察局', 'National Mine Safety Administration', 'mine-safety.000000@agencies.canary.invalid')`;
  m.clearRoutingCache();
  const who = staffMember;
  nationalDesk = await who("triage_officer", "safety_committee", "000000");
  zhejiangDesk = await who("triage_officer", "safety_committee", "330000");
  hangzhouSupervisor = await who("supervisor", "emergency_management", "330100");
  zhejiangEmergency = await who("agency_officer", "emergency_management", "330000");
});
afterAll(async () => {
  await m?.closeDb();
});

describe("the national desk", () => {
  it("sees a tip filed before it existed, placed in a province nobody staffs — no migration needed", async () => {
    expect(await seenBy(nationalDesk, earlierHunanTip.reference)).toEqual(everywhere);
    expect(await seenBy(zhejiangDesk, earlierHunanTip.reference)).toEqual(nowhere);
  });

  it("sees a Hunan (430102) tip and its attachment; routing ends at the national agency of its type", async () => {
    const tip = await newTip({ tip: { placeCode: "430102" }, files: [await png()] });
    expect(await seenBy(nationalDesk, tip.reference)).toEqual(everywhere);
    expect(await m.readStaffAttachment(nationalDesk, tip.attachmentId!)).not.toBeNull();
    expect(await m.readStaffAttachment(zhejiangDesk, tip.attachmentId!)).toBeNull();
    const suggestion = await m.suggestRouting({ sectorCode: "hazardous_chemicals", placeCode: "430102", majorHazard: false, concealedAccident: false, deaths: null, officialsImplicated: false, implicatedPlaceCode: null });
    expect(suggestion.placeCode).toBe("000000");
    expect(suggestion.departmentType).toBe("emergency_management");
  });

  it("sees a tip implicating the officials of Zhejiang; no agency of Zhejiang does; it routes it to the national agency", async () => {
    const tip = await newTip({ tip: { officialsImplicated: true, implicatedLevel: "province" }, files: [await png()] });
    expect(await seenBy(nationalDesk, tip.reference)).toEqual(everywhere);
    expect(await m.readStaffAttachment(nationalDesk, tip.attachmentId!)).not.toBeNull();
    for (const staff of [zhejiangDesk, hangzhouSupervisor, zhejiangEmergency]) {
      expect(await seenBy(staff, tip.reference)).toEqual(nowhere);
      expect(await m.readStaffAttachment(staff, tip.attachmentId!)).toBeNull();
    }
    const suggestion = await m.suggestRouting({ sectorCode: "hazardous_chemicals", placeCode: "330106", majorHazard: false, concealedAccident: false, deaths: null, officialsImplicated: true, implicatedPlaceCode: "330000" });
    expect(suggestion.placeCode).toBe("000000");
    await m.routeCase(nationalDesk, tip.reference, {});
    const [row] = await m.sqlClient()`select a.place_code, a.department_type, t.state from tips t join agencies a on a.id = t.agency_id where t.id = ${tip.id}`;
    expect(row).toMatchObject({ place_code: "000000", department_type: "emergency_management", state: "assigned" });
    // Still nobody in Zhejiang, not even the province's emergency department that would have had it.
    expect(await opens(zhejiangEmergency, tip.reference)).toBe(false);
  });

  it("does not see a Zhejiang tip while Zhejiang's desk is staffed", async () => {
    const tip = await newTip();
    expect(await seenBy(nationalDesk, tip.reference)).toEqual(nowhere);
    expect(await seenBy(zhejiangDesk, tip.reference)).toEqual(everywhere);
  });

  it("takes Zhejiang's waiting tips the moment its desk loses its last active account, and gives them back when it is staffed again", async () => {
    const tip = await newTip({ tip: { placeCode: "330203" } });
    expect(await inQueue(nationalDesk, tip.reference)).toBe(false);
    await setActive(zhejiangDesk, false);
    try {
      expect(await seenBy(nationalDesk, tip.reference)).toEqual(everywhere);
      // The desk clock follows: reminders and escalation of a waiting tip go to the national desk.
      expect((await m.deskClockOwner(m.db(), { placeCode: "330203", implicatedPlaceCode: null }))?.placeCode).toBe("000000");
    } finally {
      await setActive(zhejiangDesk, true);
    }
    expect(await seenBy(nationalDesk, tip.reference)).toEqual(nowhere);
    expect(await seenBy(zhejiangDesk, tip.reference)).toEqual(everywhere);
    expect((await m.deskClockOwner(m.db(), { placeCode: "330203", implicatedPlaceCode: null }))?.placeCode).toBe("330000");
  });

  it("an account that may not triage does not staff a desk", async () => {
    const tip = await newTip({ tip: { placeCode: "330108" } });
    await setActive(zhejiangDesk, false);
    const supervisor = await staffContextFor(m.db(), { role: "supervisor", departmentType: "safety_committee", placeCode: "330000" });
    try {
      expect(await inQueue(nationalDesk, tip.reference)).toBe(true);
    } finally {
      await setActive(zhejiangDesk, true);
      await setActive(supervisor, false);
    }
  });
});

describe("the country as a place", () => {
  it("is where national agencies sit, not where a tip may be placed", async () => {
    await expect(newTip({ tip: { placeCode: "000000" } })).rejects.toMatchObject({ code: "invalid_input", messageKey: "errors.place.invalid" });
  });
});

describe("supervision walks up to the national level", () => {
  it("a province agency is supervised by the national agency of its type, a province-implicated case too", async () => {
    const agencyAt = async (type: string, place: string) => {
      const [a] = await m.sqlClient()`select id::text as id from agencies where department_type = ${type} and place_code = ${place}`;
      const row = await m.agencyById(m.db(), a!.id as string);
      if (!row) throw new Error(`test setup: no agency ${type}@${place}`);
      return row;
    };
    // Mine safety exists only at provinces: the national mine-safety administration supervises them.
    expect((await m.supervisingAgency(m.db(), await agencyAt("mine_safety", "330000"), { implicatedPlaceCode: null }))?.placeCode).toBe("000000");
    const hangzhou = await agencyAt("emergency_management", "330100");
    expect((await m.supervisingAgency(m.db(), hangzhou, { implicatedPlaceCode: null }))?.placeCode).toBe("330000");
    expect((await m.supervisingAgency(m.db(), hangzhou, { implicatedPlaceCode: "330000" }))?.placeCode).toBe("000000");
  });
});

describe("the administrator's view of the desks", () => {
  it("lists unstaffed desks, provinces without a staffed desk, and the tips waiting at each level as the queues see them", async () => {
    const before = await m.listDeskGaps();
    expect(before.nationalStaffed).toBe(true);
    expect(before.provincesWithoutDesk.map((p) => p.code)).toContain("430000");
    expect(before.provincesWithoutDesk.map((p) => p.code)).not.toContain("330000");
    expect(before.unstaffed.map((d) => d.placeCode)).toContain("330100");
    expect(before.unstaffed.map((d) => d.placeCode)).not.toContain("330000");
    const [row] = await m.sqlClient()`select count(*)::int as count from tips where state in ('submitted', 'returned', 'reopened')`;
    // Every waiting tip is counted at exactly one level.
    expect(Object.values(before.waiting).reduce((a, b) => a + b, 0)).toBe(row!.count);
    const nationalQueue = (await m.listTriageQueue(nationalDesk, {})).rows.length;
    expect(before.waiting.country).toBe(nationalQueue);

    const tip = await newTip({ tip: { placeCode: "330203" } });
    await setActive(zhejiangDesk, false);
    try {
      const after = await m.listDeskGaps();
      expect(after.provincesWithoutDesk.map((p) => p.code)).toContain("330000");
      expect(after.unstaffed.map((d) => d.placeCode)).toContain("330000");
      expect(after.waiting.country).toBeGreaterThanOrEqual(before.waiting.country + before.waiting.province + 1);
      expect(after.waiting.province).toBe(0);
      expect(await inQueue(nationalDesk, tip.reference)).toBe(true);
    } finally {
      await setActive(zhejiangDesk, true);
    }
  });
});
