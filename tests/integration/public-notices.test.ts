import { randomBytes } from "node:crypto";
import { parse as parseCsv } from "csv-parse/sync";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StaffContext } from "../../app/lib/staff-session.server";
import { acceptedCase, staffMember, type BuiltTip } from "../support/builders";
import { settle } from "../support/replies";

// Issue 15 part C: the public notice of a supervised major hazard (挂牌督办公告, ADR 038). A
// supervisor of the supervising agency publishes it for a major-hazard case listed for
// supervision (by the overdue rule or a supervisor's note); it is listed on /notices, in its Atom
// feed and the open-data downloads with public fields only; it is lifted (摘牌) after close-out.
// Refusals: not a major hazard, not listed, another agency (404), not a supervisor, not the
// supervising agency, implicated officials, a second notice, lifting before close-out.

type M = typeof import("../../app/lib/db.server") &
  typeof import("../../app/services/public-notice.server") &
  typeof import("../../app/services/published-notices.server") &
  typeof import("../../app/services/set-supervision.server") &
  typeof import("../../app/services/escalate-overdue.server") &
  typeof import("../../app/services/case-conclude.server") &
  typeof import("../../app/services/case-verify-rectification.server") &
  typeof import("../../app/services/rectification-items.server") &
  typeof import("../../app/services/case-close.server") &
  typeof import("../../app/lib/ledger.server") &
  typeof import("../../app/forms/case") & {
    page: typeof import("../../app/routes/notices");
    atom: typeof import("../../app/routes/notices[.]atom");
    openData: typeof import("../../app/routes/open-data");
    csv: typeof import("../../app/routes/open-data.notices[.csv]");
    json: typeof import("../../app/routes/open-data.notices[.json]");
  };
let m: M;

const RUN = randomBytes(4).toString("hex");
const EM = "emergency_management";
const COMPANY = `杭州测试${RUN}化工有限公司`;
const DESCRIPTION = `NOTICE-TIP-TEXT-${RUN} 储罐区可燃气体报警器被拆除，夜间仍在装卸作业。`;
const TEXT_ZH = `该企业储罐区可燃气体报警装置被拆除，构成重大事故隐患，现予挂牌督办，责令限期整改。${RUN}`;
const TEXT_EN = `Gas detectors removed at the tank farm: a major accident hazard, listed for supervision. ${RUN}`;
const LIFT_NOTE = `隐患已整改完毕，经复查合格，案件已销号。${RUN}`;
const ORIGIN = "http://canary.test";

let desk: StaffContext;
let officer: StaffContext; // 杭州市应急管理局: a major hazard is routed at city level
let countyOfficer: StaffContext; // 西湖区应急管理局
let provinceSupervisor: StaffContext; // 浙江省应急管理厅: supervises the city
let citySupervisor: StaffContext; // the holder's own supervisor (and the county's supervising agency)
let otherProvinceSupervisor: StaffContext; // 宁波: sees nothing of Hangzhou's cases
let major: BuiltTip;

const due = (days: number) => {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
const draft = (o: Partial<import("../../app/services/public-notice.server").NoticeInput> = {}) => ({
  subject: COMPANY,
  confirmSubject: true,
  textZh: TEXT_ZH,
  textEn: TEXT_EN,
  rectificationDueOn: due(40),
  ...o,
});

/** The refusal's code and message of a service call (or "ok"). */
async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (e) {
    const err = e as { code?: string; messageKey?: string };
    if (!err.code) throw e;
    return `${err.code}:${err.messageKey}`;
  }
}

const publicOutputs: { where: string; body: string }[] = [];
async function get(route: { loader: (args: any) => unknown }, path: string, lang?: "en") {
  const headers = lang ? { cookie: `lang=${lang}` } : undefined;
  const r = await settle(async () => route.loader({ request: new Request(ORIGIN + path, { headers }), params: {}, context: {} }));
  expect(r.status, path).toBe(200);
  const body = typeof r.data === "string" ? r.data : JSON.stringify(r.data);
  publicOutputs.push({ where: path, body });
  return r;
}
const noticesOf = async (query = "", lang?: "en") => (await get(m.page, `/notices${query}`, lang)).data.items as any[];
const mine = (items: any[]) => items.filter((n) => n.subject.includes(RUN));

