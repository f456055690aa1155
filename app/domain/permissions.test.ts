import { describe, expect, it } from "vitest";
import { CASE_CONTENT_ROLES, can, canSeeCase, canSeeMergedTip, contributesTo, handlesCase, grantNeedsApproval, mayBePublished, mayBeToldAbout, mayDecideImplicationChange, ROLES_GRANTED_BY_TWO, type AccountAccess, type CaseFacts, type Viewer } from "./permissions";

const desk = (placeCode: string): Viewer => ({ role: "triage_officer", agency: { id: `sc@${placeCode}`, departmentType: "safety_committee", placeCode } });
const officer = (placeCode: string, type = "emergency_management"): Viewer => ({ role: "agency_officer", agency: { id: `${type}@${placeCode}`, departmentType: type, placeCode } });
const supervisor = (placeCode: string, type = "emergency_management"): Viewer => ({ role: "supervisor", agency: { id: `${type}@${placeCode}`, departmentType: type, placeCode } });
const assigned = (placeCode: string, agencyPlace: string | null, type = "emergency_management", implicated: string | null = null): CaseFacts => ({
  placeCode,
  agencyId: agencyPlace ? `${type}@${agencyPlace}` : null,
  agencyPlaceCode: agencyPlace,
  agencyDepartmentType: agencyPlace ? type : null,
  implicatedPlaceCode: implicated,
});

describe("can", () => {
  it.each([
    ["triage_officer", "triage.decide", true],
    ["triage_officer", "admin.manage_staff", false],
    ["agency_officer", "case.ask_tipster", true],
    ["agency_officer", "triage.decide", false],
    ["supervisor", "supervision.view_subtree", true],
    ["supervisor", "admin.manage_staff", false],
    ["administrator", "admin.manage_routing", true],
    ["administrator", "case.view_assigned", false],
    ["auditor", "ledger.verify", true],
    ["auditor", "triage.decide", false],
    ["hotline_operator", "hotline.record", true],
    ["hotline_operator", "triage.view_queue", false],
    ["hotline_operator", "case.view_contact", false],
    ["triage_officer", "hotline.record", true],
    ["agency_officer", "hotline.record", false],
    ["supervisor", "hotline.record", false],
    ["administrator", "hotline.record", false],
    ["auditor", "hotline.record", false],
    ["administrator", "statistics.publish", true],
    ["auditor", "statistics.publish", false],
    ["supervisor", "statistics.publish", false],
    ["triage_officer", "statistics.publish", false],
  ] as const)("%s may %s: %s", (role, capability, expected) => expect(can(role, capability)).toBe(expected));
});

