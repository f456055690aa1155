import { itemExtendSchema, itemVerifySchema, MAX_ITEMS } from "../forms/rectification";
import type { StaffContext } from "./staff-session.server";
import { intent, type IntentHandler } from "./route-edge.server";
import type { EvidenceUpload } from "../services/case-evidence.server";
import { extendRectificationItem, verifyRectificationItem } from "../services/rectification-items.server";

/**
 * The case page's per-item intents (docs/decisions/037): `item_verify_<n>` and `item_extend_<n>`,
 * one form id per item so that a refusal and what was typed come back to that item only. Only the
 * intent posted is declared; any other name stays the page's unknown intent.
 */
export function rectificationItemIntents(staff: StaffContext, reference: string, evidence: EvidenceUpload, posted: string): Record<string, IntentHandler> {
  const m = /^item_(verify|extend)_([1-9]\d?)$/.exec(posted);
  if (!m || Number(m[2]) > MAX_ITEMS) return {};
  const position = Number(m[2]);
  if (m[1] === "verify") return { [posted]: intent(itemVerifySchema, (v) => verifyRectificationItem(staff, reference, { position, note: v.note, evidence })) };
  return { [posted]: intent(itemExtendSchema, (v) => extendRectificationItem(staff, reference, { ...v, position })) };
}
