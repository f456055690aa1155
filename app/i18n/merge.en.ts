import type { mergeZhCN } from "./merge.zh-CN";

/** Merging as a considered decision: the comparison, its warnings, the undo, and what the merged tipster sees. English. */
export const mergeEn: Record<keyof typeof mergeZhCN, string> = {
  "merge.compare.title": "The two tips side by side",
  "merge.col.observedOn": "Date observed",
  "merge.col.address": "Address",
  "merge.col.text": "What the tip says",
  "merge.col.attachments": "Attachments",
  "merge.none": "(not given)",
  "merge.warning.title": "Note: the two tips differ as follows. Check that they are the same matter before merging.",
  "merge.warning.sector": "Different sectors: this tip says “{tip}”, the target case “{target}”.",
  "merge.warning.place": "Different counties (districts): this tip is in “{tip}”, the target case in “{target}”.",
  "merge.warning.company": "Different companies or sites: this tip names “{tip}”, the target case “{target}”.",
  "merge.same": "The two tips have the same sector, county (district) and company or site.",
  "merge.sameMatter": "I have compared the two tips and they are the same matter",
  "unmerge.title": "Undo the merge of {reference}",
  "unmerge.lead":
    "This tip was merged into case {reference}. Undoing the merge returns it to the state it had before, with a new triage deadline, to be handled by the desk on its own; the ledgers of both cases record it.",
  "unmerge.reason": "Reason for undoing",
  "unmerge.reason.hint": "At least 5 characters, recorded in the ledgers of both cases.",
  "unmerge.submit": "Undo the merge",
  "unmerge.open": "Undo this merge",
  "unmerge.closed": "Case {reference} has been concluded: this merge can no longer be undone.",
  "staff.ledger.action.case.unmerge": "Merge undone",
  "staff.ledger.action.case.unmerged_out": "Merged tip taken out",
  "status.joined.title": "Progress of the joint handling",
  "status.joined.lead":
    "Your tip is handled together with an earlier tip on the same matter. Below is the progress of that matter; your conversation with the desk stays on this page, kept apart.",
  "status.joined.status": "Status",
  "status.joined.dueOn": "Current deadline",
  "status.joined.agency": "Handled by",
  "status.joined.steps": "Steps so far",
  "status.joined.outcome": "Outcome of the matter",
};