describe("canSeeCase", () => {
  it.each<[string, Viewer, CaseFacts, boolean]>([
    ["the officer of the assigned agency", officer("330106"), assigned("330106", "330106"), true],
    ["an officer of another agency of the same place", officer("330106", "ecology_environment"), assigned("330106", "330106"), false],
    ["an officer of the same type elsewhere", officer("330108"), assigned("330106", "330106"), false],
    ["a county officer when the case is at the city", officer("330106"), assigned("330106", "330100"), false],
    ["the city supervisor of a county case of the same type", supervisor("330100"), assigned("330106", "330106"), true],
    ["the city supervisor of another type", supervisor("330100", "ecology_environment"), assigned("330106", "330106"), false],
    ["the city supervisor of another city's county", supervisor("330100"), assigned("330203", "330203"), false],
    ["the province supervisor of a city case", supervisor("330000"), assigned("330106", "330100"), true],
    ["a county supervisor looking up at the city", supervisor("330106"), assigned("330106", "330100"), false],
    ["the province desk, any tip in the province", desk("330000"), assigned("330106", null), true],
    ["a city desk, a tip of another city", desk("330200"), assigned("330106", null), false],
    ["the county desk of an implicated county", desk("330106"), assigned("330106", null, "emergency_management", "330106"), false],
    ["the city desk above an implicated county", desk("330100"), assigned("330106", null, "emergency_management", "330106"), true],
    ["the assigned officer inside an implicated city", officer("330100"), assigned("330106", "330100", "emergency_management", "330100"), false],
    ["a supervisor inside an implicated province", supervisor("330000"), assigned("330106", "330000", "emergency_management", "330000"), false],
    ["the city safety-committee supervisor, an untriaged tip of its county", supervisor("330100", "safety_committee"), assigned("330106", null), true],
    ["the city safety-committee supervisor, an untriaged tip of another city", supervisor("330100", "safety_committee"), assigned("330203", null), false],
    ["the city safety-committee supervisor, an untriaged tip implicating the city", supervisor("330100", "safety_committee"), assigned("330106", null, "emergency_management", "330100"), false],
    ["the city emergency supervisor, an untriaged tip (no agency yet)", supervisor("330100"), assigned("330106", null), false],
    ["an administrator", { role: "administrator", agency: null }, assigned("330106", "330106"), false],
    ["an auditor with an agency", { role: "auditor", agency: { id: "x", departmentType: "safety_committee", placeCode: "330000" } }, assigned("330106", "330106"), false],
  ])("%s: %s", (_, viewer, c, expected) => expect(canSeeCase(viewer, c)).toBe(expected));

  // Joint handling (联办): a case led by 西湖区应急管理局 with contributors.
  const joint = (contributors: [string, string][], implicated: string | null = null): CaseFacts => ({
    ...assigned("330106", "330106", "emergency_management", implicated),
    contributors: contributors.map(([type, placeCode]) => ({ agencyId: `${type}@${placeCode}`, departmentType: type, placeCode })),
  });
  const eco106: [string, string] = ["ecology_environment", "330106"];
  const eco100: [string, string] = ["ecology_environment", "330100"];
  it.each<[string, Viewer, CaseFacts, boolean, boolean]>([
    ["an officer of the contributing agency", officer("330106", "ecology_environment"), joint([eco106]), true, false],
    ["an officer of the contributing city agency", officer("330100", "ecology_environment"), joint([eco100]), true, false],
    ["an officer of another agency (not asked)", officer("330106", "housing_construction"), joint([eco106]), false, false],
    ["an officer of the same type elsewhere", officer("330108", "ecology_environment"), joint([eco106]), false, false],
    ["no contributors listed (withdrawn ones are left out)", officer("330106", "ecology_environment"), joint([]), false, false],
    ["the lead agency's officer", officer("330106"), joint([eco106]), true, true],
    ["the lead's city supervisor", supervisor("330100"), joint([eco106]), true, true],
    ["the contributing agency's own supervisor", supervisor("330106", "ecology_environment"), joint([eco106]), true, false],
    ["the city supervisor above the contributing county agency", supervisor("330100", "ecology_environment"), joint([eco106]), true, false],
    ["the province supervisor above the contributing city agency", supervisor("330000", "ecology_environment"), joint([eco100]), true, false],
    ["a county supervisor below the contributing city agency", supervisor("330106", "ecology_environment"), joint([eco100]), false, false],
    ["a supervisor of another type", supervisor("330100", "housing_construction"), joint([eco106]), false, false],
    ["the contributor inside the implicated county", officer("330106", "ecology_environment"), joint([eco106], "330106"), false, false],
    ["the contributor inside the implicated city", officer("330100", "ecology_environment"), joint([eco100], "330100"), false, false],
    ["the contributing city agency above the implicated county", officer("330100", "ecology_environment"), joint([eco100], "330106"), true, false],
    ["the city supervisor above a contributor of the implicated county", supervisor("330100", "ecology_environment"), joint([eco106], "330106"), true, false],
    ["a triage officer of a contributing safety-committee office outside its desk region", desk("330200"), joint([["safety_committee", "330200"]]), false, false],
    ["an administrator", { role: "administrator", agency: null }, joint([eco106]), false, false],
  ])("joint handling: %s: sees %s, handles %s", (_, viewer, c, sees, handles) => {
    expect(canSeeCase(viewer, c)).toBe(sees);
    expect(handlesCase(viewer, c)).toBe(handles);
    expect(contributesTo(viewer, c)).toBe(sees && !handles);
  });

  // The national desk (000000) with the demo's staffing: Zhejiang's desks at 330000, 330100 and 330106 staffed.
  const staffed = new Set(["000000", "330000", "330100", "330106"]);
  it.each<[string, Viewer, CaseFacts, ReadonlySet<string>, boolean]>([
    ["the national desk, a Hunan tip (no staffed desk there)", desk("000000"), assigned("430102", null), staffed, true],
    ["the national desk, a Zhejiang tip its own desks hold", desk("000000"), assigned("330106", null), staffed, false],
    ["the national desk, a tip implicating Zhejiang (its conflict-of-interest case)", desk("000000"), assigned("330106", null, "emergency_management", "330000"), staffed, true],
    ["the national desk, a tip implicating Hangzhou: the province desk holds it", desk("000000"), assigned("330106", null, "emergency_management", "330100"), staffed, false],
    ["the national desk, Zhejiang when nobody staffs its desks", desk("000000"), assigned("330106", null), new Set(["000000"]), true],
    ["the national desk's supervisor, an untriaged Hunan tip", supervisor("000000", "safety_committee"), assigned("430102", null), staffed, true],
    ["the national desk's supervisor, an untriaged Zhejiang tip", supervisor("000000", "safety_committee"), assigned("330106", null), staffed, false],
    ["the national emergency supervisor, a province case of its type", supervisor("000000"), assigned("330106", "330000"), staffed, true],
    ["the national emergency supervisor, a case it was routed (province implicated)", supervisor("000000"), assigned("330106", "000000", "emergency_management", "330000"), staffed, true],
    ["the Zhejiang desk, a tip implicating Zhejiang", desk("330000"), assigned("330106", null, "emergency_management", "330000"), staffed, false],
    ["the Zhejiang desk still sees its own region", desk("330000"), assigned("330106", null), staffed, true],
    ["the Zhejiang desk, a Hunan tip", desk("330000"), assigned("430102", null), staffed, false],
    ["the national mine-safety officer, the province-implicated case it holds", officer("000000", "mine_safety"), assigned("330106", "000000", "mine_safety", "330000"), staffed, true],
  ])("national level: %s: %s", (_, viewer, c, desks, expected) => expect(canSeeCase(viewer, c, desks)).toBe(expected));
});

