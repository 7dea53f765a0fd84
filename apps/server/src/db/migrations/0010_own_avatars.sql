-- Agent avatars are served by Oceras from now on (issue 15, privacy policy §5: a visitor's browser contacts no
-- third party). An avatar URL elsewhere, set before uploads existed, is dropped: the agent uploads a photo instead.
UPDATE "agents" SET "avatar_url" = NULL WHERE "avatar_url" IS NOT NULL AND "avatar_url" NOT LIKE '%/api/v1/avatars/%';
