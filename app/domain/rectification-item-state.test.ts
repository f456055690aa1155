import { describe, expect, it } from "vitest";
import type { Actor } from "./case-state";
import {
  availableItemActions,
  caseDueOnFromItems,
  checkItemTransition,
  closeOutReady,
  ITEM_TRANSITIONS,
  itemDueOn,
  RECTIFICATION_ITEM_STATES,
  type RectificationItemAction,
} from "./rectification-item-state";

const ACTORS: Actor[] = ["triage_officer", "agency_officer", "supervisor", "administrator", "auditor", "tipster", "system"];

/** The item lifecycle written out by hand: open → verified; open → extended (once) → verified. */
const ALLOWED: [RectificationItemAction, string, Actor, string][] = [
  ["verify", "open", "agency_officer", "verified"],
  ["verify", "extended", "agency_officer", "verified"],
  ["extend", "open", "agency_officer", "extended"],
];

describe("the rectification item table", () => {
  it.each(ALLOWED)("%s from %s by %s leads to %s", (action, from, actor, to) => {
    const r = checkItemTransition(from, action, actor);
    expect(r.ok && r.to).toBe(to);
  });

  it("refuses every other combination of action, state and actor", () => {
    const allowed = new Set(ALLOWED.map(([a, s, r]) => `${a}|${s}|${r}`));
    let refused = 0;
    for (const action of Object.keys(ITEM_TRANSITIONS) as RectificationItemAction[])
      for (const state of RECTIFICATION_ITEM_STATES)
        for (const actor of ACTORS) {
          if (allowed.has(`${action}|${state}|${actor}`)) continue;
          expect(checkItemTransition(state, action, actor).ok, `${action} ${state} ${actor}`).toBe(false);
          refused++;
        }
    expect(refused).toBe(Object.keys(ITEM_TRANSITIONS).length * RECTIFICATION_ITEM_STATES.length * ACTORS.length - ALLOWED.length);
  });

  it("says why: the wrong actor before the wrong state", () => {
    expect(checkItemTransition("verified", "extend", "supervisor")).toEqual({ ok: false, problem: "not_allowed_for_actor" });
    expect(checkItemTransition("extended", "extend", "agency_officer")).toEqual({ ok: false, problem: "not_allowed_in_state" });
    expect(checkItemTransition("unknown", "verify", "agency_officer")).toEqual({ ok: false, problem: "not_allowed_in_state" });
  });

  it.each([
    ["open", "agency_officer", ["verify", "extend"]],
    ["extended", "agency_officer", ["verify"]],
    ["verified", "agency_officer", []],
    ["open", "supervisor", []],
  ] as const)("an item %s offers %s the forms %j", (state, actor, actions) => {
    expect(availableItemActions(state, actor)).toEqual(actions);
  });
});

describe("the close-out rule", () => {
  it.each([
    [[], false],
    [["verified"], true],
    [["verified", "verified", "verified"], true],
    [["open"], false],
    [["extended"], false],
    [["verified", "open"], false],
    [["verified", "extended", "verified"], false],
  ] as const)("items %j: ready to verify the case %s", (states, ready) => {
    expect(closeOutReady(states.map((state) => ({ state })))).toBe(ready);
  });
});

describe("deadlines", () => {
  it("an item's deadline in force is the extended one once extended", () => {
    expect(itemDueOn({ dueOn: "2027-01-10", extendedDueOn: null })).toBe("2027-01-10");
    expect(itemDueOn({ dueOn: "2027-01-10", extendedDueOn: "2027-02-01" })).toBe("2027-02-01");
  });

  it.each([
    [[], null],
    [[{ state: "verified", dueOn: "2027-01-01", extendedDueOn: null }], null],
    [
      [
        { state: "open", dueOn: "2027-03-01", extendedDueOn: null },
        { state: "open", dueOn: "2027-02-01", extendedDueOn: null },
      ],
      "2027-02-01",
    ],
    [
      [
        { state: "verified", dueOn: "2027-01-01", extendedDueOn: null },
        { state: "extended", dueOn: "2027-01-15", extendedDueOn: "2027-04-01" },
        { state: "open", dueOn: "2027-03-01", extendedDueOn: null },
      ],
      "2027-03-01",
    ],
  ] as const)("the case's deadline while rectifying, from %j, is %s", (items, due) => {
    expect(caseDueOnFromItems(items)).toBe(due);
  });
});
