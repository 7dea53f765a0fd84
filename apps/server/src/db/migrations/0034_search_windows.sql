-- Search by time windows (issue 17), written by hand. At 10M messages a word's newest matches could not be found
-- fast: a GIN index has no order and no early stop, so "newest first" either read every match of a common word or
-- walked conversations and recomputed their documents (5 s for a word in 1 message of 10,000). The search index now
-- also holds four words of each message's own: its organization, and its organization's UTC hour, day and 16-day
-- block. A query ANDs one of them with the words sought, so PostgreSQL reads only that organization's matches in
-- that window, and the server walks windows newest first until a page is full (modules/search). What a window is
-- and what its word looks like are defined here only; the server calls these functions by name. The words start
-- with `~`, which no text search parser emits, so no body and no query typed by a person can match one.
--
-- All immutable and inlinable (the epoch seconds from a timestamptz difference, explicit text casts): the append
-- statements and the index compute them in place, with no function call per row. They call each other by their
-- schema's name: PostgreSQL 17 (PGlite) builds and analyzes an index with only pg_catalog on the search path.
CREATE OR REPLACE FUNCTION oceras_search_grain_seconds(grain text) RETURNS bigint
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT CASE grain WHEN 'h' THEN 3600 WHEN 'd' THEN 86400 WHEN 'b' THEN 1382400 END::bigint $$;
--> statement-breakpoint
-- The number of the window of a grain ('h' hour, 'd' day, 'b' block of 16 days, all UTC) that holds `at`.
CREATE OR REPLACE FUNCTION oceras_search_bucket(grain text, at timestamptz) RETURNS bigint
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT floor(extract(epoch FROM at - timestamptz '1970-01-01 00:00:00+00') / public.oceras_search_grain_seconds(grain))::bigint $$;
--> statement-breakpoint
-- Where that window starts.
CREATE OR REPLACE FUNCTION oceras_search_window_start(grain text, at timestamptz) RETURNS timestamptz
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT timestamptz '1970-01-01 00:00:00+00'
    + make_interval(secs => (public.oceras_search_bucket(grain, at) * public.oceras_search_grain_seconds(grain))::double precision) $$;
--> statement-breakpoint
-- The word of an organization ('o') or of its window of a grain holding `at`.
CREATE OR REPLACE FUNCTION oceras_search_token(organization_id uuid, grain text, at timestamptz) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT '~' || grain || replace(organization_id::text, '-', '')
    || CASE WHEN grain = 'o' THEN '' ELSE '.' || public.oceras_search_bucket(grain, at)::text END $$;
--> statement-breakpoint
-- What the index holds for a message: its body's words (migration 0012) and its four window words.
CREATE OR REPLACE FUNCTION oceras_search_entry(body text, organization_id uuid, created_at timestamptz) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT public.oceras_search_document(body) || array_to_tsvector(ARRAY[
    public.oceras_search_token(organization_id, 'o', created_at), public.oceras_search_token(organization_id, 'h', created_at),
    public.oceras_search_token(organization_id, 'd', created_at), public.oceras_search_token(organization_id, 'b', created_at)]) $$;
--> statement-breakpoint
-- A window (or the whole organization, grain 'o') as a query word, to AND with the words sought.
CREATE OR REPLACE FUNCTION oceras_search_window(organization_id uuid, grain text, at timestamptz) RETURNS tsquery
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT quote_literal(public.oceras_search_token(organization_id, grain, at))::tsquery $$;
--> statement-breakpoint
-- Words as they are in the index (lexemes, not normalized again), any of them: the completions of a word being typed
-- that the index's statistics know (modules/search: a prefix query reads every completion's matches at once).
CREATE OR REPLACE FUNCTION oceras_search_words(words text[]) RETURNS tsquery
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT string_agg(quote_literal(w), ' | ')::tsquery FROM unnest(words) w $$;
--> statement-breakpoint
-- The words a term's every reading holds (those english and simple both keep as written, "walrus" and "broken" of
-- "walrus arrived broken"), all of them; null when there are none. ANDed with the term, they let GIN read the
-- rarest of them first: a term's two readings are an OR, which GIN reads entry by entry (12 ms for a phrase in one
-- day's window, 1 ms with its shared words); and they count a phrase without testing each match's positions.
CREATE OR REPLACE FUNCTION oceras_search_shared(term text) RETURNS tsquery
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT string_agg(quote_literal(w), ' & ')::tsquery FROM (
    SELECT unnest(tsvector_to_array(to_tsvector('english'::regconfig, term)))
    INTERSECT SELECT unnest(tsvector_to_array(to_tsvector('simple'::regconfig, term)))) x(w) $$;
--> statement-breakpoint
DROP INDEX IF EXISTS "messages_search_idx";
--> statement-breakpoint
CREATE INDEX "messages_search_idx" ON "messages" USING gin (oceras_search_entry("body", "organization_id", "created_at")) WHERE "type" <> 'system';
