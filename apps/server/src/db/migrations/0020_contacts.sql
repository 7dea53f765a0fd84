-- Contacts (issue 18), written by hand. Visitors are the contacts: they gain a phone, a company and the browser's
-- time zone; each conversation keeps the page it was started from (copied from the visitor's session when it
-- starts); agents keep notes about a contact (never shown to the visitor). All of it is personal data: in the
-- visitor's export and gone with their erasure (modules/privacy).
ALTER TABLE "visitors" ADD COLUMN "phone" text;
--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "company" text;
--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "time_zone" text;
--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "page_title" text;
--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "page_url" text;
--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "page_title" text;
--> statement-breakpoint
-- The contacts list: newest seen first, keyset on (last_seen_at, id), per organization.
CREATE INDEX "visitors_list_idx" ON "visitors" USING btree ("organization_id", "last_seen_at" DESC, "id" DESC);
--> statement-breakpoint
-- The CSV import's upsert by email (case-insensitive): one contact per address among the live ones.
CREATE INDEX "visitors_email_idx" ON "visitors" USING btree ("organization_id", lower("email")) WHERE "erased_at" IS NULL;
--> statement-breakpoint
CREATE TABLE "visitor_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL REFERENCES "organizations"("id") ON DELETE cascade,
	"visitor_id" uuid NOT NULL REFERENCES "visitors"("id") ON DELETE cascade,
	"author_id" uuid REFERENCES "agents"("id") ON DELETE set null,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "visitor_notes_visitor_idx" ON "visitor_notes" USING btree ("visitor_id", "created_at" DESC);
--> statement-breakpoint
-- Search by phone and company as by name and email (0012): trigram indexes where pg_trgm is available.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
    CREATE INDEX IF NOT EXISTS "visitors_phone_trgm_idx" ON "visitors" USING gin ("phone" gin_trgm_ops);
    CREATE INDEX IF NOT EXISTS "visitors_company_trgm_idx" ON "visitors" USING gin ("company" gin_trgm_ops);
  END IF;
END $$;
