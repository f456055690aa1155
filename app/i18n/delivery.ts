/**
 * Which catalogue strings the browser receives for a page (ADR 029). The root loader sends the
 * strings of the page's set, in the reader's language only; server code keeps the whole
 * catalogue (catalogues.server.ts). A set is a list of key prefixes ("stats." takes every key
 * that starts so) or whole keys.
 *
 * Adding a key under a prefix a page already has needs nothing here; a page that starts using a
 * key of another area needs its key or prefix added to its set — in tests and development such
 * a key throws (index.ts), and tests/integration/page-messages.test.ts renders every public page.
 */

/** The frame of every page: skip link, header, language switch, footer. */
const SHELL = ["site.", "nav.", "footer.", "lang."] as const;

import { APP_ERROR_MESSAGE } from "../lib/app-error";

/**
 * What any page can be refused with, form or none: a fault, a refusal of the route edge (one per
 * AppError code), a body refused.
 */
const PAGE_REFUSALS = ["errors.title", "errors.generic", "errors.backHome", "errors.rateLimited", "errors.body.", ...Object.values(APP_ERROR_MESSAGE)] as const;

/**
 * Refusals a public page with a form can show: every errors.* group but those only staff work can
 * meet, so that an error code a public form starts to return is delivered without a change here.
 */
const STAFF_ONLY_ERRORS = [
  "errors.ask.",
  "errors.assign.",
  "errors.channel.",
  "errors.claim.",
  "errors.conclude.",
  "errors.evidence.",
  "errors.extension.",
  "errors.implication.",
  "errors.joint.",
  "errors.keyword.",
  "errors.merge.",
  "errors.note.",
  "errors.notice.",
  "errors.publicSummary.",
  "errors.rectification.",
  "errors.reject.",
  "errors.reopen.",
  "errors.return.",
  "errors.review.",
  "errors.route.",
  "errors.stale.",
  "errors.transition.",
  "errors.unmerge.",
  "errors.verify.",
] as const;

/** The form kit's error summary (app/components/form-kit.tsx), on every page with a form. */
const FORM_KIT = ["admin.errors.summary"] as const;

export const MESSAGE_SETS = {
  /** Where no route's set applies (a page not found, an error outside the routes). */
  public: [...SHELL, ...PAGE_REFUSALS],
  home: [...SHELL, ...PAGE_REFUSALS, "home.", "stats."],
  report: [...SHELL, "errors.", ...FORM_KIT, "report.", "receipt.", "news.report.", "news.status.checkBack."],
  status: [...SHELL, "errors.", ...FORM_KIT, "status.", "receipt.", "news.status.", "report.files.hint"],
  stats: [...SHELL, ...PAGE_REFUSALS, "stats.", "channel."],
  outcomes: [...SHELL, ...PAGE_REFUSALS, "outcomes."],
  notices: [...SHELL, ...PAGE_REFUSALS, "notices."],
  openData: [...SHELL, ...PAGE_REFUSALS, "opendata.", "stats."],
  /** Staff pages keep every string, in the reader's language (they are many, and signed in). */
  staff: [""],
} as const satisfies Record<string, readonly string[]>;

export type MessageSet = keyof typeof MESSAGE_SETS;

/** The public pages by their first path segment; anything under /staff is staff. */
const PUBLIC_PAGES: Record<string, MessageSet> = {
  "": "home",
  report: "report",
  status: "status",
  stats: "stats",
  outcomes: "outcomes",
  notices: "notices",
  "open-data": "openData",
};

export function messageSetFor(pathname: string): MessageSet {
  const first = pathname.split("/")[1] ?? "";
  if (first === "staff") return "staff";
  return Object.hasOwn(PUBLIC_PAGES, first) ? PUBLIC_PAGES[first]! : "public";
}

/** Whether a set carries a key: one of its prefixes starts it, and no staff-only refusal on a public page. */
export function setCarries(set: MessageSet, key: string): boolean {
  const prefixes: readonly string[] = MESSAGE_SETS[set];
  if (!prefixes.some((p) => (p.endsWith(".") || p === "" ? key.startsWith(p) : key === p))) return false;
  return set === "staff" || !STAFF_ONLY_ERRORS.some((p) => key.startsWith(p));
}
