-- Saved views (issue 17), written by hand. A view is the inbox list's own query (`filters`, as the protocol's
-- ZSavedViewFilters parsed it) under a name. agent_id null: the organization's shared view; set: that agent's
-- personal one (gone with the agent's erasure, modules/privacy). Listed by name per owner.
CREATE TABLE "saved_views" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL REFERENCES "organizations"("id") ON DELETE cascade,
	"agent_id" uuid REFERENCES "agents"("id") ON DELETE cascade,
	"name" text NOT NULL,
	"filters" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "saved_views_owner_idx" ON "saved_views" USING btree ("organization_id", "agent_id");
