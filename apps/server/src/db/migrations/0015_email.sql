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
