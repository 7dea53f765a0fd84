-- A team's own business hours (issue 18), written by hand: the organization's shape (TBusinessHours, validated by
-- the protocol), read in the organization's time zone; null: the organization's hours apply to its conversations.
ALTER TABLE "teams" ADD COLUMN "business_hours" jsonb;
--> statement-breakpoint
-- Reports at scale (issue 18): the reports' range reads answered from their indexes alone. The per-team figures and
-- the team filter read `team_id`, the per-tag ones `tags`, of the conversations opened or rated in the range; the
-- per-tag and per-team resolutions read the moves' `conversation_id`. Each index gets the columns added to its
-- INCLUDE list (rebuilt: a lock on writes for the seconds a million rows take).
DROP INDEX "conversations_created_idx";
--> statement-breakpoint
CREATE INDEX "conversations_created_idx" ON "conversations" USING btree ("organization_id", "created_at")
  INCLUDE ("first_reply_at", "assignee_id", "status", "waiting_since", "team_id", "tags");
--> statement-breakpoint
DROP INDEX "conversations_rated_idx";
--> statement-breakpoint
CREATE INDEX "conversations_rated_idx" ON "conversations" USING btree ("organization_id", "rated_at")
  INCLUDE ("rating_score", "assignee_id", "team_id", "tags") WHERE "rated_at" IS NOT NULL;
--> statement-breakpoint
DROP INDEX "status_changes_report_idx";
--> statement-breakpoint
CREATE INDEX "status_changes_report_idx" ON "conversation_status_changes" USING btree ("organization_id", "to_status", "changed_at")
  INCLUDE ("open_ms", "assignee_id", "from_status", "conversation_id");
--> statement-breakpoint
-- The organization's tagged conversations (a tenth in the benchmark), for the per-tag resolutions' hash join: read
-- from this small index instead of every conversation, or one primary-key lookup per resolution of the range.
CREATE INDEX "conversations_tagged_idx" ON "conversations" USING btree ("organization_id", "id") INCLUDE ("tags")
  WHERE "tags" <> '{}';