beforeAll(async () => {
  m = {
    ...(await import("../../app/lib/db.server")),
    ...(await import("../../app/services/public-notice.server")),
    ...(await import("../../app/services/published-notices.server")),
    ...(await import("../../app/services/set-supervision.server")),
    ...(await import("../../app/services/escalate-overdue.server")),
    ...(await import("../../app/services/case-conclude.server")),
    ...(await import("../../app/services/case-verify-rectification.server")),
    ...(await import("../../app/services/rectification-items.server")),
    ...(await import("../../app/services/case-close.server")),
    ...(await import("../../app/lib/ledger.server")),
    ...(await import("../../app/forms/case")),
    page: await import("../../app/routes/notices"),
    atom: await import("../../app/routes/notices[.]atom"),
    openData: await import("../../app/routes/open-data"),
    csv: await import("../../app/routes/open-data.notices[.csv]"),
    json: await import("../../app/routes/open-data.notices[.json]"),
  };
  desk = await staffMember("triage_officer", "safety_committee", "330000");
  officer = await staffMember("agency_officer", EM, "330100");
  countyOfficer = await staffMember("agency_officer", EM, "330106");
  provinceSupervisor = await staffMember("supervisor", EM, "330000", { displayName: `省督办人${RUN}` });
  citySupervisor = await staffMember("supervisor", EM, "330100");
  otherProvinceSupervisor = await staffMember("supervisor", EM, "330200");
  major = await acceptedCase(desk, officer, { tip: { majorHazard: true, companyName: COMPANY, content: { description: DESCRIPTION } }, investigating: true });
}, 120_000);

afterAll(async () => {
  await m?.closeDb();
});

