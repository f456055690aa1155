-- The officer in charge of a case (承办人, issue 15, ADR 036): tips.assigned_officer_id, set when the
-- agency accepts, changed by a supervisor of the agency, cleared when the case leaves the agency.
-- Backfilled for the cases now with their agency past acceptance: the staff member of the latest
-- `case.accept` entry of the tip's ledger chain, when no routing came after it. Whether that person
-- is still in charge (active, same agency) is decided when read, as for every later assignment.
ALTER TABLE "tips" ADD COLUMN "assigned_officer_id" uuid;--> statement-breakpoint
ALTER TABLE "tips" ADD CONSTRAINT "tips_assigned_officer_id_staff_accounts_id_fk" FOREIGN KEY ("assigned_officer_id") REFERENCES "public"."staff_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
UPDATE "tips" AS t SET "assigned_officer_id" = a.actor_id
FROM (
  SELECT DISTINCT ON (l.subject_id) l.subject_id, l.actor_id, l.seq
  FROM "ledger_entries" AS l
  WHERE l.subject_type = 'tip' AND l.action = 'case.accept' AND l.actor_type = 'staff' AND l.actor_id IS NOT NULL
  ORDER BY l.subject_id, l.seq DESC
) AS a
WHERE a.subject_id = t.id::text
  AND t.agency_id IS NOT NULL
  AND t.state IN ('accepted', 'investigating', 'concluded', 'rectifying', 'verified', 'under_review', 'closed')
  AND EXISTS (SELECT 1 FROM "staff_accounts" AS s WHERE s.id = a.actor_id)
  AND NOT EXISTS (SELECT 1 FROM "ledger_entries" AS r WHERE r.chain = 'tip:' || t.id::text AND r.action = 'case.route' AND r.seq > a.seq);--> statement-breakpoint
CREATE INDEX "tips_officer_idx" ON "tips" USING btree ("agency_id","assigned_officer_id","assigned_on","reference_seq") WHERE "tips"."assigned_officer_id" is not null;