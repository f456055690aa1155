CREATE SEQUENCE "public"."tip_reference_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "agencies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"department_type" text NOT NULL,
	"place_code" char(6) NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"inbox_email" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tip_id" uuid NOT NULL,
	"message_id" bigint,
	"origin" text NOT NULL,
	"media_type" text NOT NULL,
	"byte_size" integer NOT NULL,
	"content_enc" "bytea" NOT NULL,
	"added_on" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_days" (
	"day" date PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "department_types" (
	"code" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"provincial_only" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_anchor_heads" (
	"anchor_id" bigint NOT NULL,
	"chain" text NOT NULL,
	"seq" integer NOT NULL,
	"hash" "bytea" NOT NULL,
	CONSTRAINT "ledger_anchor_heads_anchor_id_chain_pk" PRIMARY KEY("anchor_id","chain")
);
--> statement-breakpoint
CREATE TABLE "ledger_anchors" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"anchored_at" timestamp (0) with time zone NOT NULL,
	"head_count" integer NOT NULL,
	"heads_digest" "bytea" NOT NULL,
	"prev_hash" "bytea" NOT NULL,
	"hash" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_chain_heads" (
	"chain" text PRIMARY KEY NOT NULL,
	"seq" integer NOT NULL,
	"hash" "bytea" NOT NULL,
	"anchored_seq" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"chain" text NOT NULL,
	"seq" integer NOT NULL,
	"recorded_on" date NOT NULL,
	"recorded_at" timestamp (0) with time zone,
	"actor_type" text NOT NULL,
	"actor_id" uuid,
	"action" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"prev_hash" "bytea" NOT NULL,
	"hash" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "places" (
	"code" char(6) PRIMARY KEY NOT NULL,
	"parent_code" char(6),
	"level" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rate_limit_counters" (
	"bucket" text NOT NULL,
	"key_hash" "bytea" NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "rate_limit_counters_bucket_key_hash_window_start_pk" PRIMARY KEY("bucket","key_hash","window_start")
);
--> statement-breakpoint
CREATE TABLE "sectors" (
	"code" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"department_type" text,
	"sort_order" smallint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"display_name" text NOT NULL,
	"role" text NOT NULL,
	"agency_id" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_accounts_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "tip_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tip_id" uuid NOT NULL,
	"author" text NOT NULL,
	"staff_id" uuid,
	"body_enc" "bytea" NOT NULL,
	"sent_on" date NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "tips" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"reference_seq" bigint NOT NULL,
	"state" text DEFAULT 'submitted' NOT NULL,
	"channel" text NOT NULL,
	"sector_code" text NOT NULL,
	"place_code" char(6) NOT NULL,
	"company_name" text,
	"submitted_on" date NOT NULL,
	"major_hazard" boolean DEFAULT false NOT NULL,
	"concealed_accident" boolean DEFAULT false NOT NULL,
	"deaths" integer,
	"officials_implicated" boolean DEFAULT false NOT NULL,
	"implicated_place_code" char(6),
	"tipster_works_there" boolean DEFAULT false NOT NULL,
	"captcha_status" text NOT NULL,
	"content_enc" "bytea" NOT NULL,
	"contact_enc" "bytea",
	"receipt_hash" "bytea" NOT NULL,
	"submission_hash" "bytea",
	"receipt_replaced" boolean DEFAULT false NOT NULL,
	"token" uuid DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid,
	"due_on" date,
	CONSTRAINT "tips_reference_unique" UNIQUE("reference"),
	CONSTRAINT "tips_receipt_hash_unique" UNIQUE("receipt_hash"),
	CONSTRAINT "tips_submission_hash_unique" UNIQUE("submission_hash"),
	CONSTRAINT "tips_token_unique" UNIQUE("token")
);
--> statement-breakpoint
ALTER TABLE "agencies" ADD CONSTRAINT "agencies_department_type_department_types_code_fk" FOREIGN KEY ("department_type") REFERENCES "public"."department_types"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agencies" ADD CONSTRAINT "agencies_place_code_places_code_fk" FOREIGN KEY ("place_code") REFERENCES "public"."places"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_tip_id_tips_id_fk" FOREIGN KEY ("tip_id") REFERENCES "public"."tips"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_message_id_tip_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."tip_messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_anchor_heads" ADD CONSTRAINT "ledger_anchor_heads_anchor_id_ledger_anchors_id_fk" FOREIGN KEY ("anchor_id") REFERENCES "public"."ledger_anchors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sectors" ADD CONSTRAINT "sectors_department_type_department_types_code_fk" FOREIGN KEY ("department_type") REFERENCES "public"."department_types"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_accounts" ADD CONSTRAINT "staff_accounts_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tip_messages" ADD CONSTRAINT "tip_messages_tip_id_tips_id_fk" FOREIGN KEY ("tip_id") REFERENCES "public"."tips"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tip_messages" ADD CONSTRAINT "tip_messages_staff_id_staff_accounts_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tips" ADD CONSTRAINT "tips_sector_code_sectors_code_fk" FOREIGN KEY ("sector_code") REFERENCES "public"."sectors"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tips" ADD CONSTRAINT "tips_place_code_places_code_fk" FOREIGN KEY ("place_code") REFERENCES "public"."places"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tips" ADD CONSTRAINT "tips_implicated_place_code_places_code_fk" FOREIGN KEY ("implicated_place_code") REFERENCES "public"."places"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tips" ADD CONSTRAINT "tips_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agencies_type_place_uq" ON "agencies" USING btree ("department_type","place_code");--> statement-breakpoint
CREATE INDEX "attachments_tip_idx" ON "attachments" USING btree ("tip_id");--> statement-breakpoint
CREATE INDEX "ledger_anchor_heads_chain_idx" ON "ledger_anchor_heads" USING btree ("chain");--> statement-breakpoint
CREATE INDEX "ledger_heads_unanchored_idx" ON "ledger_chain_heads" USING btree ("chain") WHERE "ledger_chain_heads"."seq" > "ledger_chain_heads"."anchored_seq";--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_chain_seq_uq" ON "ledger_entries" USING btree ("chain","seq");--> statement-breakpoint
CREATE INDEX "ledger_subject_idx" ON "ledger_entries" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "places_parent_idx" ON "places" USING btree ("parent_code","code");--> statement-breakpoint
CREATE INDEX "tip_messages_tip_idx" ON "tip_messages" USING btree ("tip_id","id");--> statement-breakpoint
CREATE INDEX "tips_state_idx" ON "tips" USING btree ("state","submitted_on","reference_seq");--> statement-breakpoint
CREATE INDEX "tips_agency_idx" ON "tips" USING btree ("agency_id");