describe("mayBeToldAbout (the conflict-of-interest rule)", () => {
  it.each<[string, string, string | null, boolean]>([
    ["any agency, nothing implicated", "330106", null, true],
    ["the implicated county's own agency", "330106", "330106", false],
    ["a neighbouring county", "330108", "330106", true],
    ["the city above an implicated county", "330100", "330106", true],
    ["the province above an implicated county", "330000", "330106", true],
    ["the implicated city's own agency", "330100", "330100", false],
    ["a county inside an implicated city", "330106", "330100", false],
    ["another city of the province", "330200", "330100", true],
    ["the province above an implicated city", "330000", "330100", true],
    ["the implicated province's own agency", "330000", "330000", false],
    ["a city inside an implicated province", "330100", "330000", false],
    ["a county inside an implicated province", "330106", "330000", false],
    ["another province", "310000", "330000", true],
    ["the national level, a province implicated", "000000", "330000", true],
    ["the national level, a county implicated", "000000", "330106", true],
  ])("%s (%s, implicated %s): %s", (_, agencyPlace, implicated, expected) => expect(mayBeToldAbout(agencyPlace, { implicatedPlaceCode: implicated })).toBe(expected));
});

describe("mayBePublished (public outputs of an implicated case)", () => {
  it.each<[string, boolean, string | null, string, boolean]>([
    ["nothing implicated, open", false, null, "assigned", true],
    ["nothing implicated, closed", false, null, "closed", true],
    ["county implicated, open", true, "330106", "investigating", false],
    ["province implicated, still at the desk", true, "330000", "submitted", false],
    ["officials implicated without a region, open", true, null, "assigned", false],
    ["implicated, concluded (not yet closed)", true, "330100", "concluded", false],
    ["implicated, reopened", true, "330100", "reopened", false],
    ["implicated, closed", true, "330100", "closed", true],
    ["implicated, rejected", true, "330100", "rejected", true],
    ["implicated, merged", true, "330100", "merged", true],
  ])("%s: %s", (_, officialsImplicated, implicatedPlaceCode, state, expected) => expect(mayBePublished({ officialsImplicated, implicatedPlaceCode, state })).toBe(expected));
});

describe("canSeeMergedTip (a tip shown on the case it joined)", () => {
  const merged = (implicated: string | null = null): CaseFacts => assigned("330106", null, "emergency_management", implicated);
  it.each<[string, Viewer, CaseFacts, CaseFacts, boolean]>([
    ["the officer holding the joined case", officer("330100"), merged(), assigned("330106", "330100"), true],
    ["the supervisor above the joined case", supervisor("330000"), merged(), assigned("330106", "330100"), true],
    ["an officer of another agency", officer("330108"), merged(), assigned("330106", "330100"), false],
    ["the holder, when the merged tip implicates its city", officer("330100"), merged("330100"), assigned("330106", "330100"), false],
    ["the county desk, when the merged tip implicates its county", desk("330106"), merged("330106"), assigned("330106", "330100"), false],
    ["the city desk, when the merged tip implicates a county below it", desk("330100"), merged("330106"), assigned("330106", "330100"), true],
  ])("%s: %s", (_, viewer, m, joined, expected) => expect(canSeeMergedTip(viewer, m, joined)).toBe(expected));
});

