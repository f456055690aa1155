import { describe, expect, it } from "vitest";
import { CASE_STATES } from "./case-state";
import { can } from "./permissions";
import { STAFF_ROLES } from "./staff-roles";
import {
  listedForSupervision,
  mayLiftNotice,
  mayPublishNotice,
  NOTICE_PUBLISH_STATES,
  publishableLiftNote,
  publishableNotice,
  subjectNamesAPerson,
  type LiftFacts,
  type NoticeDraft,
  type PublishFacts,
} from "./public-notice";

const SUPERVISING = "agency-city";
const base: PublishFacts = {
  viewer: { role: "supervisor", agencyId: SUPERVISING },
  supervisingAgencyId: SUPERVISING,
  c: { state: "investigating", majorHazard: true, officialsImplicated: false, implicatedPlaceCode: null, escalatedAt: "2026-03-01T02:00:00Z", supervisionNote: null },
  hasCurrentNotice: false,
};
const withCase = (c: Partial<PublishFacts["c"]>): PublishFacts => ({ ...base, c: { ...base.c, ...c } });

describe("notice.publish", () => {
  it.each(STAFF_ROLES)("%s", (role) => expect(can(role, "notice.publish")).toBe(role === "supervisor"));
});

describe("listedForSupervision", () => {
  it.each([
    [{ escalatedAt: null, supervisionNote: null }, false],
    [{ escalatedAt: new Date(), supervisionNote: null }, true],
    [{ escalatedAt: null, supervisionNote: "请于月底前完成整改" }, true],
    [{ escalatedAt: null, supervisionNote: "  " }, false],
  ])("%j → %s", (c, listed) => expect(listedForSupervision(c)).toBe(listed));
});

describe("mayPublishNotice", () => {
  it.each<[string, PublishFacts, ReturnType<typeof mayPublishNotice>]>([
    ["a supervisor of the supervising agency, major hazard, escalated", base, null],
    ["listed by a supervisor's note instead of the overdue rule", withCase({ escalatedAt: null, supervisionNote: "挂牌督办" }), null],
    ["an agency officer", { ...base, viewer: { role: "agency_officer", agencyId: SUPERVISING } }, "not_supervisor"],
    ["a triage officer", { ...base, viewer: { role: "triage_officer", agencyId: SUPERVISING } }, "not_supervisor"],
    ["an administrator (no agency)", { ...base, viewer: { role: "administrator", agencyId: null } }, "not_supervisor"],
    ["a supervisor of another agency (the holder's own, or a third one)", { ...base, viewer: { role: "supervisor", agencyId: "agency-county" } }, "not_supervising_agency"],
    ["no supervising agency outside the implicated region", { ...base, supervisingAgencyId: null }, "not_supervising_agency"],
    ["not a major hazard", withCase({ majorHazard: false }), "not_major_hazard"],
    ["not listed for supervision", withCase({ escalatedAt: null, supervisionNote: null }), "not_listed"],
    ["officials implicated (no region)", withCase({ officialsImplicated: true }), "implicated"],
    ["an implicated region", withCase({ officialsImplicated: true, implicatedPlaceCode: "330106" }), "implicated"],
    ["a current notice already", { ...base, hasCurrentNotice: true }, "already_published"],
  ])("%s", (_name, facts, expected) => expect(mayPublishNotice(facts)).toBe(expected));

  it.each(CASE_STATES)("in state %s: only while held by an agency and not closed out", (state) => {
    const expected = (NOTICE_PUBLISH_STATES as readonly string[]).includes(state) ? null : "not_open";
    expect(mayPublishNotice(withCase({ state }))).toBe(expected);
  });

  it("excludes exactly the desk's, the closed and the review states", () => {
    expect(CASE_STATES.filter((s) => !(NOTICE_PUBLISH_STATES as readonly string[]).includes(s)).sort()).toEqual(
      ["closed", "merged", "rejected", "reopened", "returned", "submitted", "under_review"].sort()
    );
  });
});

