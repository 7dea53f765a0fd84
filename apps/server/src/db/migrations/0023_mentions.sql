-- Mentions and agents' notices (issues 17 and 16), written by hand. One row per thing an agent should hear about:
-- a colleague's note that mentions them (`mention`, with the note) or a conversation given to them by someone else
-- (`assigned`). The mentions list reads the first kind with its read state; the agents' email pass
-- (modules/agent-notices/agent-email.ts) reads `email_status = 'pending'` rows and decides, per the agent's
-- settings and presence, whether they leave as an email ('sent') or not ('skipped'), once `email_due_at` has come
-- (now for `immediate`, a day later for `digest`). No text is copied here: the
-- note stays in `messages` (an erased visitor's messages take their mentions with them).
CREATE TABLE "agent_notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL REFERENCES "organizations"("id") ON DELETE cascade,
	"agent_id" uuid NOT NULL REFERENCES "agents"("id") ON DELETE cascade,
	"kind" text NOT NULL CHECK ("kind" IN ('mention', 'assigned')),
	"conversation_id" uuid NOT NULL REFERENCES "conversations"("id") ON DELETE cascade,
	"message_id" uuid REFERENCES "messages"("id") ON DELETE cascade,
	"author_id" uuid REFERENCES "agents"("id") ON DELETE set null,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone,
	"email_status" text CHECK ("email_status" IN ('pending', 'sent', 'skipped')),
	"email_due_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "agent_notices_mention_key" ON "agent_notices" USING btree ("message_id", "agent_id") WHERE "kind" = 'mention';
--> statement-breakpoint
CREATE INDEX "agent_notices_mentions_idx" ON "agent_notices" USING btree ("organization_id", "agent_id", "created_at" DESC, "id" DESC) WHERE "kind" = 'mention';
--> statement-breakpoint
CREATE INDEX "agent_notices_email_idx" ON "agent_notices" USING btree ("email_due_at") WHERE "email_status" = 'pending';
--> statement-breakpoint
CREATE INDEX "agent_notices_pending_idx" ON "agent_notices" USING btree ("agent_id") WHERE "email_status" = 'pending';
--> statement-breakpoint
CREATE INDEX "agent_notices_conversation_idx" ON "agent_notices" USING btree ("conversation_id");
--> statement-breakpoint
CREATE INDEX "agent_notices_author_idx" ON "agent_notices" USING btree ("author_id");
