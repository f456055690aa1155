import { describe, expect, it } from "vitest";
import { availableActions, CASE_STATES, checkTransition, CLOSED_STATES, isOpen, publicStatus, TRANSITIONS, type Actor, type CaseAction } from "./case-state";

const ACTORS: Actor[] = ["triage_officer", "agency_officer", "supervisor", "administrator", "auditor", "tipster", "system"];

/** The lifecycle of docs/domain.md ("Case lifecycle") written out once more, by hand, as the test's own table. */
const ALLOWED: [CaseAction, string, Actor, string][] = [
  ["reject", "submitted", "triage_officer", "rejected"],
  ["reject", "returned", "triage_officer", "rejected"],
  ["reject", "reopened", "triage_officer", "rejected"],
  ["merge", "submitted", "triage_officer", "merged"],
  ["merge", "returned", "triage_officer", "merged"],
  ["route", "submitted", "triage_officer", "assigned"],
  ["route", "returned", "triage_officer", "assigned"],
  ["route", "reopened", "triage_officer", "assigned"],
  ["accept", "assigned", "agency_officer", "accepted"],
  ["return", "assigned", "agency_officer", "returned"],
  ["start_investigation", "accepted", "agency_officer", "investigating"],
  ["conclude_with_rectification", "investigating", "agency_officer", "rectifying"],
  ["conclude_nothing_to_rectify", "investigating", "agency_officer", "concluded"],
  ["verify_rectification", "rectifying", "agency_officer", "verified"],
  ["close", "concluded", "agency_officer", "closed"],
  ["close", "verified", "agency_officer", "closed"],
  ["reopen", "closed", "supervisor", "reopened"],
  ["reopen", "closed", "triage_officer", "reopened"],
  ["dispute", "closed", "tipster", "under_review"],
  ["uphold", "under_review", "supervisor", "closed"],
  ["reopen_after_review", "under_review", "supervisor", "reopened"],
];

describe("the transition table", () => {
  it.each(ALLOWED)("%s from %s by %s leads to %s", (action, from, actor, to) => {
    const r = checkTransition(from, action, actor);
    expect(r.ok && r.to).toBe(to);
  });

  it("refuses every other combination of action, state and actor", () => {
    const allowed = new Set(ALLOWED.map(([a, s, r]) => `${a}|${s}|${r}`));
    let refused = 0;
    for (const action of Object.keys(TRANSITIONS) as CaseAction[])
      for (const state of CASE_STATES)
        for (const actor of ACTORS) {
          if (allowed.has(`${action}|${state}|${actor}`)) continue;
          expect(checkTransition(state, action, actor).ok, `${action} ${state} ${actor}`).toBe(false);
          refused++;
        }
    expect(refused).toBe(Object.keys(TRANSITIONS).length * CASE_STATES.length * ACTORS.length - ALLOWED.length);
  });

  it("says why a transition is refused", () => {
    expect(checkTransition("closed", "accept", "agency_officer")).toEqual({ ok: false, problem: "not_allowed_in_state" });
    expect(checkTransition("assigned", "accept", "triage_officer")).toEqual({ ok: false, problem: "not_allowed_for_actor" });
  });

  it("leads where the table says", () => {
    expect(checkTransition("submitted", "reject", "triage_officer")).toEqual({ ok: true, to: "rejected" });
  });

  it.each(CASE_STATES.map((s) => [s, !["closed", "rejected", "merged"].includes(s)] as const))("isOpen(%s) = %s", (state, open) => {
    expect(isOpen(state)).toBe(open);
  });

  it("closed states are the ones only a reopening leaves", () => {
    const exits = new Set(Object.values(TRANSITIONS).flatMap((t) => (t.to === "reopened" || t.to === "under_review" ? [] : [...t.from])));
    expect(CASE_STATES.filter((s) => !exits.has(s)).sort()).toEqual([...CLOSED_STATES].sort());
  });

  it("lists the actions open to a person", () => {
    expect(availableActions("submitted", "triage_officer").sort()).toEqual(["merge", "reject", "route"]);
    expect(availableActions("assigned", "agency_officer").sort()).toEqual(["accept", "return"]);
    expect(availableActions("assigned", "auditor")).toEqual([]);
  });

  it("every state except the final ones has a way out, and every state is reachable", () => {
    const reachable = new Set<string>(["submitted"]);
    for (let i = 0; i < CASE_STATES.length; i++) for (const t of Object.values(TRANSITIONS)) if (t.from.some((f) => reachable.has(f))) reachable.add(t.to);
    expect([...reachable].sort()).toEqual([...CASE_STATES].sort());
    const exits = new Set(Object.values(TRANSITIONS).flatMap((t) => [...t.from]));
    expect(CASE_STATES.filter((s) => !exits.has(s)).sort()).toEqual(["merged", "rejected"]);
  });

  it("shows the tipster a plain status for every state", () => {
    expect(CASE_STATES.map(publicStatus)).not.toContain(undefined);
    expect(publicStatus("assigned")).toBe("with_agency");
    expect(publicStatus("returned")).toBe("received");
  });
});
