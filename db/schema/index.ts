import { sql } from "drizzle-orm";
import { APPROVAL_KINDS, APPROVAL_STATES, APPROVAL_SUBJECT_TYPES } from "../../app/domain/approvals";
import { CASE_STATES, EXTENSION_STATES, REJECTION_REASONS, REVIEW_DECISIONS, TRIAGE_STATES } from "../../app/domain/case-state";
import { TIP_CHANNELS } from "../../app/domain/channels";
import { CONTRIBUTION_STATES } from "../../app/domain/joint-handling";
import { DUE_SQL, URGENCY_SQL } from "../../app/domain/triage-urgency";
import { ACCIDENT_LEVELS, FINDINGS } from "../../app/domain/outcomes";
import { LEVELS } from "../../app/domain/places";
import { REWARD_CLAIM_STATES } from "../../app/domain/rewards";
import { STAFF_ROLES } from "../../app/domain/staff-roles";
import { CAPTCHA_STATUSES, LEDGER_ACTOR_TYPES, PARTIES, STATISTICS_CASE_STATUSES, STATISTICS_DIMS } from "../../app/domain/vocabulary";
import { CALENDAR_DAY_KINDS } from "../../app/domain/working-days";
import { RECTIFICATION_ITEM_STATES, RESPONSIBLE_ROLES } from "../../app/domain/rectification-item-state";
import { RELEASE_TRIGGERS } from "../../app/domain/statistics-release";
import {
  pgMaterializedView,
  bigint,
  bigserial,
  boolean,
  check,
  char,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

/**
 * A random positive id below 2^53 (exact as a JavaScript number), from migration 0014: the ids
 * of rows a tipster's action writes must not order those actions (docs/decisions/015).
 */
const randomId = sql`random_id()`;

/**
 * A closed set as a CHECK constraint: `column in ('a', 'b', …)` (null passes, as for any CHECK).
 * The values are the app/domain lists, constants of the code, never user input.
 * Closed sets are text columns with a CHECK rather than pgEnum types: a CHECK is replaced in
 * one transaction when a set changes (an enum value cannot be removed, and changing a column's
 * type means dropping the views and functions of migrations 0007–0018 that read it).
 */
function oneOf(name: string, column: string, values: readonly string[]) {
  return check(name, sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(", ")})`));
}

/** Raw bytes (ciphertexts, keyed hashes). */
export const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType() {
    return "bytea";
  },
});

// ---------------------------------------------------------------------------
// Reference data (seeded; editable by administrators later)
// ---------------------------------------------------------------------------

/** GB/T 2260 administrative divisions: province xx0000, city xxxx00, county xxxxxx. */
export const places = pgTable(
  "places",
  {
    code: char("code", { length: 6 }).primaryKey(),
    parentCode: char("parent_code", { length: 6 }),
    level: text("level", { enum: LEVELS }).notNull(),
    nameZh: text("name_zh").notNull(),
    nameEn: text("name_en").notNull(),
  },
  (t) => [index("places_parent_idx").on(t.parentCode, t.code), oneOf("places_level_ck", "level", LEVELS)],
);

/**
 * How a place is written in published data: "浙江省杭州市西湖区" / "Xihu District, Hangzhou City,
 * Zhejiang Province" (placeholder levels such as 市辖区 left out). A materialized view kept by a
 * trigger on places, created by migration 0012 (`existing`: drizzle-kit leaves it alone).
 */
export const placePaths = pgMaterializedView("place_paths", {
  code: char("code", { length: 6 }).notNull(),
  pathZh: text("path_zh").notNull(),
  pathEn: text("path_en").notNull(),
}).existing();

export const departmentTypes = pgTable("department_types", {
  code: text("code").primaryKey(),
  nameZh: text("name_zh").notNull(),
  nameEn: text("name_en").notNull(),
  /** Department types that exist only at provincial level (e.g. mine safety). */
  provincialOnly: boolean("provincial_only").notNull().default(false),
});

export const sectors = pgTable("sectors", {
  code: text("code").primaryKey(),
  nameZh: text("name_zh").notNull(),
  nameEn: text("name_en").notNull(),
  /** Null for `other`: the triage desk decides. */
  departmentType: text("department_type").references(() => departmentTypes.code),
  sortOrder: smallint("sort_order").notNull(),
});

/** One department type in one place. */
export const agencies = pgTable(
  "agencies",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    departmentType: text("department_type")
      .notNull()
      .references(() => departmentTypes.code),
    placeCode: char("place_code", { length: 6 })
      .notNull()
      .references(() => places.code),
    nameZh: text("name_zh").notNull(),
    nameEn: text("name_en").notNull(),
    inboxEmail: text("inbox_email").notNull(),
    active: boolean("active").notNull().default(true),
  },
  (t) => [uniqueIndex("agencies_type_place_uq").on(t.departmentType, t.placeCode)],
);

/** Holidays and adjusted working weekends (调休), maintained by administrators. */
export const calendarDays = pgTable(
  "calendar_days",
  {
    day: date("day").primaryKey(),
    kind: text("kind", { enum: CALENDAR_DAY_KINDS }).notNull(),
    nameZh: text("name_zh").notNull(),
    nameEn: text("name_en").notNull(),
  },
  () => [oneOf("calendar_days_kind_ck", "kind", CALENDAR_DAY_KINDS)],
);

/** Deadlines and other rules a deployment may change. */
export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
});

// ---------------------------------------------------------------------------
// Staff: accounts, second factor, sessions
// ---------------------------------------------------------------------------

export { STAFF_ROLES, type StaffRole } from "../../app/domain/staff-roles";

export const staffAccounts = pgTable(
  "staff_accounts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull().unique(),
    displayName: text("display_name").notNull(),
    role: text("role", { enum: STAFF_ROLES }).notNull(),
    /** The agency the person works for (triage officers: the safety-committee office of their level). */
    agencyId: uuid("agency_id").references(() => agencies.id),
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** argon2id; null until the invitation is accepted. */
    passwordHash: text("password_hash"),
    /** The person must choose a new password at the next sign-in (one-time password given by an administrator). */
    mustChangePassword: boolean("must_change_password").notNull().default(false),
    /** TOTP secret, encrypted; enrolment is complete when `totpEnrolledAt` is set. */
    totpSecretEnc: bytea("totp_secret_enc"),
    totpEnrolledAt: timestamp("totp_enrolled_at", { withTimezone: true }),
    /** The last TOTP time step accepted: a code is never accepted twice. */
    totpLastStep: bigint("totp_last_step", { mode: "number" }),
    failedSignIns: integer("failed_sign_ins").notNull().default(0),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    lastSignInAt: timestamp("last_sign_in_at", { withTimezone: true }),
    /** Keyed hash of a one-time invitation token, with its expiry. */
    inviteTokenHash: bytea("invite_token_hash").unique(),
    inviteExpiresAt: timestamp("invite_expires_at", { withTimezone: true }),
  },
  () => [oneOf("staff_accounts_role_ck", "role", STAFF_ROLES)],
);

export const staffRecoveryCodes = pgTable(
  "staff_recovery_codes",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    staffId: uuid("staff_id")
      .notNull()
      .references(() => staffAccounts.id),
    codeHash: bytea("code_hash").notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
  },
  (t) => [index("staff_recovery_codes_staff_idx").on(t.staffId)],
);

/** Server-side sessions, so "sign out everywhere" and idle/absolute limits are enforced here. */
export const staffSessions = pgTable(
  "staff_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Keyed hash of the cookie's random token. */
    tokenHash: bytea("token_hash").notNull().unique(),
    staffId: uuid("staff_id")
      .notNull()
      .references(() => staffAccounts.id),
    /** Password checked, second factor not yet: such a session opens nothing but the TOTP step. */
    secondFactorDone: boolean("second_factor_done").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("staff_sessions_staff_idx").on(t.staffId)],
);

/**
 * Two-person rule: a change one staff member asks for and another must approve (granting a role
 * that reads case content; clearing or narrowing a tip's "officials implicated"). The request
 * holds what will be applied; the decision is ledgered by the service that applies it.
 */
export { APPROVAL_KINDS, APPROVAL_STATES, type ApprovalKind, type ApprovalState } from "../../app/domain/approvals";

export const approvalRequests = pgTable(
  "approval_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind", { enum: APPROVAL_KINDS }).notNull(),
    /** staff (a role grant) or tip (an implication change). */
    subjectType: text("subject_type", { enum: APPROVAL_SUBJECT_TYPES }).notNull(),
    subjectId: uuid("subject_id").notNull(),
    /** What approval applies, e.g. {"role":"triage_officer","agencyId":…} or {"officialsImplicated":false}. */
    payload: jsonb("payload").notNull(),
    reason: text("reason").notNull(),
    state: text("state", { enum: APPROVAL_STATES }).notNull().default("pending"),
    requestedBy: uuid("requested_by")
      .notNull()
      .references(() => staffAccounts.id),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid("decided_by").references(() => staffAccounts.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decisionNote: text("decision_note"),
  },
  (t) => [
    index("approval_requests_pending_idx").on(t.kind, t.requestedAt).where(sql`${t.state} = 'pending'`),
    // At most one open request per subject and kind.
    uniqueIndex("approval_requests_open_uq").on(t.kind, t.subjectId).where(sql`${t.state} = 'pending'`),
    oneOf("approval_requests_kind_ck", "kind", APPROVAL_KINDS),
    oneOf("approval_requests_subject_type_ck", "subject_type", APPROVAL_SUBJECT_TYPES),
    oneOf("approval_requests_state_ck", "state", APPROVAL_STATES),
    check("approval_requests_decided_ck", sql`(state = 'pending') = (decided_at is null)`),
  ],
);

/** Routing overrides for a region (any level) and its sub-regions. */
/**
 * The sector classifier's keyword table (app/domain/sector-classifier.ts): phrases per sector in
 * either language, with a weight (negative: lowers the sector when present). Data administrators
 * edit at /staff/admin/keywords, ledgered; seeded from db/seed/sector-keywords.ts.
 */
export const sectorKeywords = pgTable(
  "sector_keywords",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    sectorCode: text("sector_code")
      .notNull()
      .references(() => sectors.code),
    phrase: text("phrase").notNull(),
    weight: smallint("weight").notNull(),
  },
  (t) => [
    uniqueIndex("sector_keywords_sector_phrase_uq").on(t.sectorCode, t.phrase),
    check("sector_keywords_weight_ck", sql`${t.weight} between -9 and 9 and ${t.weight} <> 0`),
    check("sector_keywords_phrase_ck", sql`length(${t.phrase}) between 1 and 40`),
  ],
);

export const routingOverrides = pgTable(
  "routing_overrides",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    regionCode: char("region_code", { length: 6 })
      .notNull()
      .references(() => places.code),
    sectorCode: text("sector_code")
      .notNull()
      .references(() => sectors.code),
    departmentType: text("department_type")
      .notNull()
      .references(() => departmentTypes.code),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("routing_overrides_region_sector_uq").on(t.regionCode, t.sectorCode)],
);

// ---------------------------------------------------------------------------
// Tips (the list, 清单). Anonymity: no IP, user agent or time of day is stored.
// ---------------------------------------------------------------------------

export const tips = pgTable(
  "tips",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /**
     * Public reference number: JB + year + "-" + 8 random digits (the first not 0), e.g.
     * JB2026-40718253; tips filed before migration 0014 keep their 7-digit sequential numbers.
     */
    reference: text("reference").notNull().unique(),
    /**
     * The reference as a number (year × 10⁸ + digits since migration 0014; the old sequence's
     * value before): the lists' unique tie-breaker, at random within a day (docs/decisions/015).
     */
    referenceSeq: bigint("reference_seq", { mode: "number" }).notNull(),
    state: text("state", { enum: CASE_STATES }).notNull().default("submitted"),
    /** How the tip arrived (app/domain/channels.ts); phone, letter, visit and email are recorded by a hotline operator. */
    channel: text("channel", { enum: TIP_CHANNELS }).notNull(),
    sectorCode: text("sector_code")
      .notNull()
      .references(() => sectors.code),
    placeCode: char("place_code", { length: 6 })
      .notNull()
      .references(() => places.code),
    /** The subject of the tip, kept in clear for triage search and duplicate detection. */
    companyName: text("company_name"),
    /** Date only, in the deployment's time zone: never a time of day. */
    submittedOn: date("submitted_on").notNull(),
    majorHazard: boolean("major_hazard").notNull().default(false),
    concealedAccident: boolean("concealed_accident").notNull().default(false),
    deaths: integer("deaths"),
    officialsImplicated: boolean("officials_implicated").notNull().default(false),
    implicatedPlaceCode: char("implicated_place_code", { length: 6 }).references(() => places.code),
    tipsterWorksThere: boolean("tipster_works_there").notNull().default(false),
    /** verified | unverified (failed or missing: triage sees a flag) | not_required (captcha off). */
    captchaStatus: text("captcha_status", { enum: CAPTCHA_STATUSES }).notNull(),
    /** Encrypted JSON: description, address, observed date. */
    contentEnc: bytea("content_enc").notNull(),
    /** Encrypted JSON of contact details, if the tipster gave any. */
    contactEnc: bytea("contact_enc"),
    /** HMAC of the receipt under a key that is not in the database. */
    receiptHash: bytea("receipt_hash").notNull().unique(),
    /** HMAC of the form's one-time submission id: a retried POST finds the same tip. */
    submissionHash: bytea("submission_hash").unique(),
    receiptReplaced: boolean("receipt_replaced").notNull().default(false),
    /** Open311 token (random, public): maps to the reference. */
    token: uuid("token").notNull().unique().defaultRandom(),
    agencyId: uuid("agency_id").references(() => agencies.id),
    /** The deadline the tipster sees for the current step. */
    dueOn: date("due_on"),
    assignedOn: date("assigned_on"),
    /** The routing decision that placed the case (rules fired, override reason), for the case page. */
    routing: jsonb("routing"),
    rejectionReason: text("rejection_reason", { enum: REJECTION_REASONS }),
    /** Shown to the tipster with a rejection (e.g. where to go instead). Encrypted. */
    rejectionNoteEnc: bytea("rejection_note_enc"),
    /** The earlier case this tip was merged into; the earlier one stays first for rewards. */
    mergedIntoId: uuid("merged_into_id"),
    /** Bumped on every change of state, so concurrent decisions cannot both apply. */
    version: integer("version").notNull().default(0),
    acceptedOn: date("accepted_on"),
    /** The deadline passed in an open state: listed for supervision (挂牌督办) from this date. */
    overdueSince: date("overdue_since"),
    /** The supervising agency was alerted (once per overdue period). */
    escalatedAt: timestamp("escalated_at", { withTimezone: true }),
    /** The due date a reminder was last sent for (one reminder per deadline). */
    remindedForDueOn: date("reminded_for_due_on"),
    supervisionNote: text("supervision_note"),
    /** One extension of at most 30 days, asked by the agency, decided by the supervisor; the tipster sees the reason. */
    extensionState: text("extension_state", { enum: EXTENSION_STATES }),
    extensionDays: integer("extension_days"),
    extensionReason: text("extension_reason"),
    concludedOn: date("concluded_on"),
    /** The conclusion deadline in force when the case was concluded (for the on-time rate). */
    conclusionDueOn: date("conclusion_due_on"),
    closedOn: date("closed_on"),
    /** Contact details erased by the retention policy on this date. */
    contactErasedOn: date("contact_erased_on"),
    /** Bumped when the tipster signs out: every receipt session issued before stops working. */
    tipsterSessionEpoch: integer("tipster_session_epoch").notNull().default(0),
    /**
     * The thread position of the tipster's latest message (reply or evidence), 0 if none; and the
     * highest position any staff member who may see the case has seen. Positions, not times: a
     * read time would bound when the tipster wrote (docs/decisions/015). Waiting: news > seen.
     */
    tipsterNewsPosition: integer("tipster_news_position").notNull().default(0),
    newsSeenPosition: integer("news_seen_position").notNull().default(0),
    /** The (staff-action) date the tipster was last told "there is news" by email: one a day at most. */
    tipsterToldOn: date("tipster_told_on"),
    /** The triage officer handling the tip ("我来处理", a staff action: a time is fine); lapses after triage.claim_minutes, cleared by a decision. */
    claimedBy: uuid("claimed_by").references(() => staffAccounts.id),
    claimedAt: timestamp("claimed_at", { withTimezone: true }),
    /** The officer in charge (承办人, issue 15, ADR 036): set on acceptance, changed by reassignment, cleared when the case leaves the agency; in charge only while an active officer of the holding agency. */
    assignedOfficerId: uuid("assigned_officer_id").references(() => staffAccounts.id),
  },
  (t) => [
    index("tips_state_idx").on(t.state, t.submittedOn, t.referenceSeq),
    index("tips_agency_idx").on(t.agencyId, t.assignedOn, t.referenceSeq),
    // "My cases" (issue 15): one officer's page of the agency inbox, in the inbox's order.
    index("tips_officer_idx").on(t.agencyId, t.assignedOfficerId, t.assignedOn, t.referenceSeq).where(sql`${t.assignedOfficerId} is not null`),
    index("tips_place_idx").on(t.placeCode, t.sectorCode, t.submittedOn),
    // The triage queue's order, over the untriaged states only (keep in step with TRIAGE_STATES).
    // The triage queue in urgency order (app/domain/triage-urgency.ts: the SQL twin), its keyset cursor's row comparison.
    index("tips_triage_urgency_idx")
      .on(sql.raw(URGENCY_SQL), sql.raw(DUE_SQL), t.submittedOn, t.referenceSeq)
      .where(sql`${t.state} in ${sql.raw(`(${TRIAGE_STATES.map((s) => `'${s}'`).join(", ")})`)}`),
    index("tips_triage_queue_idx").on(t.submittedOn, t.referenceSeq).where(sql`${t.state} in ${sql.raw(`(${TRIAGE_STATES.map((s) => `'${s}'`).join(", ")})`)}`),
    // Published outcomes, newest close-out first (keyset pages of /outcomes, the feed and the open-data downloads).
    // The tips merged into a case, shown on it (few rows carry a value).
    index("tips_merged_into_idx").on(t.mergedIntoId).where(sql`${t.mergedIntoId} is not null`),
    // "Replies waiting": few rows ever match, so the lists read only these (see replies-waiting.server.ts).
    index("tips_news_waiting_idx").on(t.agencyId, t.placeCode).where(sql`${t.tipsterNewsPosition} > ${t.newsSeenPosition}`),
    index("tips_published_outcomes_idx").on(t.closedOn, t.referenceSeq).where(sql`${t.state} = 'closed' and ${t.closedOn} is not null`),
    oneOf("tips_state_ck", "state", CASE_STATES),
    oneOf("tips_channel_ck", "channel", TIP_CHANNELS),
    oneOf("tips_captcha_status_ck", "captcha_status", CAPTCHA_STATUSES),
    oneOf("tips_rejection_reason_ck", "rejection_reason", REJECTION_REASONS),
    oneOf("tips_extension_state_ck", "extension_state", EXTENSION_STATES),
  ],
);

export const tipMessages = pgTable(
  "tip_messages",
  {
    id: bigint("id", { mode: "number" }).primaryKey().default(randomId),
    tipId: uuid("tip_id")
      .notNull()
      .references(() => tips.id),
    author: text("author", { enum: PARTIES }).notNull(),
    staffId: uuid("staff_id").references(() => staffAccounts.id),
    bodyEnc: bytea("body_enc").notNull(),
    sentOn: date("sent_on").notNull(),
    /** Staff messages only: a tipster's are kept to the date. */
    sentAt: timestamp("sent_at", { withTimezone: true }),
    /** 1, 2, 3… within the tip's thread: the thread's order (the id is random). */
    position: integer("position").notNull(),
  },
  (t) => [uniqueIndex("tip_messages_tip_position_uq").on(t.tipId, t.position), oneOf("tip_messages_author_ck", "author", PARTIES)],
);

/**
 * Per staff member, how far they have read a case's thread (a position, never a time: see
 * tips.tipster_news_position). Unread for them: the tip's news position is beyond it.
 */
export const caseReads = pgTable(
  "case_reads",
  {
    staffId: uuid("staff_id")
      .notNull()
      .references(() => staffAccounts.id),
    tipId: uuid("tip_id")
      .notNull()
      .references(() => tips.id),
    seenPosition: integer("seen_position").notNull(),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.tipId] })],
);

export const attachments = pgTable(
  "attachments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tipId: uuid("tip_id")
      .notNull()
      .references(() => tips.id),
    messageId: bigint("message_id", { mode: "number" }).references(() => tipMessages.id),
    origin: text("origin", { enum: PARTIES }).notNull(),
    mediaType: text("media_type").notNull(),
    byteSize: integer("byte_size").notNull(),
    /** Encrypted, sanitised bytes. The original file name is not kept. */
    contentEnc: bytea("content_enc").notNull(),
    addedOn: date("added_on").notNull(),
  },
  (t) => [index("attachments_tip_idx").on(t.tipId), oneOf("attachments_origin_ck", "origin", PARTIES)],
);

/** The outcome record of a concluded case (docs/domain.md "Outcome record"). */
export const caseOutcomes = pgTable(
  "case_outcomes",
  {
    tipId: uuid("tip_id")
      .primaryKey()
      .references(() => tips.id),
    finding: text("finding", { enum: FINDINGS }).notNull(),
    rectificationOrdered: boolean("rectification_ordered").notNull().default(false),
    rectificationDueOn: date("rectification_due_on"),
    fineCny: bigint("fine_cny", { mode: "number" }),
    suspension: boolean("suspension").notNull().default(false),
    closure: boolean("closure").notNull().default(false),
    criminalReferral: boolean("criminal_referral").notNull().default(false),
    officialsHeldAccountable: integer("officials_held_accountable").notNull().default(0),
    admonitoryTalk: boolean("admonitory_talk").notNull().default(false),
    /** For concealed accidents: the verified level and deaths (rewards). */
    accidentLevel: text("accident_level", { enum: ACCIDENT_LEVELS }),
    concealedDeathsVerified: integer("concealed_deaths_verified"),
    /** Published on closure; checked for phone numbers, ID numbers and email addresses. */
    publicSummaryZh: text("public_summary_zh").notNull(),
    publicSummaryEn: text("public_summary_en"),
    verificationNote: text("verification_note"),
    verifiedOn: date("verified_on"),
  },
  () => [oneOf("case_outcomes_finding_ck", "finding", FINDINGS), oneOf("case_outcomes_accident_level_ck", "accident_level", ACCIDENT_LEVELS)],
);

// Rectification items (整改清单, issue 15; docs/decisions/037). One block of its own.
/** One item an outcome that orders rectification holds: what, the company's party (a role, never a name), the checking officer, its own deadline. */
export const rectificationItems = pgTable(
  "rectification_items",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    tipId: uuid("tip_id")
      .notNull()
      .references(() => caseOutcomes.tipId),
    /** 1, 2, 3… within the outcome, in the order the officer wrote them. */
    position: integer("position").notNull(),
    /** What must be done (staff text, shown to the tipster). */
    action: text("action").notNull(),
    responsibleRole: text("responsible_role", { enum: RESPONSIBLE_ROLES }).notNull(),
    /** The officer of the holding agency who checks it; null only for items migrated from before 0027 whose concluding officer is not known. */
    checkingOfficerId: uuid("checking_officer_id").references(() => staffAccounts.id),
    dueOn: date("due_on").notNull(),
    state: text("state", { enum: RECTIFICATION_ITEM_STATES }).notNull().default("open"),
    /** The one extension: the new deadline, the reason, who and when (a staff action: a time is fine). */
    extendedDueOn: date("extended_due_on"),
    extensionReason: text("extension_reason"),
    extendedBy: uuid("extended_by").references(() => staffAccounts.id),
    extendedAt: timestamp("extended_at", { withTimezone: true }),
    verificationNote: text("verification_note"),
    verifiedBy: uuid("verified_by").references(() => staffAccounts.id),
    verifiedOn: date("verified_on"),
  },
  (t) => [
    uniqueIndex("rectification_items_tip_position_uq").on(t.tipId, t.position),
    oneOf("rectification_items_state_ck", "state", RECTIFICATION_ITEM_STATES),
    oneOf("rectification_items_responsible_role_ck", "responsible_role", RESPONSIBLE_ROLES),
  ],
);

/** The evidence files of an item's verification: case attachments (origin staff), linked to the item. */
export const rectificationItemEvidence = pgTable(
  "rectification_item_evidence",
  {
    itemId: bigint("item_id", { mode: "number" })
      .notNull()
      .references(() => rectificationItems.id, { onDelete: "cascade" }),
    attachmentId: uuid("attachment_id")
      .notNull()
      .references(() => attachments.id),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.attachmentId] })],
);

/** Internal investigation notes (encrypted; never shown to the tipster or the public). */
export const caseNotes = pgTable(
  "case_notes",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    tipId: uuid("tip_id")
      .notNull()
      .references(() => tips.id),
    staffId: uuid("staff_id")
      .notNull()
      .references(() => staffAccounts.id),
    bodyEnc: bytea("body_enc").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("case_notes_tip_idx").on(t.tipId)],
);

/**
 * Joint handling (联办): an agency asked by the case's lead agency to contribute (协办). Staff rows
 * only (times allowed). At most one open row (asked or done) per case and agency; a withdrawn ask
 * may be followed by a new one. Visibility reads it by agency (case_contributions_agency_idx).
 */
export const caseContributions = pgTable(
  "case_contributions",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    tipId: uuid("tip_id")
      .notNull()
      .references(() => tips.id),
    agencyId: uuid("agency_id")
      .notNull()
      .references(() => agencies.id),
    askedBy: uuid("asked_by")
      .notNull()
      .references(() => staffAccounts.id),
    askedAt: timestamp("asked_at", { withTimezone: true }).notNull().defaultNow(),
    /** What is asked of the contributing agency: staff text, shown to staff only. */
    request: text("request").notNull(),
    state: text("state", { enum: CONTRIBUTION_STATES }).notNull().default("asked"),
    doneAt: timestamp("done_at", { withTimezone: true }),
    doneBy: uuid("done_by").references(() => staffAccounts.id),
    doneNote: text("done_note"),
    withdrawnAt: timestamp("withdrawn_at", { withTimezone: true }),
    withdrawnBy: uuid("withdrawn_by").references(() => staffAccounts.id),
    withdrawnReason: text("withdrawn_reason"),
  },
  (t) => [
    uniqueIndex("case_contributions_open_uq").on(t.tipId, t.agencyId).where(sql`state <> 'withdrawn'`),
    index("case_contributions_agency_idx").on(t.agencyId, t.tipId).where(sql`state <> 'withdrawn'`),
    index("case_contributions_tip_idx").on(t.tipId),
    oneOf("case_contributions_state_ck", "state", CONTRIBUTION_STATES),
  ],
);

/** A tipster's reward claim and the administrator's decision. */
export const rewardClaims = pgTable(
  "reward_claims",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tipId: uuid("tip_id")
      .notNull()
      .references(() => tips.id)
      .unique(),
    state: text("state", { enum: REWARD_CLAIM_STATES }).notNull().default("requested"),
    /** The calculator's suggestion at the time of the claim, in CNY. */
    suggestedCny: bigint("suggested_cny", { mode: "number" }).notNull(),
    approvedCny: bigint("approved_cny", { mode: "number" }),
    /** Shown to the tipster when refused. */
    refusalReason: text("refusal_reason"),
    claimedOn: date("claimed_on").notNull(),
    decidedBy: uuid("decided_by").references(() => staffAccounts.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
  },
  (t) => [index("reward_claims_state_idx").on(t.state), oneOf("reward_claims_state_ck", "state", REWARD_CLAIM_STATES)],
);

/** A tipster's dispute of a closure (复查), reviewed by the supervising agency. */
export const caseDisputes = pgTable(
  "case_disputes",
  {
    id: bigint("id", { mode: "number" }).primaryKey().default(randomId),
    tipId: uuid("tip_id")
      .notNull()
      .references(() => tips.id),
    reasonEnc: bytea("reason_enc").notNull(),
    disputedOn: date("disputed_on").notNull(),
    decision: text("decision", { enum: REVIEW_DECISIONS }),
    decisionReason: text("decision_reason"),
    decidedBy: uuid("decided_by").references(() => staffAccounts.id),
  },
  () => [oneOf("case_disputes_decision_ck", "decision", REVIEW_DECISIONS)],
);

/**
 * Public notices of supervised major hazards (挂牌督办公告, issue 15 part C, docs/decisions/038):
 * written by a supervisor of the supervising agency, published on /notices, lifted (摘牌) after
 * close-out. Staff rows (times allowed). Sector and place are the case's at publication; the
 * subject is the company or site as the supervisor confirmed it. At most one notice per case is
 * published and not lifted (public_notices_current_uq).
 */
export const publicNotices = pgTable(
  "public_notices",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tipId: uuid("tip_id")
      .notNull()
      .references(() => tips.id),
    supervisingAgencyId: uuid("supervising_agency_id")
      .notNull()
      .references(() => agencies.id),
    subject: text("subject").notNull(),
    sectorCode: text("sector_code")
      .notNull()
      .references(() => sectors.code),
    placeCode: char("place_code", { length: 6 })
      .notNull()
      .references(() => places.code),
    textZh: text("text_zh").notNull(),
    textEn: text("text_en"),
    rectificationDueOn: date("rectification_due_on").notNull(),
    publishedOn: date("published_on").notNull(),
    publishedAt: timestamp("published_at", { withTimezone: true }).notNull().defaultNow(),
    publishedBy: uuid("published_by")
      .notNull()
      .references(() => staffAccounts.id),
    liftedOn: date("lifted_on"),
    liftedAt: timestamp("lifted_at", { withTimezone: true }),
    liftedBy: uuid("lifted_by").references(() => staffAccounts.id),
    liftNote: text("lift_note"),
  },
  (t) => [
    uniqueIndex("public_notices_current_uq").on(t.tipId).where(sql`lifted_at is null`),
    index("public_notices_published_idx").on(t.publishedOn, t.id),
    index("public_notices_tip_idx").on(t.tipId),
    check("public_notices_lifted_ck", sql`(lifted_at is null and lifted_on is null and lifted_by is null and lift_note is null) or (lifted_at is not null and lifted_on is not null and lifted_by is not null and lift_note is not null)`),
  ],
);

/** Each return of a case to triage, counted against the returning agency. */
export const tipReturns = pgTable(
  "tip_returns",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    tipId: uuid("tip_id")
      .notNull()
      .references(() => tips.id),
    agencyId: uuid("agency_id")
      .notNull()
      .references(() => agencies.id),
    reason: text("reason").notNull(),
    returnedAt: timestamp("returned_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("tip_returns_agency_idx").on(t.agencyId), index("tip_returns_tip_idx").on(t.tipId)],
);

// ---------------------------------------------------------------------------
// Ledger (台账): append-only, one hash chain per case, heads anchored periodically.
// ---------------------------------------------------------------------------

export const ledgerEntries = pgTable(
  "ledger_entries",
  {
    /** Random: an entry's place among other cases' entries says nothing of when it was written. */
    id: bigint("id", { mode: "number" }).primaryKey().default(randomId),
    chain: text("chain").notNull(),
    seq: integer("seq").notNull(),
    recordedOn: date("recorded_on").notNull(),
    /** Staff and system actions to the second; null for a tipster's (date only). */
    recordedAt: timestamp("recorded_at", { withTimezone: true, precision: 0 }),
    actorType: text("actor_type", { enum: LEDGER_ACTOR_TYPES }).notNull(),
    actorId: uuid("actor_id"),
    action: text("action").notNull(),
    subjectType: text("subject_type").notNull(),
    subjectId: text("subject_id").notNull(),
    details: jsonb("details").notNull().default(sql`'{}'::jsonb`),
    prevHash: bytea("prev_hash").notNull(),
    hash: bytea("hash").notNull(),
  },
  (t) => [
    uniqueIndex("ledger_chain_seq_uq").on(t.chain, t.seq),
    index("ledger_subject_idx").on(t.subjectType, t.subjectId),
    oneOf("ledger_entries_actor_type_ck", "actor_type", LEDGER_ACTOR_TYPES),
  ],
);

/** Current head of each chain; `anchoredSeq` is the head last written into an anchor. */
export const ledgerChainHeads = pgTable(
  "ledger_chain_heads",
  {
    chain: text("chain").primaryKey(),
    seq: integer("seq").notNull(),
    hash: bytea("hash").notNull(),
    anchoredSeq: integer("anchored_seq").notNull().default(0),
  },
  (t) => [index("ledger_heads_unanchored_idx").on(t.chain).where(sql`${t.seq} > ${t.anchoredSeq}`)],
);

/** Anchors form their own hash chain; each covers the chain heads that moved since the last one. */
export const ledgerAnchors = pgTable("ledger_anchors", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  anchoredAt: timestamp("anchored_at", { withTimezone: true, precision: 0 }).notNull(),
  headCount: integer("head_count").notNull(),
  headsDigest: bytea("heads_digest").notNull(),
  prevHash: bytea("prev_hash").notNull(),
  hash: bytea("hash").notNull(),
});

export const ledgerAnchorHeads = pgTable(
  "ledger_anchor_heads",
  {
    anchorId: bigint("anchor_id", { mode: "number" })
      .notNull()
      .references(() => ledgerAnchors.id),
    chain: text("chain").notNull(),
    seq: integer("seq").notNull(),
    hash: bytea("hash").notNull(),
  },
  (t) => [primaryKey({ columns: [t.anchorId, t.chain] }), index("ledger_anchor_heads_chain_idx").on(t.chain)],
);

// ---------------------------------------------------------------------------
// Abuse control
// ---------------------------------------------------------------------------

/**
 * Fixed-window counters keyed by a daily-rotating keyed hash of the window and the client
 * address; `windowStart` holds only the start of that local day, so no row shows which window
 * (hour, quarter) of the day an address acted in.
 */
export const rateLimitCounters = pgTable(
  "rate_limit_counters",
  {
    bucket: text("bucket").notNull(),
    keyHash: bytea("key_hash").notNull(),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.keyHash, t.windowStart] })],
);

/**
 * Public reference numbers before migration 0014 (a plain sequence). No longer drawn from: a
 * sequence orders the filings (docs/decisions/015). Kept so the migrations' history stays whole.
 */
export const tipReferenceSeq = pgSequence("tip_reference_seq", { startWith: 1 });

// ---------------------------------------------------------------------------
// Published statistics: rollups kept current by triggers (migration 0008), read by
// app/services/published-statistics.server.ts. See docs/decisions/010-statistics-rollups.md.
// ---------------------------------------------------------------------------

/** The counters of one rollup row (also the columns of a delta row). */
const statisticsMeasures = () => ({
  received: integer("received").notNull().default(0),
  awaiting: integer("awaiting").notNull().default(0),
  rejectedOutOfScope: integer("rejected_out_of_scope").notNull().default(0),
  rejectedNoFacts: integer("rejected_no_facts").notNull().default(0),
  rejectedDuplicate: integer("rejected_duplicate").notNull().default(0),
  rejectedAbusive: integer("rejected_abusive").notNull().default(0),
  merged: integer("merged").notNull().default(0),
  inProgress: integer("in_progress").notNull().default(0),
  substantiated: integer("substantiated").notNull().default(0),
  unsubstantiated: integer("unsubstantiated").notNull().default(0),
  openNow: integer("open_now").notNull().default(0),
  overdueNow: integer("overdue_now").notNull().default(0),
  escalated: integer("escalated").notNull().default(0),
  returns: integer("returns").notNull().default(0),
  withDue: integer("with_due").notNull().default(0),
  onTime: integer("on_time").notNull().default(0),
  rectifications: integer("rectifications").notNull().default(0),
  fined: integer("fined").notNull().default(0),
  finesCny: bigint("fines_cny", { mode: "number" }).notNull().default(0),
  suspensions: integer("suspensions").notNull().default(0),
  closures: integer("closures").notNull().default(0),
  criminalReferrals: integer("criminal_referrals").notNull().default(0),
  officialsHeldAccountable: integer("officials_held_accountable").notNull().default(0),
  /** Concluded cases by calendar days from submission to conclusion: element i+1 counts i days (730 = 730 or more). */
  conclusionDays: integer("conclusion_days").array().notNull().default(sql`'{}'::integer[]`),
  // Rectification items (docs/decisions/037), after the older columns as the database has them: ordered, verified, overdue now.
  rectificationItems: integer("rectification_items").notNull().default(0),
  rectificationItemsVerified: integer("rectification_items_verified").notNull().default(0),
  rectificationItemsOverdue: integer("rectification_items_overdue").notNull().default(0),
});

/**
 * Rollup rows: the cases received in `month` (first day), seen from `scope` (a place code;
 * 000000 = the whole country) along `dim`: all (key ''), sector (sector code), place (the next
 * level down under the scope), agency (the agencies at the scope or one level below it).
 */
export const statsRollup = pgTable(
  "stats_rollup",
  {
    scope: char("scope", { length: 6 }).notNull(),
    month: date("month").notNull(),
    dim: text("dim", { enum: STATISTICS_DIMS }).notNull(),
    key: text("key").notNull(),
    ...statisticsMeasures(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.dim, t.month, t.key] }), oneOf("stats_rollup_dim_ck", "dim", STATISTICS_DIMS)],
);

/**
 * A statistics release (issue 16, ADR 041): numbered in order, its pages written while it is
 * computed and published all at once when `released_at` is set (a row without it is a release
 * being computed, or one that failed and is never shown). One scheduled release per local day.
 */
export const statisticsReleases = pgTable(
  "statistics_releases",
  {
    releaseNo: integer("release_no").primaryKey(),
    /** The local date whose 12-month windows it publishes (its current month is incomplete). */
    asOf: date("as_of").notNull(),
    trigger: text("trigger", { enum: RELEASE_TRIGGERS }).notNull(),
    /** The local day a scheduled release is for; null for "publish now". */
    scheduledFor: date("scheduled_for"),
    requestedBy: uuid("requested_by").references(() => staffAccounts.id),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    releasedAt: timestamp("released_at", { withTimezone: true }),
    /** sha256 (hex) of every page in order, set with released_at and anchored in the ledger. */
    contentHash: text("content_hash"),
    pages: integer("pages"),
  },
  (t) => [
    uniqueIndex("statistics_releases_scheduled_uq").on(t.scheduledFor),
    index("statistics_releases_released_idx").on(t.releasedAt),
    oneOf("statistics_releases_trigger_ck", "trigger", RELEASE_TRIGGERS),
    check("statistics_releases_schedule_ck", sql`(trigger = 'schedule') = (scheduled_for is not null)`),
    check("statistics_releases_requester_ck", sql`trigger = 'administrator' or requested_by is null`),
    check("statistics_releases_published_ck", sql`(released_at is null) = (content_hash is null) and (released_at is null) = (pages is null)`),
  ],
);

/**
 * One page of a release: a place (000000 = the country) and a 12-month window (0 = the latest),
 * as the public sees it (`page`, suppressed), and the true figures behind it with what was hidden
 * (`cells`: never sent to anyone, read by the next release to carry its suppression forward).
 */
export const statisticsReleasePages = pgTable(
  "statistics_release_pages",
  {
    releaseNo: integer("release_no")
      .notNull()
      .references(() => statisticsReleases.releaseNo, { onDelete: "cascade" }),
    placeCode: char("place_code", { length: 6 }).notNull(),
    windowNo: smallint("window_no").notNull(),
    page: jsonb("page").notNull(),
    cells: jsonb("cells").notNull(),
  },
  (t) => [primaryKey({ columns: [t.releaseNo, t.placeCode, t.windowNo] }), check("statistics_release_pages_window_ck", sql`window_no >= 0`)],
);

/** Changes to the rollups written by each transaction (no locks); folded in by a job. */
export const statsDelta = pgTable(
  "stats_delta",
  {
    /** Random; stats_delta_id() also moves stats_delta_id_seq, the statistics' data version (migration 0014). */
    id: bigint("id", { mode: "number" }).primaryKey().default(sql`stats_delta_id()`),
    scope: char("scope", { length: 6 }).notNull(),
    month: date("month").notNull(),
    dim: text("dim", { enum: STATISTICS_DIMS }).notNull(),
    key: text("key").notNull(),
    ...statisticsMeasures(),
  },
  () => [oneOf("stats_delta_dim_ck", "dim", STATISTICS_DIMS)],
);

/**
 * Each counted change of a case as it happened (since 0030): its old facts with sign -1 and its
 * new facts with sign +1, one or two rows per change, a stats_case row as JSON. stats_fold()
 * expands them into the rollups in bulk, and readers see them through the view stats_pending
 * (db/functions/18-stats-pending.sql), so a figure is still current at every commit.
 */
export const statsChange = pgTable(
  "stats_change",
  {
    /** Random; stats_delta_id() also moves stats_delta_id_seq, the statistics' data version. */
    id: bigint("id", { mode: "number" }).primaryKey().default(sql`stats_delta_id()`),
    sign: smallint("sign").notNull(),
    /** A stats_case row (to_jsonb), read back with jsonb_populate_record(null::stats_case, facts). */
    facts: jsonb("facts").notNull(),
  },
  () => [check("stats_change_sign_ck", sql`sign in (-1, 1)`)],
);

/** Each case's facts as last counted in the rollups (so a change is counted as old → new). */
export const statsCase = pgTable(
  "stats_case",
  {
    tipId: uuid("tip_id")
      .primaryKey()
      .references(() => tips.id),
    month: date("month").notNull(),
    sectorCode: text("sector_code").notNull(),
    placeCode: char("place_code", { length: 6 }).notNull(),
    agencyId: uuid("agency_id"),
    agencyPlace: char("agency_place", { length: 6 }),
    /** awaiting | rejected_<reason> | merged | in_progress | substantiated | unsubstantiated (stats_case_facts) */
    status: text("status", { enum: STATISTICS_CASE_STATUSES }).notNull(),
    openNow: boolean("open_now").notNull(),
    overdueNow: boolean("overdue_now").notNull(),
    escalated: boolean("escalated").notNull(),
    withDue: boolean("with_due").notNull(),
    onTime: boolean("on_time").notNull(),
    days: integer("days"),
    rectification: boolean("rectification").notNull(),
    fineCny: bigint("fine_cny", { mode: "number" }).notNull(),
    suspension: boolean("suspension").notNull(),
    closure: boolean("closure").notNull(),
    criminalReferral: boolean("criminal_referral").notNull(),
    officials: integer("officials").notNull(),
    /** "agency id:agency place" per return, in order. */
    returnsBy: text("returns_by").array().notNull(),
    /** How the tip arrived (the statistics' channel breakdown); the last column, as in stats_case_facts. */
    channel: text("channel", { enum: TIP_CHANNELS }),
    // Rectification items (docs/decisions/037): the case's items, those verified, those overdue now (after channel, as in stats_case_facts).
    rectificationItems: integer("rectification_items").notNull().default(0),
    rectificationItemsVerified: integer("rectification_items_verified").notNull().default(0),
    rectificationItemsOverdue: integer("rectification_items_overdue").notNull().default(0),
  },
  () => [oneOf("stats_case_status_ck", "status", STATISTICS_CASE_STATUSES), oneOf("stats_case_channel_ck", "channel", TIP_CHANNELS)],
);
