-- Email as a channel, the visitor-facing half (issue 16), written by hand.
-- Transcripts on resolve: the visitor's switch, per conversation ("Email me a transcript"), and the thread's
-- `transcript_due_at`: a transcript to send (set by a resolve of a conversation that asked for one, or by an agent),
-- cleared by the email worker's transcript pass (modules/email/transcript.ts) when it queues it.
ALTER TABLE "conversations" ADD COLUMN "email_transcript" boolean DEFAULT false NOT NULL;
--> statement-breakpoint
ALTER TABLE "email_threads" ADD COLUMN "transcript_due_at" timestamp with time zone;
--> statement-breakpoint
CREATE INDEX "email_threads_transcript_idx" ON "email_threads" USING btree ("transcript_due_at") WHERE "transcript_due_at" IS NOT NULL;
--> statement-breakpoint
-- Every resolve writes a row of conversation_status_changes (change-conversation.ts), whoever resolves: this marks a
-- transcript due when the conversation asked for one. Only a marker: whether and what is sent is decided by
-- modules/email/transcript.ts.
CREATE FUNCTION "email_transcript_mark"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO "email_threads" ("conversation_id", "organization_id", "transcript_due_at")
	SELECT c."id", c."organization_id", NEW."changed_at" FROM "conversations" c
	WHERE c."id" = NEW."conversation_id" AND c."email_transcript"
	ON CONFLICT ("conversation_id") DO UPDATE SET "transcript_due_at" = excluded."transcript_due_at";
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "status_changes_email_transcript" AFTER INSERT ON "conversation_status_changes" FOR EACH ROW
	WHEN (NEW."to_status" = 'resolved') EXECUTE FUNCTION "email_transcript_mark"();
--> statement-breakpoint
-- Email inboxes: an address of the organization's (support@company) whose new emails start conversations. Mail
-- reaches Oceras at the address itself (a domain's MX on the SMTP receiver) or at its forwarding address
-- `inbox+<forward_token>@REPLY_DOMAIN`, where the organization forwards it. Addresses are unique across the
-- deployment: one address, one organization.
CREATE TABLE "email_inboxes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL REFERENCES "organizations"("id") ON DELETE cascade,
	"address" text NOT NULL,
	"forward_token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "email_inboxes_address_key" ON "email_inboxes" USING btree ("address");
--> statement-breakpoint
CREATE UNIQUE INDEX "email_inboxes_forward_token_key" ON "email_inboxes" USING btree ("forward_token");
--> statement-breakpoint
CREATE INDEX "email_inboxes_org_idx" ON "email_inboxes" USING btree ("organization_id");
--> statement-breakpoint
-- A conversation's channel: `chat` (the widget) or `email` (started by an email to an inbox; answered by email at
-- once, not after the follow-up delay), and the inbox it came through.
ALTER TABLE "conversations" ADD COLUMN "channel" text DEFAULT 'chat' NOT NULL;
--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "email_inbox_id" uuid REFERENCES "email_inboxes"("id") ON DELETE set null;
--> statement-breakpoint
-- Inbound Message-IDs join the thread's (References of the answers); a relay posting an email twice is found here.
CREATE INDEX "email_threads_message_ids_idx" ON "email_threads" USING gin ("message_ids");
