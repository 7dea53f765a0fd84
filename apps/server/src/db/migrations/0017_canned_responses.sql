-- Canned responses (issue 17), written by hand. agent_id null: the organization's shared response; set: that agent's
-- personal one (gone with the agent's erasure, modules/privacy). Shortcodes are stored lowercase and unique among
-- the shared ones and among each agent's own; a personal one may reuse a shared one's shortcode.
CREATE TABLE "canned_responses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL REFERENCES "organizations"("id") ON DELETE cascade,
	"agent_id" uuid REFERENCES "agents"("id") ON DELETE cascade,
	"shortcode" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "canned_responses_shared_key" ON "canned_responses" USING btree ("organization_id", "shortcode") WHERE "agent_id" IS NULL;
--> statement-breakpoint
CREATE UNIQUE INDEX "canned_responses_personal_key" ON "canned_responses" USING btree ("organization_id", "agent_id", "shortcode") WHERE "agent_id" IS NOT NULL;
