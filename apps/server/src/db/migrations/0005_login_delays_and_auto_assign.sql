ALTER TABLE "agents" ADD COLUMN "last_failed_login_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "auto_assign_on_reply" boolean DEFAULT true NOT NULL;