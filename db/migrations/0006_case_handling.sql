CREATE TABLE "case_disputes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tip_id" uuid NOT NULL,
	"reason_enc" "bytea" NOT NULL,
	"disputed_on" date NOT NULL,
	"decision" text,
	"decision_reason" text,
	"decided_by" uuid
);
--> statement-breakpoint
CREATE TABLE "case_notes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tip_id" uuid NOT NULL,
	"staff_id" uuid NOT NULL,
	"body_enc" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_outcomes" (
	"tip_id" uuid PRIMARY KEY NOT NULL,
	"finding" text NOT NULL,
	"rectification_ordered" boolean DEFAULT false NOT NULL,
	"rectification_due_on" date,
	"fine_cny" bigint,
	"suspension" boolean DEFAULT false NOT NULL,
	"closure" boolean DEFAULT false NOT NULL,
	"criminal_referral" boolean DEFAULT false NOT NULL,
	"officials_held_accountable" integer DEFAULT 0 NOT NULL,
	"admonitory_talk" boolean DEFAULT false NOT NULL,
	"accident_level" text,
	"concealed_deaths_verified" integer,
	"public_summary_zh" text NOT NULL,
	"public_summary_en" text,
	"verification_note" text,
	"verified_on" date
);
--> statement-breakpoint
CREATE TABLE "reward_claims" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tip_id" uuid NOT NULL,
	"state" text DEFAULT 'requested' NOT NULL,
	"suggested_cny" bigint NOT NULL,
	"approved_cny" bigint,
	"refusal_reason" text,
	"claimed_on" date NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	CONSTRAINT "reward_claims_tip_id_unique" UNIQUE("tip_id")
);
--> statement-breakpoint
ALTER TABLE "tips" ADD COLUMN "accepted_on" date;--> statement-breakpoint
ALTER TABLE "tips" ADD COLUMN "overdue_since" date;--> statement-breakpoint
ALTER TABLE "tips" ADD COLUMN "escalated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tips" ADD COLUMN "reminded_for_due_on" date;--> statement-breakpoint
ALTER TABLE "tips" ADD COLUMN "supervision_note" text;--> statement-breakpoint
ALTER TABLE "tips" ADD COLUMN "extension_state" text;--> statement-breakpoint
ALTER TABLE "tips" ADD COLUMN "extension_days" integer;--> statement-breakpoint
ALTER TABLE "tips" ADD COLUMN "extension_reason" text;--> statement-breakpoint
ALTER TABLE "tips" ADD COLUMN "concluded_on" date;--> statement-breakpoint
ALTER TABLE "tips" ADD COLUMN "closed_on" date;--> statement-breakpoint
ALTER TABLE "tips" ADD COLUMN "contact_erased_on" date;--> statement-breakpoint
ALTER TABLE "case_disputes" ADD CONSTRAINT "case_disputes_tip_id_tips_id_fk" FOREIGN KEY ("tip_id") REFERENCES "public"."tips"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_disputes" ADD CONSTRAINT "case_disputes_decided_by_staff_accounts_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."staff_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_notes" ADD CONSTRAINT "case_notes_tip_id_tips_id_fk" FOREIGN KEY ("tip_id") REFERENCES "public"."tips"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_notes" ADD CONSTRAINT "case_notes_staff_id_staff_accounts_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_outcomes" ADD CONSTRAINT "case_outcomes_tip_id_tips_id_fk" FOREIGN KEY ("tip_id") REFERENCES "public"."tips"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reward_claims" ADD CONSTRAINT "reward_claims_tip_id_tips_id_fk" FOREIGN KEY ("tip_id") REFERENCES "public"."tips"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reward_claims" ADD CONSTRAINT "reward_claims_decided_by_staff_accounts_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."staff_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_notes_tip_idx" ON "case_notes" USING btree ("tip_id");--> statement-breakpoint
CREATE INDEX "reward_claims_state_idx" ON "reward_claims" USING btree ("state");