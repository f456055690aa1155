import type { queueZhCN } from "./queue.zh-CN";

/** The triage queue in urgency order, claims, "decide and open the next", notices (issue 13, part 3). English. */
export const queueEn: Record<keyof typeof queueZhCN, string> = {
  "queue.lead": "Tips not yet triaged: those reporting a major hazard, a concealed accident or deaths first, then by deadline (nearest first).",
  "queue.lead.oldest": "Tips not yet triaged, oldest first.",
  "queue.sort": "Order",
  "queue.sort.urgency": "By urgency",
  "queue.sort.oldest": "Oldest first",
  "queue.col.snippet": "Text",
  "queue.deaths": "{n} dead",
  "queue.claim.by": "Being handled by {name} since {since}",
  "queue.claim.mine": "You have been handling this since {since}",
  "queue.claim.button": "I am handling this",
  "queue.claim.release": "Stop handling it, back to the queue",
  "queue.claim.hint": "Other triage officers will see that you are handling it; the claim lapses after {minutes} minutes or when the tip is decided.",
  "queue.decideAnyway": "Decide anyway ({name} is handling it)",
  "queue.routeNext": "Route and open the next",
  "queue.rejectNext": "Reject and open the next",
  "queue.notice.routed": "{ref} has been routed.",
  "queue.notice.rejected": "{ref} has been rejected.",
  "queue.notice.claimed": "You have claimed {ref}; other triage officers will see that you are handling it.",
  "queue.notice.released": "You have released {ref}; it is back in the queue.",
  "queue.notice.next": "This is the next tip in the queue.",
  "queue.notice.noneNext": "No other unclaimed tips are waiting in the queue.",
  "staff.ledger.action.tip.claimed": "Claimed",
  "staff.ledger.action.tip.claim_released": "Claim released",
};
