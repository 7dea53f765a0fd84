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
