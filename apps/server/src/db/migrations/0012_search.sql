-- Full-text search (issue 17), written by hand. What a message body means to search is defined once, here, as SQL
-- functions: the server's statements call them by name, and the index is built on the same expression, so an
-- append (the group commit's batch statement included) keeps the index in its own statement, unchanged.
--
-- The document is the body read twice: with the `english` configuration (stemming: "refunds", "refunded" and
-- "refund" meet) and with `simple` (every word as written: names, codes, stop words and other languages still
-- match). Organizations have no language setting yet; when they do, the english half becomes theirs.
CREATE OR REPLACE FUNCTION oceras_search_document(body text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT to_tsvector('english'::regconfig, body) || to_tsvector('simple'::regconfig, body) $$;
--> statement-breakpoint
-- One word or phrase of a query, read the same two ways; a word that english drops (a stop word) is kept by simple.
CREATE OR REPLACE FUNCTION oceras_search_term(term text) RETURNS tsquery
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT phraseto_tsquery('english'::regconfig, term) || phraseto_tsquery('simple'::regconfig, term) $$;
--> statement-breakpoint
-- A word being typed (letters and digits only, checked by the caller): any word that starts with it.
CREATE OR REPLACE FUNCTION oceras_search_prefix(word text) RETURNS tsquery
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT to_tsquery('simple'::regconfig, quote_literal(word) || ':*') $$;
--> statement-breakpoint
-- The passage of a body around the match, the matched words between U+0002 and U+0003 (removed from the body
-- first, so no other character can pass for a marker); the server turns the marks into ranges.
CREATE OR REPLACE FUNCTION oceras_search_headline(body text, query tsquery) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT ts_headline('english'::regconfig, translate(body, E'\u0002\u0003', '  '), query,
    'StartSel=' || E'\u0002' || ', StopSel=' || E'\u0003' || ', MaxWords=24, MinWords=10, MaxFragments=1, ShortWord=2') $$;
--> statement-breakpoint
-- Message and note bodies; system lines are not searched. A generalized inverted index on the expression.
CREATE INDEX "messages_search_idx" ON "messages" USING gin (oceras_search_document("body")) WHERE "type" <> 'system';
--> statement-breakpoint
-- Parts of names, emails and subjects: trigram indexes, where pg_trgm is available (PostgreSQL's contrib, and
-- PGlite when the server loads it). Without it the same ILIKE predicates run unindexed: slower, same answers.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE INDEX IF NOT EXISTS "visitors_name_trgm_idx" ON "visitors" USING gin ("name" gin_trgm_ops);
    CREATE INDEX IF NOT EXISTS "visitors_email_trgm_idx" ON "visitors" USING gin ("email" gin_trgm_ops);
    CREATE INDEX IF NOT EXISTS "conversations_subject_trgm_idx" ON "conversations" USING gin ("subject" gin_trgm_ops);
  ELSE
    RAISE NOTICE 'pg_trgm is not available: partial names, emails and subjects are searched without an index';
  END IF;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'pg_trgm could not be created (%): partial names, emails and subjects are searched without an index', SQLERRM;
END $$;
