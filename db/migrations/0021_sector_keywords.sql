CREATE TABLE "sector_keywords" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sector_code" text NOT NULL,
	"phrase" text NOT NULL,
	"weight" smallint NOT NULL,
	CONSTRAINT "sector_keywords_weight_ck" CHECK ("sector_keywords"."weight" between -9 and 9 and "sector_keywords"."weight" <> 0),
	CONSTRAINT "sector_keywords_phrase_ck" CHECK (length("sector_keywords"."phrase") between 1 and 40)
);
--> statement-breakpoint
ALTER TABLE "sector_keywords" ADD CONSTRAINT "sector_keywords_sector_code_sectors_code_fk" FOREIGN KEY ("sector_code") REFERENCES "public"."sectors"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sector_keywords_sector_phrase_uq" ON "sector_keywords" USING btree ("sector_code","phrase");