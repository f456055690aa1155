CREATE TABLE "rectification_item_evidence" (
	"item_id" bigint NOT NULL,
	"attachment_id" uuid NOT NULL,
	CONSTRAINT "rectification_item_evidence_item_id_attachment_id_pk" PRIMARY KEY("item_id","attachment_id")
);
--> statement-breakpoint
CREATE TABLE "rectification_items" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tip_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"action" text NOT NULL,
	"responsible_role" text NOT NULL,
	"checking_officer_id" uuid,
	"due_on" date NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"extended_due_on" date,
	"extension_reason" text,
	"extended_by" uuid,
	"extended_at" timestamp with time zone,
	"verification_note" text,
	"verified_by" uuid,
	"verified_on" date,
	CONSTRAINT "rectification_items_state_ck" CHECK (state in ('open', 'extended', 'verified')),
	CONSTRAINT "rectification_items_responsible_role_ck" CHECK (responsible_role in ('legal_representative', 'principal', 'safety_manager', 'site_manager', 'other_role'))
);
--> statement-breakpoint
ALTER TABLE "rectification_item_evidence" ADD CONSTRAINT "rectification_item_evidence_item_id_rectification_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."rectification_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_item_evidence" ADD CONSTRAINT "rectification_item_evidence_attachment_id_attachments_id_fk" FOREIGN KEY ("attachment_id") REFERENCES "public"."attachments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_items" ADD CONSTRAINT "rectification_items_tip_id_case_outcomes_tip_id_fk" FOREIGN KEY ("tip_id") REFERENCES "public"."case_outcomes"("tip_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_items" ADD CONSTRAINT "rectification_items_checking_officer_id_staff_accounts_id_fk" FOREIGN KEY ("checking_officer_id") REFERENCES "public"."staff_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_items" ADD CONSTRAINT "rectification_items_extended_by_staff_accounts_id_fk" FOREIGN KEY ("extended_by") REFERENCES "public"."staff_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_items" ADD CONSTRAINT "rectification_items_verified_by_staff_accounts_id_fk" FOREIGN KEY ("verified_by") REFERENCES "public"."staff_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "rectification_items_tip_position_uq" ON "rectification_items" USING btree ("tip_id","position");--> statement-breakpoint
-- Each outcome that ordered rectification before items existed becomes one item (docs/decisions/037):
-- the outcome has no text of what was ordered, so the item says so neutrally; its deadline is the
-- outcome's; its checking officer the one who concluded (the ledger's entry), its party role
-- 'other_role' (not recorded). A case past rectifying has its item verified with the outcome's note.
INSERT INTO "rectification_items" ("tip_id", "position", "action", "responsible_role", "checking_officer_id", "due_on", "state", "verification_note", "verified_by", "verified_on")
SELECT o.tip_id, 1, '按处理结论责令整改', 'other_role',
  (SELECT l.actor_id FROM ledger_entries l WHERE l.chain = 'tip:' || o.tip_id::text AND l.action = 'case.conclude_with_rectification' ORDER BY l.seq DESC LIMIT 1),
  coalesce(o.rectification_due_on, t.concluded_on, t.submitted_on),
  CASE WHEN t.state = 'rectifying' THEN 'open' ELSE 'verified' END,
  CASE WHEN t.state = 'rectifying' THEN NULL ELSE o.verification_note END,
  CASE WHEN t.state = 'rectifying' THEN NULL ELSE (SELECT l.actor_id FROM ledger_entries l WHERE l.chain = 'tip:' || o.tip_id::text AND l.action = 'case.verify_rectification' ORDER BY l.seq DESC LIMIT 1) END,
  CASE WHEN t.state = 'rectifying' THEN NULL ELSE coalesce(o.verified_on, t.closed_on, t.concluded_on) END
FROM case_outcomes o JOIN tips t ON t.id = o.tip_id
WHERE o.rectification_ordered;
