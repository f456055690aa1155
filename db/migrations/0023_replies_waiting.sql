CREATE TABLE "case_reads" (
	"staff_id" uuid NOT NULL,
	"tip_id" uuid NOT NULL,
	"seen_position" integer NOT NULL,
	CONSTRAINT "case_reads_staff_id_tip_id_pk" PRIMARY KEY("staff_id","tip_id")
);
--> statement-breakpoint
ALTER TABLE "tips" ADD COLUMN "tipster_news_position" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tips" ADD COLUMN "news_seen_position" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tips" ADD COLUMN "tipster_told_on" date;--> statement-breakpoint
ALTER TABLE "case_reads" ADD CONSTRAINT "case_reads_staff_id_staff_accounts_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_reads" ADD CONSTRAINT "case_reads_tip_id_tips_id_fk" FOREIGN KEY ("tip_id") REFERENCES "public"."tips"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tips_news_waiting_idx" ON "tips" USING btree ("agency_id","place_code") WHERE "tips"."tipster_news_position" > "tips"."news_seen_position";--> statement-breakpoint
-- Replies filed before this migration count as read: nothing recorded who saw them.
UPDATE "tips" SET "tipster_news_position" = m.p, "news_seen_position" = m.p
  FROM (SELECT "tip_id", max("position") AS p FROM "tip_messages" WHERE "author" = 'tipster' GROUP BY "tip_id") m
  WHERE m."tip_id" = "tips"."id";