describe("publishing a notice (挂牌督办公告)", () => {
  it("is refused until the case is listed for supervision, then published by the supervising agency's supervisor", async () => {
    expect(await outcome(m.publishNotice(provinceSupervisor, major.reference, draft()))).toBe("conflict:errors.notice.not_listed");
    await m.setSupervision(provinceSupervisor, major.reference, { note: "挂牌督办，限期整改" });
    // Refused for who they are: an officer (no capability), the holder's own supervisor, another city's (404, as any other agency's case).
    expect(await outcome(m.publishNotice(officer, major.reference, draft()))).toBe("forbidden:errors.notice.not_supervisor");
    expect(await outcome(m.publishNotice(citySupervisor, major.reference, draft()))).toBe("forbidden:errors.notice.not_supervising_agency");
    expect(await outcome(m.publishNotice(otherProvinceSupervisor, major.reference, draft()))).toBe("not_found:errors.notFound");
    // The publishable-notice check: the subject confirmed, no personal data.
    expect(await outcome(m.publishNotice(provinceSupervisor, major.reference, draft({ confirmSubject: false })))).toBe("invalid_input:errors.notice.confirmSubject");
    expect(await outcome(m.publishNotice(provinceSupervisor, major.reference, draft({ textZh: `${TEXT_ZH}，联系电话13812345678` })))).toBe("invalid_input:errors.notice.personal.mobile");
    expect(await outcome(m.publishNotice(provinceSupervisor, major.reference, draft({ subject: "王先生的加工点" })))).toBe("invalid_input:errors.notice.subjectPerson");

    expect(await outcome(m.publishNotice(provinceSupervisor, major.reference, draft()))).toBe("ok");
    expect(await outcome(m.publishNotice(provinceSupervisor, major.reference, draft()))).toBe("conflict:errors.notice.already_published");
    const [entry] = await m.sqlClient()`select actor_type, details from ledger_entries where chain = ${m.chainForTip(major.id)} and action = 'case.notice_published'`;
    expect(entry).toMatchObject({ actor_type: "staff", details: { subject: COMPANY, rectificationDueOn: due(40) } });
  });

  it("is refused for a case that is not a major hazard, or whose tip implicates officials", async () => {
    const ordinary = await acceptedCase(desk, countyOfficer, { tip: { majorHazard: false, companyName: `普通${RUN}厂` } });
    await m.setSupervision(citySupervisor, ordinary.reference, { note: "督办" });
    expect(await outcome(m.publishNotice(citySupervisor, ordinary.reference, draft({ subject: `普通${RUN}厂区` })))).toBe("conflict:errors.notice.not_major_hazard");

    const implicated = await acceptedCase(desk, officer, { tip: { majorHazard: true, officialsImplicated: true, implicatedLevel: "county" } });
    await m.setSupervision(provinceSupervisor, implicated.reference, { note: "督办" });
    expect(await outcome(m.publishNotice(provinceSupervisor, implicated.reference, draft()))).toBe("conflict:errors.notice.implicated");
  });

  it("is possible for a case listed by the overdue rule (escalated), without a supervision note", async () => {
    const overdue = await acceptedCase(desk, officer, { tip: { majorHazard: true } });
    const [row] = await m.sqlClient()`select due_on::text as due from tips where id = ${overdue.id}`;
    const after = new Date(`${row!.due}T12:00:00+08:00`);
    after.setUTCDate(after.getUTCDate() + 2);
    await m.escalateOverdue({ now: after });
    const [esc] = await m.sqlClient()`select escalated_at, supervision_note from tips where id = ${overdue.id}`;
    expect(esc!.escalated_at).not.toBeNull();
    expect(esc!.supervision_note).toBeNull();
    expect(await outcome(m.publishNotice(provinceSupervisor, overdue.reference, draft({ subject: `逾期${RUN}仓储有限公司` })))).toBe("ok");
  });
});

