CREATE TABLE "public_notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tip_id" uuid NOT NULL,
	"supervising_agency_id" uuid NOT NULL,
	"subject" text NOT NULL,
	"sector_code" text NOT NULL,
	"place_code" char(6) NOT NULL,
	"text_zh" text NOT NULL,
	"text_en" text,
	"rectification_due_on" date NOT NULL,
	"published_on" date NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" uuid NOT NULL,
	"lifted_on" date,
	"lifted_at" timestamp with time zone,
	"lifted_by" uuid,
	"lift_note" text,
	CONSTRAINT "public_notices_lifted_ck" CHECK ((lifted_at is null and lifted_on is null and lifted_by is null and lift_note is null) or (lifted_at is not null and lifted_on is not null and lifted_by is not null and lift_note is not null))
);
--> statement-breakpoint
ALTER TABLE "public_notices" ADD CONSTRAINT "public_notices_tip_id_tips_id_fk" FOREIGN KEY ("tip_id") REFERENCES "public"."tips"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "public_notices" ADD CONSTRAINT "public_notices_supervising_agency_id_agencies_id_fk" FOREIGN KEY ("supervising_agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "public_notices" ADD CONSTRAINT "public_notices_sector_code_sectors_code_fk" FOREIGN KEY ("sector_code") REFERENCES "public"."sectors"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "public_notices" ADD CONSTRAINT "public_notices_place_code_places_code_fk" FOREIGN KEY ("place_code") REFERENCES "public"."places"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "public_notices" ADD CONSTRAINT "public_notices_published_by_staff_accounts_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."staff_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "public_notices" ADD CONSTRAINT "public_notices_lifted_by_staff_accounts_id_fk" FOREIGN KEY ("lifted_by") REFERENCES "public"."staff_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "public_notices_current_uq" ON "public_notices" USING btree ("tip_id") WHERE lifted_at is null;--> statement-breakpoint
CREATE INDEX "public_notices_published_idx" ON "public_notices" USING btree ("published_on","id");--> statement-breakpoint
CREATE INDEX "public_notices_tip_idx" ON "public_notices" USING btree ("tip_id");