-- Issue 15, the rights half (written by hand; 0007 and 0009 come from parallel branches, reconciled at merge).
-- Restriction (objection, policy §7): the row stays, nothing processes it (no pushes, no emails, no reports).
ALTER TABLE "agents" ADD COLUMN "restricted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "restricted_at" timestamp with time zone;--> statement-breakpoint
-- Erasure: the shell that stays (an agent's authorship, a visitor's conversations for the counts) says when.
ALTER TABLE "agents" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
-- Who did what to whose data, and when: ids and actions only, never names, emails or content. No foreign key to
-- organizations: the record of an organization's deletion outlives it.
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" uuid,
	"action" text NOT NULL,
	"target_type" text NOT NULL,
	"target_id" uuid,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "audit_log_org_idx" ON "audit_log" USING btree ("organization_id","id" DESC NULLS LAST);--> statement-breakpoint
-- An agent's own messages in write order (their export, GET /api/v1/me/export); visitors' messages, the bulk, stay
-- out of it.
CREATE INDEX "messages_agent_author_idx" ON "messages" USING btree ("author_id","created_at","id") WHERE "messages"."author_type" = 'agent';
