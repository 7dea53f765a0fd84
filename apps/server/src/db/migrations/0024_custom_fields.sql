-- Custom fields (issue 18, "Ticket fields"), written by hand. An admin defines typed fields for conversations and
-- contacts (visitors); their values live beside the row they describe, in a jsonb object keyed by the field's key
-- (stable: it never changes), so every presenter, event, webhook and export carries them without a join, and a
-- visitor's erasure or an organization's deletion takes them with the row. Deleting a definition removes its key
-- from the rows in the same transaction (modules/custom-fields).
CREATE TABLE "custom_fields" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL REFERENCES "organizations"("id") ON DELETE cascade,
	"entity" text NOT NULL CHECK ("entity" IN ('conversation', 'contact')),
	"key" text NOT NULL,
	"label" text NOT NULL,
	"type" text NOT NULL CHECK ("type" IN ('text', 'number', 'date', 'single_choice', 'multiple_choice', 'checkbox')),
	"options" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"required_on_resolve" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "custom_fields_org_entity_key" ON "custom_fields" USING btree ("organization_id", "entity", "key");
--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "custom_fields" jsonb DEFAULT '{}'::jsonb NOT NULL;
--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "custom_fields" jsonb DEFAULT '{}'::jsonb NOT NULL;
--> statement-breakpoint
-- The list's `field.<key>=<value>` filters are containment (`custom_fields @> ...`); only conversations holding
-- values are indexed, so the message path's updates of the many others add nothing to it.
CREATE INDEX "conversations_custom_fields_idx" ON "conversations" USING gin ("custom_fields" jsonb_path_ops) WHERE "custom_fields" <> '{}'::jsonb;
