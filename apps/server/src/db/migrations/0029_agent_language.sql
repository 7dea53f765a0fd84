-- The language an agent chose for the dashboard and the app (issue 18), written by hand; null: their browser's or
-- device's. The list is packages/protocol/src/languages.ts.
ALTER TABLE "agents" ADD COLUMN "language" text CONSTRAINT "agents_language_check" CHECK ("language" IN ('en', 'fr', 'de', 'es'));
