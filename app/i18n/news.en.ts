import type { newsZhCN } from "./news.zh-CN";

/** Replies nobody misses: "replies waiting" for staff, the tipster told when a question waits and when to check back. English. */
export const newsEn: Record<keyof typeof newsZhCN, string> = {
  "news.waiting.title": "Replies waiting ({count})",
  "news.waiting.lead": "The tipster replied or added evidence, and nobody who may see the case has opened it since. Opening the case marks it seen.",
  "news.waiting.leadTriage": "New tipster replies on tips at your desk, and on routed tips where your desk asked a question.",
  "news.waiting.empty": "No replies are waiting.",
  "news.waiting.more": "Only the {shown} with the nearest deadline are listed.",
  "news.col.reference": "Reference",
  "news.col.sector": "Sector",
  "news.col.place": "Place",
  "news.col.state": "State",
  "news.col.repliedOn": "Replied on",
  "news.col.files": "Files",
  "news.col.due": "Deadline",
  "news.files.yes": "With files",
  "news.files.no": "—",
  "news.badge.unread": "New reply",
  "news.status.question.title": "A question waits for your answer",
  "news.status.question.body": "Staff asked you a question in the conversation below. Your answer helps them check the facts.",
  "news.status.question.link": "Go to the reply form",
  "news.status.checkBack.accept": "Check back by {date}: we will have decided whether to accept your tip by then.",
  "news.status.checkBack.case": "Check back by {date}: that is the deadline of the agency's current step.",
  "news.report.newsByEmail": "Email me when there is news",
  "news.report.newsByEmail.hint": "The email will say only that there is news — no reference, agency or content. Needs an e-mail address.",
};
