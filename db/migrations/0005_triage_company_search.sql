-- Company-name search within the triage queue: a trigram index over untriaged tips only, so the
-- search does not depend on the planner's estimate for `%` over all tips (keep in step with
-- TRIAGE_STATES). The full trigram index still serves the agency inbox.
CREATE INDEX IF NOT EXISTS "tips_triage_company_trgm_idx" ON "tips" USING gin ("company_name" gin_trgm_ops) WHERE "state" IN ('submitted', 'returned', 'reopened');
