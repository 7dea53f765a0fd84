-- Email as a channel (issue 16), written by hand. The outbound queue: every email leaves from here (never from a
-- request), claimed with SKIP LOCKED by any process's email worker (modules/email/email-worker.ts), retried with
-- backoff, kept 30 days as the admins' delivery log. The Message-ID is fixed at queueing, so a resend after a
-- crash carries the same one.
CREATE TABLE "email_outbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
	"organization_id" uuid NOT NULL REFERENCES "organizations"("id") ON DELETE cascade,
	"kind" text NOT NULL,
	"conversation_id" uuid REFERENCES "conversations"("id") ON DELETE cascade,
	"visitor_id" uuid REFERENCES "visitors"("id") ON DELETE cascade,
	"recipient" text NOT NULL,
	"subject" text NOT NULL,
	"text" text NOT NULL,
	"html" text,
	"message_id" text NOT NULL,
	"headers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "email_outbox_message_id_key" ON "email_outbox" USING btree ("message_id");
--> statement-breakpoint
CREATE INDEX "email_outbox_due_idx" ON "email_outbox" USING btree ("next_attempt_at") WHERE "status" = 'pending';
--> statement-breakpoint
CREATE INDEX "email_outbox_org_idx" ON "email_outbox" USING btree ("organization_id", "id" DESC);
--> statement-breakpoint
CREATE INDEX "email_outbox_conversation_idx" ON "email_outbox" USING btree ("conversation_id");
--> statement-breakpoint
CREATE INDEX "email_outbox_visitor_idx" ON "email_outbox" USING btree ("visitor_id");
--> statement-breakpoint
-- Visitor follow-up: the organization's switch (on unless turned off; nothing leaves without SMTP_URL) and delay
-- (null: EMAIL_FOLLOWUP_DELAY_SECONDS); the visitor's language (the widget's) and the page the widget was on.
ALTER TABLE "organizations" ADD COLUMN "email_followup" boolean DEFAULT true NOT NULL;
--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "email_followup_delay_seconds" integer;
--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "locale" text;
--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "page_url" text;
--> statement-breakpoint
-- A conversation as an email thread: the reply token (Reply-To: reply+<token>@REPLY_DOMAIN), the Message-IDs sent
-- (References), how far replies were emailed, the visitor's unsubscribe, and `pending_since`: the time of the
-- first agent reply not yet emailed, set by the trigger below, cleared by the follow-up pass.
CREATE TABLE "email_threads" (
	"conversation_id" uuid PRIMARY KEY NOT NULL REFERENCES "conversations"("id") ON DELETE cascade,
	"organization_id" uuid NOT NULL REFERENCES "organizations"("id") ON DELETE cascade,
	"reply_token" text,
	"pending_since" timestamp with time zone,
	"last_emailed_seq" integer DEFAULT 0 NOT NULL,
	"message_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"unsubscribed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "email_threads_reply_token_key" ON "email_threads" USING btree ("reply_token");
--> statement-breakpoint
CREATE INDEX "email_threads_pending_idx" ON "email_threads" USING btree ("pending_since") WHERE "pending_since" IS NOT NULL;
--> statement-breakpoint
-- Every path that appends a message (one statement, batch, transaction) inserts into messages: this marks the
-- conversation as having a reply to follow up, whichever path wrote it. Only a marker: which replies are emailed,
-- to whom and when is decided by modules/email/followup.ts.
CREATE FUNCTION "email_followup_mark"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO "email_threads" ("conversation_id", "organization_id", "pending_since")
	VALUES (NEW."conversation_id", NEW."organization_id", NEW."created_at")
	ON CONFLICT ("conversation_id") DO UPDATE
		SET "pending_since" = coalesce("email_threads"."pending_since", excluded."pending_since")
		WHERE "email_threads"."unsubscribed_at" IS NULL AND "email_threads"."pending_since" IS NULL;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "messages_email_followup" AFTER INSERT ON "messages" FOR EACH ROW
	WHEN (NEW."type" = 'message' AND NEW."author_type" = 'agent') EXECUTE FUNCTION "email_followup_mark"();