describe("the public notice", () => {
  it("is listed on /notices with public fields only, in both languages", async () => {
    const [n] = mine(await noticesOf()).filter((x) => x.subject === COMPANY);
    expect(n).toMatchObject({ subject: COMPANY, standing: "current", rectificationDueOn: due(40), liftedOn: null, text: { text: TEXT_ZH, lang: "zh-CN" } });
    expect(n.place).toContain("杭州市");
    expect(n.place).toContain("西湖区");
    expect(n.agency).toBe("浙江省应急管理局");
    expect(n.progress).toEqual(["调查处理中"]);
    const [en] = mine(await noticesOf("", "en")).filter((x) => x.subject === COMPANY);
    expect(en.text).toEqual({ text: TEXT_EN, lang: "en" });
    expect(en.progress).toEqual(["Being investigated"]);
    expect(en.place).toContain("Hangzhou");
    // The province filter.
    expect(mine(await noticesOf("?province=330000")).length).toBe(2);
    expect(mine(await noticesOf("?province=320000"))).toEqual([]);
  });

  it("is in the Atom feed and the CSV and JSON downloads, whose columns the dictionary on /open-data documents", async () => {
    const feed = (await get(m.atom, "/notices.atom")).data as string;
    expect(feed).toContain("<feed");
    expect(feed).toContain(COMPANY);
    expect(feed).toContain("督办中 / Under supervision");
    // UTF-8 with a byte-order mark (Response.text() would drop it).
    const bytes = new Uint8Array(await m.csv.loader().arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = parseCsv((await get(m.csv, "/open-data/notices.csv")).data as string, { columns: true, bom: true }) as Record<string, string>[];
    const json = (await get(m.json, "/open-data/notices.json")).data as Record<string, unknown>[];
    const row = csv.find((r) => r.subject === COMPANY)!;
    expect(row).toMatchObject({
      standing: "current",
      place_code: "330106",
      sector_code: "hazardous_chemicals",
      notice_text_zh: TEXT_ZH,
      notice_text_en: TEXT_EN,
      lifted_on: "",
      case_status: "investigating",
    });
    const fromJson = json.find((r) => r.subject === COMPANY)!;
    expect(Object.fromEntries(Object.entries(fromJson).map(([k, v]) => [k, v === null ? "" : String(v)]))).toEqual(row);
    const dictionary = (await get(m.openData, "/open-data")).data as { noticeColumns: { name: string }[] };
    expect(dictionary.noticeColumns.map((c) => c.name)).toEqual(Object.keys(row));
  });

  it("writes spreadsheet-safe CSV: a formula-like subject gets a leading ', separators are quoted, and it reads back as the JSON", async () => {
    const tricky = await acceptedCase(desk, officer, { tip: { majorHazard: true } });
    await m.setSupervision(provinceSupervisor, tricky.reference, { note: "督办" });
    const subject = `=SUM(1,2) "${RUN}" 仓储有限公司`;
    const textZh = `第一行，含逗号, 和"引号"；\r\n第二行：储罐区报警装置被拆除，构成重大事故隐患。${RUN}`;
    expect(await outcome(m.publishNotice(provinceSupervisor, tricky.reference, draft({ subject, textZh, textEn: undefined })))).toBe("ok");
    const csv = parseCsv((await get(m.csv, "/open-data/notices.csv")).data as string, { columns: true, bom: true }) as Record<string, string>[];
    const json = (await get(m.json, "/open-data/notices.json")).data as Record<string, unknown>[];
    const row = csv.find((r) => r.subject === `'${subject}`)!;
    expect(row).toMatchObject({ notice_text_zh: textZh, notice_text_en: "" });
    const fromJson = json.find((r) => r.subject === subject)!;
    expect(Object.fromEntries(Object.entries(fromJson).map(([k, v]) => [k, k === "subject" ? `'${v}` : v === null ? "" : String(v)]))).toEqual(row);
    // Lifted with the others below: out of the way of the counts that follow.
    await m.sqlClient()`update tips set officials_implicated = true where id = ${tricky.id}`;
  });

  it("hides a notice whose tip is found to implicate officials while the case is open", async () => {
    const [row] = await m.sqlClient()`select t.id from tips t join public_notices n on n.tip_id = t.id where n.subject = ${`逾期${RUN}仓储有限公司`}`;
    await m.sqlClient()`update tips set officials_implicated = true where id = ${row!.id}`;
    expect(mine(await noticesOf()).map((n) => n.subject)).toEqual([COMPANY]);
    expect((await get(m.atom, "/notices.atom")).data).not.toContain(`逾期${RUN}`);
  });
});

describe("lifting a notice (摘牌)", () => {
  it("is refused before close-out and by others, and after close-out shows the notice as lifted", async () => {
    expect(await outcome(m.liftNotice(provinceSupervisor, major.reference, { note: LIFT_NOTE }))).toBe("conflict:errors.notice.not_closed_out");
    // Concluded with two rectification items (docs/decisions/037), each verified with evidence, closed (销号).
    const input = m.concludeSchema.parse({
      finding: "substantiated",
      rectificationOrdered: "on",
      items: [
        { action: "重新安装储罐区可燃气体报警器并联网", responsibleRole: "principal", dueOn: due(20) },
        { action: "对值班人员开展报警处置培训", responsibleRole: "safety_manager", dueOn: due(30) },
      ],
      publicSummaryZh: "经核查，该企业储罐区可燃气体报警器确被拆除，已责令限期整改。",
    });
    await m.concludeCase(officer, major.reference, input);
    // One line per item: its number, state and deadline — not what the company must do.
    expect(mine(await noticesOf())[0].progress).toEqual([`整改第 1 项：整改中（期限 ${due(20)}）`, `整改第 2 项：整改中（期限 ${due(30)}）`]);
    const photo = await sharp({ create: { width: 16, height: 12, channels: 3, background: "#3366cc" } })
      .png()
      .toBuffer();
    await m.verifyRectificationItem(officer, major.reference, { position: 1, note: "现场复查：报警器已重新安装并联网。", evidence: { files: [photo] } });
    expect(mine(await noticesOf())[0].progress).toEqual([`整改第 1 项：已核查整改到位（期限 ${due(20)}）`, `整改第 2 项：整改中（期限 ${due(30)}）`]);
    expect(await outcome(m.liftNotice(provinceSupervisor, major.reference, { note: LIFT_NOTE }))).toBe("conflict:errors.notice.not_closed_out");
    await m.verifyRectificationItem(officer, major.reference, { position: 2, note: "培训记录已核查，人员已考核合格。", evidence: { files: [photo] } });
    expect(await outcome(m.liftNotice(provinceSupervisor, major.reference, { note: LIFT_NOTE }))).toBe("conflict:errors.notice.not_closed_out");
    await m.closeCase(officer, major.reference);

    expect(await outcome(m.liftNotice(citySupervisor, major.reference, { note: LIFT_NOTE }))).toBe("forbidden:errors.notice.not_supervising_agency");
    expect(await outcome(m.liftNotice(officer, major.reference, { note: LIFT_NOTE }))).toBe("forbidden:errors.notice.not_supervisor");
    expect(await outcome(m.liftNotice(provinceSupervisor, major.reference, { note: "好" }))).toBe("invalid_input:errors.notice.liftNoteLength");
    expect(await outcome(m.liftNotice(provinceSupervisor, major.reference, { note: LIFT_NOTE }))).toBe("ok");
    expect(await outcome(m.liftNotice(provinceSupervisor, major.reference, { note: LIFT_NOTE }))).toBe("conflict:errors.notice.no_notice");

    const [n] = mine(await noticesOf());
    expect(n).toMatchObject({ subject: COMPANY, standing: "lifted", liftNote: LIFT_NOTE, progress: [`整改第 1 项：已核查整改到位（期限 ${due(20)}）`, `整改第 2 项：已核查整改到位（期限 ${due(30)}）`] });
    expect(n.liftedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const csv = parseCsv((await get(m.csv, "/open-data/notices.csv")).data as string, { columns: true, bom: true }) as Record<string, string>[];
    expect(csv.find((r) => r.subject === COMPANY)).toMatchObject({ standing: "lifted", lifted_on: n.liftedOn, lift_note: LIFT_NOTE, case_status: "closed" });
    const json = (await get(m.json, "/open-data/notices.json")).data as Record<string, unknown>[];
    expect(json.find((r) => r.subject === COMPANY)).toMatchObject({ rectification_items: 2, rectification_items_verified: 2 });
    expect((await get(m.atom, "/notices.atom")).data).toContain("已摘牌 / Lifted");

    // A new notice could follow a reopening; the lifted one stays published.
    const actions = await m.sqlClient()`select action from ledger_entries where chain = ${m.chainForTip(major.id)} and action like 'case.notice_%' order by seq`;
    expect(actions.map((a) => a.action)).toEqual(["case.notice_published", "case.notice_lifted"]);
    expect((await m.verifyLedger(m.db())).problem).toBeNull();
  });

  it("never shows the tip's reference, text or date, nor a staff name, in any public output", async () => {
    const [tip] = await m.sqlClient()`select reference, submitted_on::text as submitted from tips where id = ${major.id}`;
    expect(publicOutputs.length).toBeGreaterThan(8);
    for (const { where, body } of publicOutputs) {
      expect(body, where).not.toContain(tip!.reference);
      expect(body, where).not.toContain(`NOTICE-TIP-TEXT-${RUN}`);
      expect(body, where).not.toContain(provinceSupervisor.displayName);
      expect(body, where).not.toContain(provinceSupervisor.email);
    }
  });
});
