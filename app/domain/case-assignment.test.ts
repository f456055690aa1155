import { describe, expect, it } from "vitest";
import { CASE_STATES } from "./case-state";
import { inboxView, isAssignable, mayReassign, officerInCharge, reassignRefusal, type OfficerFacts, type ReassignRefusal } from "./case-assignment";
import { can } from "./permissions";
import { STAFF_ROLES } from "./staff-roles";

const officer = (id: string, o: Partial<OfficerFacts> = {}): OfficerFacts => ({ id, role: "agency_officer", active: true, agencyId: "em106", ...o });
const lead = { role: "supervisor" as const, agencyId: "em106" };
const held = (o: Partial<{ state: string; agencyId: string | null; current: string | null }> = {}) => ({ state: "investigating", agencyId: "em106", current: "a", ...o });
const REASON = "王五休假两周，由李四接手";

describe("isAssignable: accepted by the agency, not yet closed", () => {
  const assignable = new Set(["accepted", "investigating", "concluded", "rectifying", "verified", "under_review"]);
  it.each(CASE_STATES.map((s) => [s, assignable.has(s)] as const))("%s: %s", (state, expected) => expect(isAssignable(state)).toBe(expected));
});

describe("officerInCharge", () => {
  it.each<[string, { agencyId: string | null }, OfficerFacts | null, string | null]>([
    ["an active officer of the holding agency", { agencyId: "em106" }, officer("a"), "a"],
    ["nobody recorded", { agencyId: "em106" }, null, null],
    ["a deactivated officer", { agencyId: "em106" }, officer("a", { active: false }), null],
    ["an officer moved to another agency", { agencyId: "em106" }, officer("a", { agencyId: "em108" }), null],
    ["an officer made a supervisor", { agencyId: "em106" }, officer("a", { role: "supervisor" }), null],
    ["a case no longer with an agency", { agencyId: null }, officer("a"), null],
  ])("%s → %s", (_, c, recorded, expected) => expect(officerInCharge(c, recorded)).toBe(expected));
});

describe("reassignRefusal", () => {
  it.each<[string, { role: (typeof STAFF_ROLES)[number]; agencyId: string | null }, ReturnType<typeof held>, OfficerFacts, string, ReassignRefusal | null]>([
    ["a supervisor of the agency, to another active officer", lead, held(), officer("b"), REASON, null],
    ["an unassigned case (its officer was deactivated)", lead, held({ current: null }), officer("a"), REASON, null],
    ["accepted", lead, held({ state: "accepted" }), officer("b"), REASON, null],
    ["under review", lead, held({ state: "under_review" }), officer("b"), REASON, null],
    ["an agency officer of the agency", { role: "agency_officer", agencyId: "em106" }, held(), officer("b"), REASON, "not_lead"],
    ["the city supervisor above the agency", { role: "supervisor", agencyId: "em100" }, held(), officer("b"), REASON, "not_lead"],
    ["a supervisor without an agency", { role: "supervisor", agencyId: null }, held(), officer("b"), REASON, "not_lead"],
    ["a triage officer", { role: "triage_officer", agencyId: "em106" }, held(), officer("b"), REASON, "not_lead"],
    ["an administrator", { role: "administrator", agencyId: null }, held(), officer("b"), REASON, "not_lead"],
    ["not yet accepted", lead, held({ state: "assigned", current: null }), officer("b"), REASON, "not_assignable"],
    ["closed", lead, held({ state: "closed" }), officer("b"), REASON, "not_assignable"],
    ["returned to the desk", lead, held({ state: "returned", current: null }), officer("b"), REASON, "not_assignable"],
    ["to a supervisor", lead, held(), officer("s", { role: "supervisor" }), REASON, "not_officer"],
    ["to a triage officer of the agency", lead, held(), officer("t", { role: "triage_officer" }), REASON, "not_officer"],
    ["to a deactivated officer", lead, held(), officer("b", { active: false }), REASON, "inactive"],
    ["to an officer of another agency", lead, held(), officer("b", { agencyId: "em108" }), REASON, "other_agency"],
    ["to the officer in charge", lead, held(), officer("a"), REASON, "same_officer"],
    ["without a reason", lead, held(), officer("b"), "", "reason_required"],
    ["a reason of spaces", lead, held(), officer("b"), "      ", "reason_required"],
    ["a reason of 4 characters", lead, held(), officer("b"), "休假两周", "reason_required"],
    ["a reason of 5 characters", lead, held(), officer("b"), "休假两周了", null],
    ["a reason over 2,000 characters", lead, held(), officer("b"), "长".repeat(2001), "reason_required"],
  ])("%s → %s", (_, actor, c, target, reason, expected) => expect(reassignRefusal(actor, c, target, reason)).toBe(expected));
});

describe("mayReassign (the form is offered)", () => {
  it.each([
    ["a supervisor of the holding agency", lead, held(), true],
    ["a supervisor of the holding agency, closed case", lead, held({ state: "closed" }), false],
    ["an agency officer", { role: "agency_officer" as const, agencyId: "em106" }, held(), false],
    ["a supervisor above", { role: "supervisor" as const, agencyId: "em100" }, held(), false],
  ])("%s: %s", (_, actor, c, expected) => expect(mayReassign(actor, c)).toBe(expected));
});

describe("the capability follows the rule's role", () => {
  it.each(STAFF_ROLES.map((r) => [r, r === "supervisor"] as const))("%s may reassign: %s", (role, expected) => expect(can(role, "case.reassign")).toBe(expected));
});

describe("inboxView", () => {
  it.each([
    ["mine", "mine"],
    ["unassigned", "unassigned"],
    ["all", "all"],
    [undefined, "all"],
    ["MINE", "all"],
    ["' or 1=1", "all"],
  ])("%s → %s", (raw, expected) => expect(inboxView(raw)).toBe(expected));
});
