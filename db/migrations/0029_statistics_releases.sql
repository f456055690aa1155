CREATE TABLE "statistics_release_pages" (
	"release_no" integer NOT NULL,
	"place_code" char(6) NOT NULL,
	"window_no" smallint NOT NULL,
	"page" jsonb NOT NULL,
	"cells" jsonb NOT NULL,
	CONSTRAINT "statistics_release_pages_release_no_place_code_window_no_pk" PRIMARY KEY("release_no","place_code","window_no"),
	CONSTRAINT "statistics_release_pages_window_ck" CHECK (window_no >= 0)
);
--> statement-breakpoint
CREATE TABLE "statistics_releases" (
	"release_no" integer PRIMARY KEY NOT NULL,
	"as_of" date NOT NULL,
	"trigger" text NOT NULL,
	"scheduled_for" date,
	"requested_by" uuid,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"released_at" timestamp with time zone,
	"content_hash" text,
	"pages" integer,
	CONSTRAINT "statistics_releases_trigger_ck" CHECK (trigger in ('schedule', 'administrator')),
	CONSTRAINT "statistics_releases_schedule_ck" CHECK ((trigger = 'schedule') = (scheduled_for is not null)),
	CONSTRAINT "statistics_releases_requester_ck" CHECK (trigger = 'administrator' or requested_by is null),
	CONSTRAINT "statistics_releases_published_ck" CHECK ((released_at is null) = (content_hash is null) and (released_at is null) = (pages is null))
);
--> statement-breakpoint
ALTER TABLE "statistics_release_pages" ADD CONSTRAINT "statistics_release_pages_release_no_statistics_releases_release_no_fk" FOREIGN KEY ("release_no") REFERENCES "public"."statistics_releases"("release_no") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statistics_releases" ADD CONSTRAINT "statistics_releases_requested_by_staff_accounts_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."staff_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "statistics_releases_scheduled_uq" ON "statistics_releases" USING btree ("scheduled_for");--> statement-breakpoint
CREATE INDEX "statistics_releases_released_idx" ON "statistics_releases" USING btree ("released_at");