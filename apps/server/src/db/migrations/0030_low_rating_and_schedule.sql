-- What a visitor's low rating does (issue 18, modules/satisfaction/act-on-low-rating.ts): the organization's
-- threshold and switches (missing keys: the defaults, off), and the agents' notice of it, one per rating's line.
ALTER TABLE "organizations" ADD COLUMN "low_rating_actions" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "agent_notices" DROP CONSTRAINT "agent_notices_kind_check";--> statement-breakpoint
ALTER TABLE "agent_notices" ADD CONSTRAINT "agent_notices_kind_check" CHECK ("kind" IN ('mention', 'assigned', 'low_rating'));--> statement-breakpoint
CREATE UNIQUE INDEX "agent_notices_low_rating_key" ON "agent_notices" USING btree ("message_id", "agent_id") WHERE "kind" = 'low_rating';
--> statement-breakpoint
-- Agents' availability on a schedule (issue 18, modules/agents/follow-schedules.ts): their week, and while they
-- follow it, its next start or end (the scheduler's pass takes those due, SKIP LOCKED).
ALTER TABLE "agents" ADD COLUMN "availability_schedule" jsonb;--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "schedule_next_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "agents_schedule_due_idx" ON "agents" USING btree ("schedule_next_at") WHERE "schedule_next_at" is not null;
