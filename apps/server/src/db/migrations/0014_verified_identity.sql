-- Verified visitor identity (issue 19), written by hand. The organization's identity secret is kept sealed
-- (AES-256-GCM under a key derived from JWT_SECRET, like two-factor secrets), never in plain text; `require_verified_identity`
-- refuses anonymous widget sessions. A visitor signed by the customer's backend carries its `external_user_id`,
-- unique per organization: every browser and device of that user attaches to that one row. `custom_attributes`
-- holds Oceras.update()'s values (personal data: exported, erased).
ALTER TABLE "organizations" ADD COLUMN "identity_secret_sealed" text;
--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "require_verified_identity" boolean DEFAULT false NOT NULL;
--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "external_user_id" text;
--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "custom_attributes" jsonb DEFAULT '{}'::jsonb NOT NULL;
--> statement-breakpoint
CREATE UNIQUE INDEX "visitors_external_user_key" ON "visitors" USING btree ("organization_id","external_user_id") WHERE "external_user_id" is not null;
