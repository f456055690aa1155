-- Every closed-set text column refuses a value outside its set (issue 12): the sets are the
-- lists of app/domain (db/schema/index.ts builds these constraints from them). Columns whose
-- values are data administrators edit (sector, department type, place) are foreign keys instead.
-- Numbered 0020 (journal idx 20) beside another branch's 0019.
ALTER TABLE "approval_requests" ADD CONSTRAINT "approval_requests_subject_type_ck" CHECK (subject_type in ('staff', 'tip'));--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_origin_ck" CHECK (origin in ('tipster', 'staff'));--> statement-breakpoint
ALTER TABLE "calendar_days" ADD CONSTRAINT "calendar_days_kind_ck" CHECK (kind in ('holiday', 'working_day'));--> statement-breakpoint
ALTER TABLE "case_disputes" ADD CONSTRAINT "case_disputes_decision_ck" CHECK (decision in ('upheld', 'reopened'));--> statement-breakpoint
ALTER TABLE "case_outcomes" ADD CONSTRAINT "case_outcomes_finding_ck" CHECK (finding in ('substantiated', 'partly_substantiated', 'unsubstantiated'));--> statement-breakpoint
ALTER TABLE "case_outcomes" ADD CONSTRAINT "case_outcomes_accident_level_ck" CHECK (accident_level in ('ordinary', 'larger', 'major', 'especially_major'));--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_actor_type_ck" CHECK (actor_type in ('tipster', 'staff', 'system'));--> statement-breakpoint
ALTER TABLE "places" ADD CONSTRAINT "places_level_ck" CHECK (level in ('county', 'city', 'province', 'country'));--> statement-breakpoint
ALTER TABLE "reward_claims" ADD CONSTRAINT "reward_claims_state_ck" CHECK (state in ('requested', 'approved', 'refused'));--> statement-breakpoint
ALTER TABLE "staff_accounts" ADD CONSTRAINT "staff_accounts_role_ck" CHECK (role in ('triage_officer', 'agency_officer', 'supervisor', 'administrator', 'auditor', 'hotline_operator'));--> statement-breakpoint
ALTER TABLE "stats_case" ADD CONSTRAINT "stats_case_status_ck" CHECK (status in ('awaiting', 'rejected_out_of_scope', 'rejected_no_facts', 'rejected_duplicate', 'rejected_abusive', 'merged', 'in_progress', 'substantiated', 'unsubstantiated'));--> statement-breakpoint
ALTER TABLE "stats_case" ADD CONSTRAINT "stats_case_channel_ck" CHECK (channel in ('web', 'open311', 'phone', 'letter', 'visit', 'email'));--> statement-breakpoint
ALTER TABLE "stats_delta" ADD CONSTRAINT "stats_delta_dim_ck" CHECK (dim in ('all', 'sector', 'place', 'agency', 'channel'));--> statement-breakpoint
ALTER TABLE "stats_rollup" ADD CONSTRAINT "stats_rollup_dim_ck" CHECK (dim in ('all', 'sector', 'place', 'agency', 'channel'));--> statement-breakpoint
ALTER TABLE "tip_messages" ADD CONSTRAINT "tip_messages_author_ck" CHECK (author in ('tipster', 'staff'));--> statement-breakpoint
ALTER TABLE "tips" ADD CONSTRAINT "tips_state_ck" CHECK (state in ('submitted', 'rejected', 'merged', 'assigned', 'returned', 'accepted', 'investigating', 'concluded', 'rectifying', 'verified', 'closed', 'reopened', 'under_review'));--> statement-breakpoint
ALTER TABLE "tips" ADD CONSTRAINT "tips_channel_ck" CHECK (channel in ('web', 'open311', 'phone', 'letter', 'visit', 'email'));--> statement-breakpoint
ALTER TABLE "tips" ADD CONSTRAINT "tips_captcha_status_ck" CHECK (captcha_status in ('verified', 'unverified', 'not_required'));--> statement-breakpoint
ALTER TABLE "tips" ADD CONSTRAINT "tips_rejection_reason_ck" CHECK (rejection_reason in ('out_of_scope', 'no_facts', 'duplicate', 'abusive'));--> statement-breakpoint
ALTER TABLE "tips" ADD CONSTRAINT "tips_extension_state_ck" CHECK (extension_state in ('requested', 'approved', 'refused'));