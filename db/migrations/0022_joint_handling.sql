CREATE TABLE "case_contributions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tip_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	"asked_by" uuid NOT NULL,
	"asked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"request" text NOT NULL,
	"state" text DEFAULT 'asked' NOT NULL,
	"done_at" timestamp with time zone,
	"done_by" uuid,
	"done_note" text,
	"withdrawn_at" timestamp with time zone,
	"withdrawn_by" uuid,
	"withdrawn_reason" text,
	CONSTRAINT "case_contributions_state_ck" CHECK (state in ('asked', 'done', 'withdrawn'))
);
--> statement-breakpoint
ALTER TABLE "case_contributions" ADD CONSTRAINT "case_contributions_tip_id_tips_id_fk" FOREIGN KEY ("tip_id") REFERENCES "public"."tips"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_contributions" ADD CONSTRAINT "case_contributions_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_contributions" ADD CONSTRAINT "case_contributions_asked_by_staff_accounts_id_fk" FOREIGN KEY ("asked_by") REFERENCES "public"."staff_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_contributions" ADD CONSTRAINT "case_contributions_done_by_staff_accounts_id_fk" FOREIGN KEY ("done_by") REFERENCES "public"."staff_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_contributions" ADD CONSTRAINT "case_contributions_withdrawn_by_staff_accounts_id_fk" FOREIGN KEY ("withdrawn_by") REFERENCES "public"."staff_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "case_contributions_open_uq" ON "case_contributions" USING btree ("tip_id","agency_id") WHERE state <> 'withdrawn';--> statement-breakpoint
CREATE INDEX "case_contributions_agency_idx" ON "case_contributions" USING btree ("agency_id","tip_id") WHERE state <> 'withdrawn';--> statement-breakpoint
CREATE INDEX "case_contributions_tip_idx" ON "case_contributions" USING btree ("tip_id");