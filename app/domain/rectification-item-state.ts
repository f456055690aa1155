import type { Actor } from "./case-state";

/**
 * The rectification items (整改清单) of an outcome that orders rectification (docs/decisions/037):
 * each item's states and the exhaustive table of its transitions, in the style of case-state.ts.
 * An item is verified on its own (a note and at least one evidence file) or extended once (a new
 * deadline and a reason) and then verified. The case's own transition `verify_rectification`
 * (rectifying → verified) stays in case-state.ts: it is taken when the last item is verified
 * (`closeOutReady`).
 */
export const RECTIFICATION_ITEM_STATES = ["open", "extended", "verified"] as const;
export type RectificationItemState = (typeof RECTIFICATION_ITEM_STATES)[number];

/** Who at the company must do an item: a role, never a person's name (a closed set with words in both languages). */
export const RESPONSIBLE_ROLES = ["legal_representative", "principal", "safety_manager", "site_manager", "other_role"] as const;
export type ResponsibleRole = (typeof RESPONSIBLE_ROLES)[number];

export type RectificationItemAction = "verify" | "extend";

type ItemTransition = { from: readonly RectificationItemState[]; to: RectificationItemState; by: readonly Actor[] };

export const ITEM_TRANSITIONS: Record<RectificationItemAction, ItemTransition> = {
  verify: { from: ["open", "extended"], to: "verified", by: ["agency_officer"] },
  // Once: an extended item is not extended again.
  extend: { from: ["open"], to: "extended", by: ["agency_officer"] },
};

export type ItemTransitionCheck = { ok: true; to: RectificationItemState } | { ok: false; problem: "not_allowed_in_state" | "not_allowed_for_actor" };

/** Whether `actor` may take `action` on an item in `state`, and where it leads. */
export function checkItemTransition(state: string, action: RectificationItemAction, actor: Actor): ItemTransitionCheck {
  const t = ITEM_TRANSITIONS[action];
  if (!t.by.includes(actor)) return { ok: false, problem: "not_allowed_for_actor" };
  if (!(t.from as readonly string[]).includes(state)) return { ok: false, problem: "not_allowed_in_state" };
  return { ok: true, to: t.to };
}

/** The item actions open to `actor` on an item in `state` (the forms a page shows). */
export function availableItemActions(state: string, actor: Actor): RectificationItemAction[] {
  return (Object.keys(ITEM_TRANSITIONS) as RectificationItemAction[]).filter((a) => checkItemTransition(state, a, actor).ok);
}

/** An item's deadline in force: the extended one if it was extended. */
export function itemDueOn(item: { dueOn: string; extendedDueOn: string | null }): string {
  return item.extendedDueOn ?? item.dueOn;
}

/**
 * Close-out (销号) rule: the case's rectification is verified only when it has at least one item
 * and every item is verified. A case with items still open stays `rectifying`.
 */
export function closeOutReady(items: readonly { state: string }[]): boolean {
  return items.length > 0 && items.every((i) => i.state === "verified");
}

/**
 * The case's deadline while it is rectifying (`tips.due_on`, the one the overdue escalation and the
 * reminders read): the earliest deadline in force among the items not yet verified; null when none is left.
 */
export function caseDueOnFromItems(items: readonly { state: string; dueOn: string; extendedDueOn: string | null }[]): string | null {
  const open = items.filter((i) => i.state !== "verified").map(itemDueOn);
  return open.length ? open.reduce((a, b) => (b < a ? b : a)) : null;
}
