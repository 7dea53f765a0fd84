-- Away after inactivity (issue 18), written by hand. An agent's last sign of life at the keyboard (a command from
-- their app's socket: viewing, reading, typing, sending, or the app's own activity ping), the organization's delay,
-- and whether the server (not the agent) set them away: only then does their next activity bring them back online.
ALTER TABLE "agents" ADD COLUMN "last_active_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "is_auto_away" boolean DEFAULT false NOT NULL;
--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "away_after_inactive_minutes" integer;