describe("mayLiftNotice", () => {
  const lift: LiftFacts = { viewer: { role: "supervisor", agencyId: SUPERVISING }, noticeAgencyId: SUPERVISING, state: "closed" };
  it.each<[string, LiftFacts, ReturnType<typeof mayLiftNotice>]>([
    ["the publishing agency's supervisor after close-out", lift, null],
    ["an agency officer", { ...lift, viewer: { role: "agency_officer", agencyId: SUPERVISING } }, "not_supervisor"],
    ["a supervisor of another agency", { ...lift, viewer: { role: "supervisor", agencyId: "other" } }, "not_supervising_agency"],
    ["no current notice", { ...lift, noticeAgencyId: null }, "no_notice"],
  ])("%s", (_name, facts, expected) => expect(mayLiftNotice(facts)).toBe(expected));

  it.each(CASE_STATES)("in state %s: only once closed out", (state) => {
    expect(mayLiftNotice({ ...lift, state })).toBe(state === "closed" ? null : "not_closed_out");
  });
});

describe("publishableNotice", () => {
  const TODAY = "2026-03-10";
  const ok: NoticeDraft = {
    subject: "杭州某某化工有限公司储罐区",
    confirmSubject: true,
    textZh: "该企业储罐区可燃气体报警装置被拆除，构成重大事故隐患，现予挂牌督办，责令限期整改。",
    textEn: "Gas detectors removed from the tank farm: a major hazard, listed for supervision.",
    rectificationDueOn: "2026-04-30",
  };
  const fields = (d: Partial<NoticeDraft>) => publishableNotice({ ...ok, ...d }, TODAY).map((i) => `${i.field}:${i.message}${i.params ? `|${i.params.n}` : ""}`);

  it.each<[string, Partial<NoticeDraft>, string[]]>([
    ["a company and staff's own text", {}, []],
    ["no English text", { textEn: undefined }, []],
    ["a deadline of today", { rectificationDueOn: TODAY }, []],
    ["a site name", { subject: "西湖区某建筑工地（3号地块）" }, []],
    ["subject not confirmed", { confirmSubject: false }, ["confirmSubject:errors.notice.confirmSubject"]],
    ["subject too short (a bare personal name)", { subject: "张三" }, ["subject:errors.notice.subjectLength"]],
    ["subject too long", { subject: "公".repeat(101) }, ["subject:errors.notice.subjectLength"]],
    ["subject names a person by a form of address", { subject: "王先生的加工点" }, ["subject:errors.notice.subjectPerson"]],
    ["subject names a person in English", { subject: "Workshop of Mr. Wang" }, ["subject:errors.notice.subjectPerson"]],
    ["subject carries a phone number", { subject: "某化工厂 13812345678" }, ["subject:errors.notice.personal.mobile|13812345678"]],
    ["text too short", { textZh: "重大隐患" }, ["textZh:errors.notice.textLength"]],
    ["text carries an email address", { textZh: `${ok.textZh}举报人邮箱 zhang@example.com` }, ["textZh:errors.notice.personal.email|zhang@example.com"]],
    ["English text carries a landline", { textEn: "Call 0571-87654321" }, ["textEn:errors.notice.personal.landline|0571-87654321"]],
    ["English text too long", { textEn: "a".repeat(4001) }, ["textEn:errors.text.tooLong.4000"]],
    ["deadline in the past", { rectificationDueOn: "2026-03-09" }, ["rectificationDueOn:errors.notice.dueOnPast"]],
    ["deadline not a date", { rectificationDueOn: "2026-02-30" }, ["rectificationDueOn:errors.date.invalid"]],
  ])("%s", (_name, d, expected) => expect(fields(d)).toEqual(expected));

  it.each([
    ["杭州某某化工有限公司", false],
    ["王先生", true],
    ["李女士经营的仓库", true],
    ["Ms Li's warehouse", true],
    ["Dr. Zhou Clinic", true],
    ["Drum Factory", false],
  ])("subjectNamesAPerson(%j) → %s", (s, person) => expect(subjectNamesAPerson(s)).toBe(person));
});

describe("publishableLiftNote", () => {
  it.each([
    ["隐患已整改完毕，经核查销号。", []],
    ["已改", ["note:errors.notice.liftNoteLength"]],
    ["整改已完成，联系 13912345678", ["note:errors.notice.personal.mobile"]],
  ])("%j", (note, expected) => expect(publishableLiftNote(note).map((i) => `${i.field}:${i.message}`)).toEqual(expected));
});
