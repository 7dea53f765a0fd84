-- Satisfaction and reports (issue 18), written by hand.
-- A visitor's rating lives on its conversation (one per conversation; rating again replaces it). Every status move
-- is kept in conversation_status_changes, written by the one command that changes a conversation
-- (modules/conversations/change-conversation.ts): the reports count resolutions and reopenings from it, and a
-- resolution carries how long its conversation had been open (since it was created or last reopened).
ALTER TABLE "organizations" ADD COLUMN "time_zone" text DEFAULT 'UTC' NOT NULL;
--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "rating_score" smallint;
--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "rating_comment" text;
--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "rated_at" timestamp with time zone;
--> statement-breakpoint
CREATE INDEX "conversations_rated_idx" ON "conversations" USING btree ("organization_id", "rated_at")
  INCLUDE ("rating_score", "assignee_id") WHERE "rated_at" IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "conversations_created_idx" ON "conversations" USING btree ("organization_id", "created_at")
  INCLUDE ("first_reply_at", "assignee_id", "status", "waiting_since");
--> statement-breakpoint
CREATE TABLE "conversation_status_changes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
	"organization_id" uuid NOT NULL REFERENCES "organizations"("id") ON DELETE cascade,
	"conversation_id" uuid NOT NULL REFERENCES "conversations"("id") ON DELETE cascade,
	"from_status" text NOT NULL,
	"to_status" text NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"agent_id" uuid REFERENCES "agents"("id") ON DELETE set null,
	"assignee_id" uuid REFERENCES "agents"("id") ON DELETE set null,
	"open_ms" bigint
);
--> statement-breakpoint
CREATE INDEX "status_changes_report_idx" ON "conversation_status_changes" USING btree ("organization_id", "to_status", "changed_at")
  INCLUDE ("open_ms", "assignee_id", "from_status");
--> statement-breakpoint
CREATE INDEX "status_changes_conversation_idx" ON "conversation_status_changes" USING btree ("conversation_id", "changed_at");
--> statement-breakpoint
-- The history before this migration, from the status lines agents saw in each thread (a visitor's message
-- reopening a conversation wrote no line then, so those reopenings are missing; a resolution's open time is counted
-- from the conversation's creation).
INSERT INTO "conversation_status_changes" ("organization_id", "conversation_id", "from_status", "to_status", "changed_at", "agent_id", "open_ms")
SELECT m."organization_id", m."conversation_id", m."system"->>'from', m."system"->>'to', m."created_at",
       (SELECT a."id" FROM "agents" a WHERE a."id" = CASE
          WHEN m."system"->>'by' ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
          THEN (m."system"->>'by')::uuid END),
       CASE WHEN m."system"->>'to' = 'resolved'
            THEN (extract(epoch FROM m."created_at" - c."created_at") * 1000)::bigint END
FROM "messages" m JOIN "conversations" c ON c."id" = m."conversation_id"
WHERE m."type" = 'system' AND m."system"->>'action' = 'status_changed'
  AND m."system"->>'from' IS NOT NULL AND m."system"->>'to' IS NOT NULL
ORDER BY m."created_at";