describe("mayDecideImplicationChange (two-person rule)", () => {
  const sup = (placeCode: string, staffId = "approver", type = "safety_committee") => ({ ...supervisor(placeCode, type), staffId });
  const tip = (implicated: string | null) => assigned("330106", null, "emergency_management", implicated);
  it.each<[string, Viewer & { staffId: string }, CaseFacts, boolean]>([
    ["a city safety-committee supervisor, county implicated", sup("330100"), tip("330106"), true],
    ["the same supervisor deciding their own request", sup("330100", "requester"), tip("330106"), false],
    ["a county supervisor inside the implicated county", sup("330106"), tip("330106"), false],
    ["a city supervisor when the city is implicated", sup("330100"), tip("330100"), false],
    ["the province supervisor when the city is implicated", sup("330000"), tip("330100"), true],
    ["a supervisor who may not see the case (another city)", sup("330200"), tip("330106"), false],
    ["a triage officer outside the region", { ...desk("330000"), staffId: "approver" }, tip("330106"), false],
    ["a supervisor of the agency holding the case", sup("330100", "approver", "emergency_management"), assigned("330106", "330100", "emergency_management", "330106"), true],
    [
      "a supervisor who sees the case only as a contributor's (joint handling)",
      sup("330100", "approver", "ecology_environment"),
      { ...assigned("330106", "330106", "emergency_management", "330106"), contributors: [{ agencyId: "ecology_environment@330100", departmentType: "ecology_environment", placeCode: "330100" }] },
      false,
    ],
  ])("%s: %s", (_, approver, c, expected) => expect(mayDecideImplicationChange(approver, c, "requester")).toBe(expected));
});

describe("roles that read case content", () => {
  it("are exactly the triage officer, the agency officer and the supervisor", () => expect([...CASE_CONTENT_ROLES].sort()).toEqual(["agency_officer", "supervisor", "triage_officer"]));
  it("are granted by two people, as is the administrator role that approves them; the auditor is not", () =>
    expect([...ROLES_GRANTED_BY_TWO].sort()).toEqual(["administrator", "agency_officer", "supervisor", "triage_officer"]));
});

describe("the hotline operator", () => {
  const desk = { id: "a1", departmentType: "safety_committee", placeCode: "330106" };
  it("sees no case, not even one placed in its own desk's region (it saw the tip once, while recording it)", () =>
    expect(canSeeCase({ role: "hotline_operator", agency: desk }, { placeCode: "330106", agencyId: null, agencyPlaceCode: null, agencyDepartmentType: null, implicatedPlaceCode: null })).toBe(false));
  it("reads no case content, so one administrator grants the role", () => {
    expect(CASE_CONTENT_ROLES).not.toContain("hotline_operator");
    expect(ROLES_GRANTED_BY_TWO).not.toContain("hotline_operator");
  });
});

describe("grantNeedsApproval", () => {
  const at = (role: AccountAccess["role"], agencyId: string | null = "A", active = true): AccountAccess => ({ role, agencyId, active });
  it.each<[string, AccountAccess | null, AccountAccess, boolean]>([
    ["inviting a triage officer", null, at("triage_officer"), true],
    ["inviting an agency officer", null, at("agency_officer"), true],
    ["inviting a supervisor", null, at("supervisor"), true],
    ["inviting an administrator", null, at("administrator", null), true],
    ["inviting an auditor", null, at("auditor", null), false],
    ["auditor → agency officer", at("auditor", null), at("agency_officer"), true],
    ["agency officer → supervisor, same agency", at("agency_officer"), at("supervisor"), true],
    ["supervisor → agency officer, same agency", at("supervisor"), at("agency_officer"), true],
    ["agency officer moved to another agency", at("agency_officer", "A"), at("agency_officer", "B"), true],
    ["triage officer, only the name changes", at("triage_officer"), at("triage_officer"), false],
    ["agency officer → auditor", at("agency_officer"), at("auditor", null), false],
    ["auditor moved to another agency", at("auditor", "A"), at("auditor", "B"), false],
    ["reactivating a supervisor", at("supervisor", "A", false), at("supervisor"), true],
    ["reactivating an auditor", at("auditor", null, false), at("auditor", null), false],
    ["deactivating a triage officer", at("triage_officer"), at("triage_officer", "A", false), false],
    ["a role change of a deactivated account", at("auditor", null, false), at("supervisor", "A", false), false],
  ])("%s: %s", (_, before, after, expected) => expect(grantNeedsApproval(before, after)).toBe(expected));
});
