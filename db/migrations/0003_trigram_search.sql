-- Company/site-name search and duplicate detection by trigram similarity (pg_trgm ships with
-- PostgreSQL's contrib, in the embedded server and in Debian's postgresql-15 alike).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "tips_company_trgm_idx" ON "tips" USING gin ("company_name" gin_trgm_ops);
