import { describe, expect, it } from "vitest";
import { availableActions, CASE_STATES, checkTransition, CLOSED_STATES, isOpen, publicStatus, targetsOf, TRANSITIONS, type Actor, type CaseAction } from "./case-state";

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

/** The undo of a merge, by hand: back to the state the tip was in before it was merged. */
const UNDO_MERGE: [before: string, to: string][] = [
  ["submitted", "submitted"],
  ["returned", "returned"],
];

describe("the transition table", () => {
  it.each(ALLOWED)("%s from %s by %s leads to %s", (action, from, actor, to) => {
    const r = checkTransition(from, action, actor);
    expect(r.ok && r.to).toBe(to);
  });

  it.each(UNDO_MERGE)("unmerge of a tip merged from %s goes back to %s (by the desk)", (before, to) => {
    const r = checkTransition("merged", "unmerge", "triage_officer", before);
    expect(r.ok && r.to).toBe(to);
  });

  it("refuses every other combination of action, state, actor (and state before an undo)", () => {
    const allowed = new Set([...ALLOWED.map(([a, s, r]) => `${a}|${s}|${r}|`), ...UNDO_MERGE.map(([before]) => `unmerge|merged|triage_officer|${before}`)]);
    let refused = 0;
    for (const action of Object.keys(TRANSITIONS) as CaseAction[])
      for (const state of CASE_STATES)
        for (const actor of ACTORS)
          for (const before of action === "unmerge" ? CASE_STATES : [undefined]) {
            if (allowed.has(`${action}|${state}|${actor}|${before ?? ""}`)) continue;
            expect(checkTransition(state, action, actor, before).ok, `${action} ${state} ${actor} ${before}`).toBe(false);
            refused++;
          }
    const actions = Object.keys(TRANSITIONS).length;
    expect(refused).toBe((actions - 1) * CASE_STATES.length * ACTORS.length - ALLOWED.length + CASE_STATES.length ** 2 * ACTORS.length - UNDO_MERGE.length);
  });

  it("an undo without the state before it is refused", () => {
    expect(checkTransition("merged", "unmerge", "triage_officer")).toEqual({ ok: false, problem: "not_allowed_in_state" });
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

  it("closed states are the ones only a reopening (or the undo of a merge) leaves", () => {
    const exits = new Set(
      Object.entries(TRANSITIONS).flatMap(([a, t]) => (a === "unmerge" || targetsOf(t).some((to) => to === "reopened" || to === "under_review") ? [] : [...t.from])),
    );
    expect(CASE_STATES.filter((s) => !exits.has(s)).sort()).toEqual([...CLOSED_STATES].sort());
  });

  it("lists the actions open to a person", () => {
    expect(availableActions("submitted", "triage_officer").sort()).toEqual(["merge", "reject", "route"]);
    expect(availableActions("assigned", "agency_officer").sort()).toEqual(["accept", "return"]);
    expect(availableActions("assigned", "auditor")).toEqual([]);
    expect(availableActions("merged", "triage_officer")).toEqual(["unmerge"]);
    expect(availableActions("merged", "agency_officer")).toEqual([]);
  });

  it("every state except the final ones has a way out, and every state is reachable", () => {
    const reachable = new Set<string>(["submitted"]);
    for (let i = 0; i < CASE_STATES.length; i++) for (const t of Object.values(TRANSITIONS)) if (t.from.some((f) => reachable.has(f))) for (const to of targetsOf(t)) reachable.add(to);
    expect([...reachable].sort()).toEqual([...CASE_STATES].sort());
    const exits = new Set(Object.values(TRANSITIONS).flatMap((t) => [...t.from]));
    // A merge can be undone (back to the desk's queue); a rejection is final.
    expect(CASE_STATES.filter((s) => !exits.has(s)).sort()).toEqual(["rejected"]);
  });

  it("shows the tipster a plain status for every state", () => {
    expect(CASE_STATES.map(publicStatus)).not.toContain(undefined);
    expect(publicStatus("assigned")).toBe("with_agency");
    expect(publicStatus("returned")).toBe("received");
  });
});
