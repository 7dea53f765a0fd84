-- Business hours and automatic replies (issue 18): the organization's hours (null: always open) and its three
-- automatic replies; on each conversation, when its out-of-hours reply stops applying and when it was nudged.
alter table organizations add column business_hours jsonb;
--> statement-breakpoint
alter table organizations add column auto_replies jsonb not null default '{}'::jsonb;
--> statement-breakpoint
alter table conversations add column out_of_hours_until timestamptz;
--> statement-breakpoint
alter table conversations add column nudged_at timestamptz;
