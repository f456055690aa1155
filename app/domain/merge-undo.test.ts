import { describe, expect, it } from "vitest";
import { CASE_STATES } from "./case-state";
import { mayUndoMerge } from "./merge-undo";

/** By hand, for every state of the case a tip was merged into: may the desk still undo the merge? */
const UNDO: Record<(typeof CASE_STATES)[number], boolean> = {
  submitted: true,
  returned: true,
  reopened: true,
  assigned: true,
  accepted: true,
  investigating: true,
  // The joined case was itself rejected or merged on: the tip may get its own handling back.
  rejected: true,
  merged: true,
  concluded: false,
  rectifying: false,
  verified: false,
  closed: false,
  under_review: false,
};

describe("undoing a merge, by the state of the case the tip joined", () => {
  it.each(CASE_STATES.map((s) => [s, UNDO[s]] as const))("joined case %s: undo %s", (state, may) => {
    expect(mayUndoMerge(state)).toBe(may);
  });

  it("refuses a state it does not know", () => {
    expect(mayUndoMerge("archived")).toBe(false);
  });
});
