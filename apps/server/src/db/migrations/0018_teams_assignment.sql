-- Teams and automatic assignment (issue 17, "Routing"), written by hand. A team is a named set of agents with its
-- own auto-assignment switch; a conversation belongs to at most one team. The engine (modules/assignment) hands
-- open, unassigned conversations of an auto-assigned scope (the team's, or the organization's for those without a
-- team) to the online agent with the fewest unresolved conversations under their capacity, ties to whoever waited
-- longest since their last automatic assignment; the queue is read oldest `queued_at` first.
CREATE TABLE "teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL REFERENCES "organizations"("id") ON DELETE cascade,
	"name" text NOT NULL,
	"auto_assignment" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "teams_org_name_key" ON "teams" USING btree ("organization_id", lower("name"));
--> statement-breakpoint
CREATE TABLE "team_members" (
	"team_id" uuid NOT NULL REFERENCES "teams"("id") ON DELETE cascade,
	"agent_id" uuid NOT NULL REFERENCES "agents"("id") ON DELETE cascade,
	"organization_id" uuid NOT NULL REFERENCES "organizations"("id") ON DELETE cascade,
	CONSTRAINT "team_members_pk" PRIMARY KEY ("team_id", "agent_id")
);
--> statement-breakpoint
CREATE INDEX "team_members_agent_idx" ON "team_members" USING btree ("agent_id");
--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "team_id" uuid REFERENCES "teams"("id") ON DELETE set null;
--> statement-breakpoint
-- When the conversation last joined the queue (created, reopened, unassigned): the queue's order.
ALTER TABLE "conversations" ADD COLUMN "queued_at" timestamp with time zone DEFAULT now() NOT NULL;
--> statement-breakpoint
UPDATE "conversations" SET "queued_at" = "created_at";
--> statement-breakpoint
CREATE INDEX "conversations_queue_idx" ON "conversations" USING btree ("organization_id", "queued_at", "id") WHERE "assignee_id" IS NULL AND "status" = 'open';
--> statement-breakpoint
CREATE INDEX "conversations_team_idx" ON "conversations" USING btree ("organization_id", "team_id", "last_activity_at" DESC, "id" DESC) WHERE "team_id" IS NOT NULL;
--> statement-breakpoint
-- Null: no limit.
ALTER TABLE "agents" ADD COLUMN "capacity" integer;
--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "last_assigned_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "availability_changed_at" timestamp with time zone DEFAULT now() NOT NULL;
--> statement-breakpoint
-- Kept by the database, whichever command changes the availability (update-me, sign-in, removal, erasure).
CREATE FUNCTION agents_availability_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.availability_changed_at := now();
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER agents_availability_changed BEFORE UPDATE OF availability ON agents
  FOR EACH ROW WHEN (OLD.availability IS DISTINCT FROM NEW.availability)
  EXECUTE FUNCTION agents_availability_stamp();
--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "auto_assignment" boolean DEFAULT false NOT NULL;
--> statement-breakpoint
-- Null: an offline assignee keeps their conversations.
ALTER TABLE "organizations" ADD COLUMN "reassign_offline_after_minutes" integer;
