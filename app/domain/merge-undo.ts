import { CASE_STATES, CONCLUDED_STATES } from "./case-state";

/**
 * Whether the desk may still undo a merge, by the state of the case the tip joined: until that
 * case is concluded. After a conclusion the merged tip's facts are part of a finding (and its
 * tipster has been shown that outcome); taking them out again would rewrite a decided case.
 * A joined case that was reopened is open again, so the undo is possible again.
 */
export function mayUndoMerge(joinedState: string): boolean {
  return (CASE_STATES as readonly string[]).includes(joinedState) && !(CONCLUDED_STATES as readonly string[]).includes(joinedState);
}
