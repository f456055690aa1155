import { describe, expect, it } from "vitest";
import { CASE_CONTENT_ROLES, can, canSeeCase, grantNeedsApproval, ROLES_GRANTED_BY_TWO, type AccountAccess, type CaseFacts, type Viewer } from "./permissions";

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
    ["agency_officer", "case.accept_or_return", true],
    ["agency_officer", "triage.decide", false],
    ["supervisor", "supervision.view_subtree", true],
    ["supervisor", "case.accept_or_return", false],
    ["administrator", "admin.manage_routing", true],
    ["administrator", "case.view_assigned", false],
    ["auditor", "ledger.verify", true],
    ["auditor", "triage.decide", false],
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
    ["an administrator", { role: "administrator", agency: null }, assigned("330106", "330106"), false],
    ["an auditor with an agency", { role: "auditor", agency: { id: "x", departmentType: "safety_committee", placeCode: "330000" } }, assigned("330106", "330106"), false],
  ])("%s: %s", (_, viewer, c, expected) => expect(canSeeCase(viewer, c)).toBe(expected));
});

describe("roles that read case content", () => {
  it("are exactly the triage officer, the agency officer and the supervisor", () => expect([...CASE_CONTENT_ROLES].sort()).toEqual(["agency_officer", "supervisor", "triage_officer"]));
  it("are granted by two people, as is the administrator role that approves them; the auditor is not", () =>
    expect([...ROLES_GRANTED_BY_TWO].sort()).toEqual(["administrator", "agency_officer", "supervisor", "triage_officer"]));
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
