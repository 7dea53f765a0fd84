-- The inbox index carries the tags: a tag filter then reads them from the index (an index-only scan) instead of
-- fetching each conversation's row to test it. For a tag on 1 % of a million conversations, the newest 25 took
-- about 2,500 row fetches. Drizzle's index builder has no INCLUDE, so schema.ts keeps the key columns only.
DROP INDEX IF EXISTS "conversations_inbox_idx";--> statement-breakpoint
CREATE INDEX "conversations_inbox_idx" ON "conversations" USING btree ("organization_id","last_activity_at" DESC NULLS LAST,"id" DESC NULLS LAST) INCLUDE ("tags");
