-- A team's own business hours (issue 18), written by hand: the organization's shape (TBusinessHours, validated by
-- the protocol), read in the organization's time zone; null: the organization's hours apply to its conversations.
ALTER TABLE "teams" ADD COLUMN "business_hours" jsonb;
--> statement-breakpoint
-- Reports at scale (issue 18), the per-tag report: its resolutions joined to the organization's tagged conversations
-- (a tenth in the benchmark) read from a small index of their own, hashed, instead of every conversation or one
-- primary-key lookup per resolution; the conversations opened in the range per tag from the same index alone. The
-- moves' index carries `conversation_id` too, so that join (and the per-team one) reads no table row either.
CREATE INDEX "conversations_tagged_idx" ON "conversations" USING btree ("organization_id", "created_at")
  INCLUDE ("id", "tags") WHERE "tags" <> '{}';
--> statement-breakpoint
DROP INDEX "status_changes_report_idx";
--> statement-breakpoint
CREATE INDEX "status_changes_report_idx" ON "conversation_status_changes" USING btree ("organization_id", "to_status", "changed_at")
  INCLUDE ("open_ms", "assignee_id", "from_status", "conversation_id");
