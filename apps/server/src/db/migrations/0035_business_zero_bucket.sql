-- Business durations of exactly zero get a bucket of their own (issue 18), written by hand. A span wholly outside
-- business hours (a conversation opened at night and answered before the morning) measures exactly 0 ms, and in a
-- support desk open 40 hours a week that is most spans: the median and often the 90th percentile then lay in bucket
-- 0 (0 to 44 ms), and reading a percentile sorted that bucket's rows of the range, hundreds of thousands over a
-- year at 1,000,000 conversations (the summary with `businessHours=true` took 616 ms p99). In bucket -1 every value
-- is 0, so a rank that falls there needs no read at all (modules/reports/percentiles.ts). Wall-clock durations keep
-- report_bucket: they are never exactly zero in practice.
--
-- The rule is written once, in report_business_bucket, and called by name by the triggers, the rebuild, the two
-- indexes and the server. It calls report_bucket by its schema's name: PostgreSQL 17 (PGlite) builds an index with
-- only pg_catalog on the search path.
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_first_response_business_ms_check"
	CHECK ("first_response_business_ms" >= 0);
--> statement-breakpoint
ALTER TABLE "conversation_status_changes" ADD CONSTRAINT "status_changes_open_business_ms_check"
	CHECK ("open_business_ms" >= 0);
--> statement-breakpoint
-- The bucket of a business duration in ms: -1 for exactly 0 (the checks above keep values at 0 or more, so bucket
-- order is value order), else report_bucket of its seconds.
CREATE FUNCTION "report_business_bucket"(ms bigint) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE
	AS $$ SELECT CASE WHEN ms = 0 THEN -1 ELSE public.report_bucket((ms / 1000.0)::float8) END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "report_business_conversation_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		IF NOT EXISTS (SELECT 1 FROM organizations WHERE id = OLD.organization_id) THEN RETURN OLD; END IF;
		-- Its moves' values out while it is still here to give their team (their delete finds no conversation).
		UPDATE conversation_status_changes SET open_business_ms = NULL
		WHERE conversation_id = OLD.id AND open_business_ms IS NOT NULL;
	END IF;
	IF TG_OP <> 'INSERT' AND OLD."first_response_business_ms" IS NOT NULL THEN
		PERFORM report_business_apply(OLD.organization_id, OLD.created_at, OLD.team_id,
			report_business_bucket(OLD."first_response_business_ms"), null, -1);
	END IF;
	IF TG_OP <> 'DELETE' AND NEW."first_response_business_ms" IS NOT NULL THEN
		PERFORM report_business_apply(NEW.organization_id, NEW.created_at, NEW.team_id,
			report_business_bucket(NEW."first_response_business_ms"), null, 1);
	END IF;
	IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "report_business_move_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	team uuid;
	cid uuid;
BEGIN
	cid := CASE WHEN TG_OP = 'DELETE' THEN OLD.conversation_id ELSE NEW.conversation_id END;
	SELECT team_id INTO team FROM conversations WHERE id = cid;
	-- Gone with its conversation (whose delete trigger took it out) or with its organization: nothing to subtract.
	IF NOT FOUND THEN RETURN NULL; END IF;
	IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM organizations WHERE id = OLD.organization_id) THEN RETURN NULL; END IF;
	IF TG_OP <> 'INSERT' AND OLD."open_business_ms" IS NOT NULL AND OLD.to_status = 'resolved' THEN
		PERFORM report_business_apply(OLD.organization_id, OLD.changed_at, team, null,
			report_business_bucket(OLD."open_business_ms"), -1);
	END IF;
	IF TG_OP <> 'DELETE' AND NEW."open_business_ms" IS NOT NULL AND NEW.to_status = 'resolved' THEN
		PERFORM report_business_apply(NEW.organization_id, NEW.changed_at, team, null,
			report_business_bucket(NEW."open_business_ms"), 1);
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "report_business_rebuild"(org uuid) RETURNS void LANGUAGE sql AS $$
	UPDATE report_days SET bfrt = '{}', bres = '{}' WHERE organization_id = org AND (bfrt <> '{}' OR bres <> '{}');
	WITH contributions AS (
		SELECT created_at AS at, report_business_bucket(first_response_business_ms) AS fb, null::integer AS rb, team_id
		FROM conversations WHERE organization_id = org AND first_response_business_ms IS NOT NULL
			AND NOT (SELECT business_values_stale FROM organizations WHERE id = org)
		UNION ALL
		SELECT m.changed_at, null, report_business_bucket(m.open_business_ms), c.team_id
		FROM conversation_status_changes m JOIN conversations c ON c.id = m.conversation_id
		WHERE m.organization_id = org AND m.to_status = 'resolved' AND m.open_business_ms IS NOT NULL
			AND NOT (SELECT business_values_stale FROM organizations WHERE id = org)
	), keyed AS (
		SELECT x.*, k.kind, k.key, (x.at AT TIME ZONE 'UTC')::date AS d FROM contributions x
		CROSS JOIN LATERAL (SELECT 0 AS kind, '' AS key UNION ALL SELECT 1, x.team_id::text WHERE x.team_id IS NOT NULL) k
	), grained AS (
		SELECT kind, d AS day, key, fb, rb FROM keyed
		UNION ALL SELECT kind + 10, date_trunc('month', d)::date, key, fb, rb FROM keyed
	)
	INSERT INTO report_days AS t (organization_id, kind, day, key, bfrt, bres)
	SELECT org, kind, day, key, coalesce(report_hist_agg(fb) FILTER (WHERE fb IS NOT NULL), '{}'),
		coalesce(report_hist_agg(rb) FILTER (WHERE rb IS NOT NULL), '{}')
	FROM grained GROUP BY kind, day, key
	ON CONFLICT (organization_id, kind, day, key) DO UPDATE SET bfrt = excluded.bfrt, bres = excluded.bres;
$$;
--> statement-breakpoint
-- Every organization's histograms again, with the new bucket (the stored values stay).
SELECT report_business_rebuild(id) FROM organizations;
--> statement-breakpoint
DROP INDEX "conversations_report_bfrt_idx";
--> statement-breakpoint
DROP INDEX "status_changes_report_bres_idx";
--> statement-breakpoint
-- The rows of one percentile's bucket, read in order within a range, as migration 0033's.
CREATE INDEX "conversations_report_bfrt_idx" ON "conversations" USING btree
	("organization_id", report_business_bucket("first_response_business_ms"), "created_at")
	INCLUDE ("first_response_business_ms", "team_id") WHERE "first_response_business_ms" IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "status_changes_report_bres_idx" ON "conversation_status_changes" USING btree
	("organization_id", report_business_bucket("open_business_ms"), "changed_at")
	INCLUDE ("open_business_ms", "conversation_id") WHERE "to_status" = 'resolved' AND "open_business_ms" IS NOT NULL;
