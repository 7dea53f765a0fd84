CREATE TABLE "conversation_counts" (
	"organization_id" uuid NOT NULL,
	"status" text NOT NULL,
	"assignee_id" uuid NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "conversation_counts_organization_id_status_assignee_id_pk" PRIMARY KEY("organization_id","status","assignee_id")
);
--> statement-breakpoint
ALTER TABLE "conversation_counts" ADD CONSTRAINT "conversation_counts_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conversations_open_assignee_idx" ON "conversations" USING btree ("organization_id","assignee_id","id","last_public_message_seq") WHERE "conversations"."status" <> 'resolved';--> statement-breakpoint
CREATE INDEX "conversations_priority_idx" ON "conversations" USING btree ("organization_id","priority","last_activity_at" DESC NULLS LAST,"id" DESC NULLS LAST);