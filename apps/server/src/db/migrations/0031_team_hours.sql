-- A team's own business hours (issue 18), written by hand: the organization's shape (TBusinessHours, validated by
-- the protocol), read in the organization's time zone; null: the organization's hours apply to its conversations.
ALTER TABLE "teams" ADD COLUMN "business_hours" jsonb;
