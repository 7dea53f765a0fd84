-- Satisfaction by email (issue 18), written by hand. A resolve marks the conversation's email thread with
-- `rating_due_at`; the email worker's rating pass (modules/satisfaction/rating-email.ts) decides whether the visitor
-- gets a rating email (survey on, still resolved and unrated, visitor away, reachable by email) and clears the mark.
ALTER TABLE "email_threads" ADD COLUMN "rating_due_at" timestamp with time zone;
--> statement-breakpoint
CREATE INDEX "email_threads_rating_idx" ON "email_threads" USING btree ("rating_due_at") WHERE "rating_due_at" IS NOT NULL;
--> statement-breakpoint
-- Every resolve writes a row of conversation_status_changes (change-conversation.ts), whoever resolves. Only a
-- marker, and only where an email could go at all (the visitor gave an address): the rest is decided in TypeScript.
CREATE FUNCTION "email_rating_mark"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO "email_threads" ("conversation_id", "organization_id", "rating_due_at")
	SELECT c."id", c."organization_id", NEW."changed_at" FROM "conversations" c
	JOIN "visitors" v ON v."organization_id" = c."organization_id" AND v."id" = c."visitor_id"
	WHERE c."id" = NEW."conversation_id" AND v."email" IS NOT NULL
	ON CONFLICT ("conversation_id") DO UPDATE SET "rating_due_at" = excluded."rating_due_at";
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "status_changes_email_rating" AFTER INSERT ON "conversation_status_changes" FOR EACH ROW
	WHEN (NEW."to_status" = 'resolved') EXECUTE FUNCTION "email_rating_mark"();
