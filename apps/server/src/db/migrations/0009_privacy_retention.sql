-- Privacy retention (issue 15), written by hand: visitor sessions expire without use, devices carry the phone's
-- notification permission, organizations may set a conversation retention, pre-chat consents are recorded, and the
-- retention jobs (jobs/retention.job.ts) read by index.
ALTER TABLE "visitor_sessions" ADD COLUMN "last_used_at" timestamp with time zone DEFAULT now() NOT NULL;
--> statement-breakpoint
UPDATE "visitor_sessions" s SET "last_used_at" = v."last_seen_at" FROM "visitors" v WHERE v."id" = s."visitor_id";
--> statement-breakpoint
CREATE INDEX "visitor_sessions_last_used_idx" ON "visitor_sessions" USING btree ("last_used_at");
--> statement-breakpoint
CREATE INDEX "visitors_addresses_idx" ON "visitors" USING btree ("last_seen_at") WHERE "visitors"."ip" is not null or "visitors"."user_agent" is not null;
--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "push_permission" text DEFAULT 'granted' NOT NULL;
--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "conversation_retention_days" integer;
--> statement-breakpoint
CREATE TABLE "consent_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"visitor_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"policy_url" text,
	"policy_version" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "consent_records" ADD CONSTRAINT "consent_records_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "consent_records" ADD CONSTRAINT "consent_records_visitor_id_visitors_id_fk" FOREIGN KEY ("visitor_id") REFERENCES "public"."visitors"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "consent_records_visitor_idx" ON "consent_records" USING btree ("visitor_id","recorded_at");
