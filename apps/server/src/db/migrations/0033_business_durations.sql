-- Business-hours reports at scale (issue 18), written by hand: each span's time within business hours stored on its
-- row, and histogrammed by the rollups of migration 0032, so that a `businessHours=true` summary reads rollups and
-- one bucket's rows like the wall-clock one. Why this shape: docs/PERFORMANCE.md, "Business hours in the rollups".
--
-- The values are measured in TypeScript by the protocol's one rule (openMillisBetween under applicableHours: the
-- conversation's team's own hours, else the organization's, in the organization's zone) by a background filler
-- (modules/reports/business-filler.ts); null means not measured yet. Whatever changes a span's inputs makes it null
-- again here: its times, the conversation's team (for its status moves too); the organization's hours or zone, or a
-- team's hours, make all of the organization's values stale (business_values_stale, below). A report measures the
-- null rows of its range on the fly (modules/reports/business-figures.ts).
ALTER TABLE "conversations" ADD COLUMN "first_response_business_ms" bigint;
--> statement-breakpoint
ALTER TABLE "conversation_status_changes" ADD COLUMN "open_business_ms" bigint;
--> statement-breakpoint
-- The organization's hours, its zone or a team's hours changed: every stored value of it is stale until the filler
-- has forgotten them all (in batches: a million rows in the settings' own transaction took minutes). Meanwhile its
-- business histograms stay empty, the triggers add nothing to them, and reports take the row-based path.
ALTER TABLE "organizations" ADD COLUMN "business_values_stale" boolean DEFAULT false NOT NULL;
--> statement-breakpoint
-- bfrt and bres: histograms of the stored business durations (same buckets, same kinds as frt and res; kept for the
-- organization and per team, the summary's two scopes), counting only the measured rows. A value's bucket is
-- report_bucket((ms / 1000.0)::float8), written out wherever it is used (as 0032's resolutions are): an index
-- expression may not call a function of ours that calls another (index builds run with a restricted search_path).
ALTER TABLE "report_days" ADD COLUMN "bfrt" integer[] DEFAULT '{}' NOT NULL;
--> statement-breakpoint
ALTER TABLE "report_days" ADD COLUMN "bres" integer[] DEFAULT '{}' NOT NULL;
--> statement-breakpoint
CREATE FUNCTION "report_business_upsert"(org uuid, k smallint, d date, key text, fb integer, rb integer, sgn integer)
	RETURNS void LANGUAGE sql AS $$
	INSERT INTO "report_days" AS t ("organization_id", "kind", "day", "key", "bfrt", "bres")
	VALUES (org, k, d, key, report_hist_add('{}', fb, sgn), report_hist_add('{}', rb, sgn))
	ON CONFLICT ("organization_id", "kind", "day", "key") DO UPDATE SET
		"bfrt" = report_hist_add(t."bfrt", fb, sgn), "bres" = report_hist_add(t."bres", rb, sgn)
$$;
--> statement-breakpoint
-- One business duration's contribution (sgn 1 or -1) at instant `at`, to the organization and to a team.
CREATE FUNCTION "report_business_apply"(org uuid, at timestamptz, team uuid, fb integer, rb integer, sgn integer)
	RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	d date;
	m date;
BEGIN
	IF at IS NULL OR (fb IS NULL AND rb IS NULL) THEN RETURN; END IF;
	IF EXISTS (SELECT 1 FROM organizations WHERE id = org AND business_values_stale) THEN RETURN; END IF;
	d := (at AT TIME ZONE 'UTC')::date;
	m := date_trunc('month', d)::date;
	PERFORM report_business_upsert(org, 0::smallint, d, '', fb, rb, sgn);
	PERFORM report_business_upsert(org, 10::smallint, m, '', fb, rb, sgn);
	IF team IS NOT NULL THEN
		PERFORM report_business_upsert(org, 1::smallint, d, team::text, fb, rb, sgn);
		PERFORM report_business_upsert(org, 11::smallint, m, team::text, fb, rb, sgn);
	END IF;
END $$;
--> statement-breakpoint
-- The filler forgetting a stale organization's values (its histograms are empty already): the rows' own triggers
-- stand aside (this flag, set for that transaction only) rather than one call per row that would find nothing to do.
CREATE FUNCTION "report_business_is_bulk"() RETURNS boolean LANGUAGE sql STABLE
	AS $$ SELECT coalesce(current_setting('oceras.report_business_bulk', true), '') = 'on' $$;
--> statement-breakpoint
-- Before a conversation's update: a new creation or first reply time, or a new team, forgets its first response's
-- value; a new team also its status moves' (their own trigger, seeing the old team still, takes them out of it).
CREATE FUNCTION "report_business_conversation_forget"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW."first_response_business_ms" := NULL;
	IF OLD."team_id" IS DISTINCT FROM NEW."team_id" THEN
		UPDATE conversation_status_changes SET open_business_ms = NULL
		WHERE conversation_id = NEW.id AND open_business_ms IS NOT NULL;
	END IF;
	RETURN NEW;
END $$;
--> statement-breakpoint
-- The message path's first reply (its value still null) and its other updates never call it.
CREATE TRIGGER "conversations_business_forget" BEFORE UPDATE ON "conversations" FOR EACH ROW
	WHEN (OLD."team_id" IS DISTINCT FROM NEW."team_id"
		OR (NEW."first_response_business_ms" IS NOT NULL AND (OLD."created_at" IS DISTINCT FROM NEW."created_at"
			OR OLD."first_reply_at" IS DISTINCT FROM NEW."first_reply_at")))
	EXECUTE FUNCTION "report_business_conversation_forget"();
--> statement-breakpoint
-- A conversation's first response value in and out of the histograms (its day and team as it had them).
CREATE FUNCTION "report_business_conversation_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		IF NOT EXISTS (SELECT 1 FROM organizations WHERE id = OLD.organization_id) THEN RETURN OLD; END IF;
		-- Its moves' values out while it is still here to give their team (their delete finds no conversation).
		UPDATE conversation_status_changes SET open_business_ms = NULL
		WHERE conversation_id = OLD.id AND open_business_ms IS NOT NULL;
	END IF;
	IF TG_OP <> 'INSERT' AND OLD."first_response_business_ms" IS NOT NULL THEN
		PERFORM report_business_apply(OLD.organization_id, OLD.created_at, OLD.team_id,
			report_bucket((OLD."first_response_business_ms" / 1000.0)::float8), null, -1);
	END IF;
	IF TG_OP <> 'DELETE' AND NEW."first_response_business_ms" IS NOT NULL THEN
		PERFORM report_business_apply(NEW.organization_id, NEW.created_at, NEW.team_id,
			report_bucket((NEW."first_response_business_ms" / 1000.0)::float8), null, 1);
	END IF;
	IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "conversations_business_insert" AFTER INSERT ON "conversations" FOR EACH ROW
	WHEN (NEW."first_response_business_ms" IS NOT NULL) EXECUTE FUNCTION "report_business_conversation_trigger"();
--> statement-breakpoint
CREATE TRIGGER "conversations_business_update" AFTER UPDATE ON "conversations" FOR EACH ROW
	WHEN (OLD."first_response_business_ms" IS DISTINCT FROM NEW."first_response_business_ms" AND NOT report_business_is_bulk())
	EXECUTE FUNCTION "report_business_conversation_trigger"();
--> statement-breakpoint
CREATE TRIGGER "conversations_business_delete" BEFORE DELETE ON "conversations" FOR EACH ROW
	EXECUTE FUNCTION "report_business_conversation_trigger"();
--> statement-breakpoint
-- Before a status move's update: a new time, open time or status forgets its value.
CREATE FUNCTION "report_business_move_forget"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW."open_business_ms" := NULL;
	RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "status_changes_business_forget" BEFORE UPDATE ON "conversation_status_changes" FOR EACH ROW
	WHEN (NEW."open_business_ms" IS NOT NULL AND (OLD."changed_at" IS DISTINCT FROM NEW."changed_at"
		OR OLD."open_ms" IS DISTINCT FROM NEW."open_ms" OR OLD."to_status" IS DISTINCT FROM NEW."to_status"
		OR OLD."conversation_id" IS DISTINCT FROM NEW."conversation_id"))
	EXECUTE FUNCTION "report_business_move_forget"();
--> statement-breakpoint
-- A resolution's business open time in and out of the histograms, under its conversation's current team.
CREATE FUNCTION "report_business_move_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
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
			report_bucket((OLD."open_business_ms" / 1000.0)::float8), -1);
	END IF;
	IF TG_OP <> 'DELETE' AND NEW."open_business_ms" IS NOT NULL AND NEW.to_status = 'resolved' THEN
		PERFORM report_business_apply(NEW.organization_id, NEW.changed_at, team, null,
			report_bucket((NEW."open_business_ms" / 1000.0)::float8), 1);
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "status_changes_business_insert" AFTER INSERT ON "conversation_status_changes" FOR EACH ROW
	WHEN (NEW."open_business_ms" IS NOT NULL) EXECUTE FUNCTION "report_business_move_trigger"();
--> statement-breakpoint
CREATE TRIGGER "status_changes_business_update" AFTER UPDATE ON "conversation_status_changes" FOR EACH ROW
	WHEN (OLD."open_business_ms" IS DISTINCT FROM NEW."open_business_ms" AND NOT report_business_is_bulk())
	EXECUTE FUNCTION "report_business_move_trigger"();
--> statement-breakpoint
CREATE TRIGGER "status_changes_business_delete" AFTER DELETE ON "conversation_status_changes" FOR EACH ROW
	WHEN (OLD."open_business_ms" IS NOT NULL) EXECUTE FUNCTION "report_business_move_trigger"();
--> statement-breakpoint
-- Migration 0032's trigger on a status move's update ran on every update, whatever changed: the filler's writes and
-- the forgetting above would each take the move out of its rollup rows and put it back (and in one transaction of
-- many moves, each upsert of the same rollup row walks the versions the others left: minutes for an hours change).
-- Now only a change of what it reads calls it, as on conversations.
DROP TRIGGER "status_changes_report_change" ON "conversation_status_changes";
--> statement-breakpoint
CREATE TRIGGER "status_changes_report_update" AFTER UPDATE ON "conversation_status_changes" FOR EACH ROW
	WHEN (OLD."from_status" IS DISTINCT FROM NEW."from_status" OR OLD."to_status" IS DISTINCT FROM NEW."to_status"
		OR OLD."changed_at" IS DISTINCT FROM NEW."changed_at" OR OLD."open_ms" IS DISTINCT FROM NEW."open_ms"
		OR OLD."assignee_id" IS DISTINCT FROM NEW."assignee_id" OR OLD."conversation_id" IS DISTINCT FROM NEW."conversation_id"
		OR OLD."organization_id" IS DISTINCT FROM NEW."organization_id")
	EXECUTE FUNCTION "report_move_trigger"();
--> statement-breakpoint
CREATE TRIGGER "status_changes_report_delete" AFTER DELETE ON "conversation_status_changes" FOR EACH ROW
	EXECUTE FUNCTION "report_move_trigger"();
--> statement-breakpoint
-- The organization's hours or zone changed, or a team's hours: its values become stale (the filler forgets them in
-- batches, then measures them again) and its histograms are emptied now. Whoever changes the hours holds the
-- organization's row (a team's change takes it here), and the filler locks it before it writes and skips a stale
-- organization, so no value measured under the old hours is written after the change.
CREATE FUNCTION "report_business_stale"(org uuid) RETURNS void LANGUAGE sql AS $$
	UPDATE organizations SET business_values_stale = true WHERE id = org AND NOT business_values_stale;
	UPDATE report_days SET bfrt = '{}', bres = '{}' WHERE organization_id = org AND (bfrt <> '{}' OR bres <> '{}');
$$;
--> statement-breakpoint
CREATE FUNCTION "report_business_organization_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.business_values_stale := true;
	UPDATE report_days SET bfrt = '{}', bres = '{}' WHERE organization_id = NEW.id AND (bfrt <> '{}' OR bres <> '{}');
	RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "organizations_business_hours" BEFORE UPDATE ON "organizations" FOR EACH ROW
	WHEN (OLD."business_hours" IS DISTINCT FROM NEW."business_hours" OR OLD."time_zone" IS DISTINCT FROM NEW."time_zone")
	EXECUTE FUNCTION "report_business_organization_trigger"();
--> statement-breakpoint
-- A team's hours changed: the organization's values are stale. A team deleted: the organization's row first (the
-- filler's order), then its conversations lose their team by the foreign key, which forgets their values.
CREATE FUNCTION "report_business_team_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'UPDATE' THEN
		PERFORM report_business_stale(OLD.organization_id);
		RETURN NULL;
	END IF;
	PERFORM 1 FROM organizations WHERE id = OLD.organization_id FOR NO KEY UPDATE;
	RETURN OLD;
END $$;
--> statement-breakpoint
CREATE TRIGGER "teams_business_hours" AFTER UPDATE ON "teams" FOR EACH ROW
	WHEN (OLD."business_hours" IS DISTINCT FROM NEW."business_hours")
	EXECUTE FUNCTION "report_business_team_trigger"();
--> statement-breakpoint
CREATE TRIGGER "teams_business_delete" BEFORE DELETE ON "teams" FOR EACH ROW
	EXECUTE FUNCTION "report_business_team_trigger"();
--> statement-breakpoint
-- The business histograms of an organization rebuilt from its stored values (report_rebuild's second half).
CREATE FUNCTION "report_business_rebuild"(org uuid) RETURNS void LANGUAGE sql AS $$
	UPDATE report_days SET bfrt = '{}', bres = '{}' WHERE organization_id = org AND (bfrt <> '{}' OR bres <> '{}');
	WITH contributions AS (
		SELECT created_at AS at, report_bucket((first_response_business_ms / 1000.0)::float8) AS fb, null::integer AS rb, team_id
		FROM conversations WHERE organization_id = org AND first_response_business_ms IS NOT NULL
			AND NOT (SELECT business_values_stale FROM organizations WHERE id = org)
		UNION ALL
		SELECT m.changed_at, null, report_bucket((m.open_business_ms / 1000.0)::float8), c.team_id
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
-- Migration 0032's rebuild deletes the organization's rollup rows: it keeps its name and now rebuilds the business
-- histograms too, the old one under another name. It takes the organization's row first, as every writer of the
-- rollups through the application does (the filler, the message path, changeConversation): none adds to a rollup
-- row between its delete and its insert.
ALTER FUNCTION "report_rebuild"(uuid) RENAME TO "report_rebuild_counts";
--> statement-breakpoint
CREATE FUNCTION "report_rebuild"(org uuid) RETURNS void LANGUAGE sql AS $$
	SELECT 1 FROM organizations WHERE id = org FOR NO KEY UPDATE;
	SELECT report_rebuild_counts(org);
	SELECT report_business_rebuild(org);
$$;
--> statement-breakpoint
-- The rows of one percentile's bucket, read in order within a range (the team's through the same index, its
-- team_id included), as migration 0032's.
CREATE INDEX "conversations_report_bfrt_idx" ON "conversations" USING btree
	("organization_id", report_bucket(("first_response_business_ms" / 1000.0)::float8), "created_at")
	INCLUDE ("first_response_business_ms", "team_id") WHERE "first_response_business_ms" IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "status_changes_report_bres_idx" ON "conversation_status_changes" USING btree
	("organization_id", report_bucket(("open_business_ms" / 1000.0)::float8), "changed_at")
	INCLUDE ("open_business_ms", "conversation_id") WHERE "to_status" = 'resolved' AND "open_business_ms" IS NOT NULL;
--> statement-breakpoint
-- The spans not measured yet: the filler's queue, and what a report measures on the fly within its range.
CREATE INDEX "conversations_business_todo_idx" ON "conversations" USING btree ("organization_id", "created_at")
	INCLUDE ("first_reply_at", "team_id") WHERE "first_reply_at" IS NOT NULL AND "first_response_business_ms" IS NULL;
--> statement-breakpoint
CREATE INDEX "status_changes_business_todo_idx" ON "conversation_status_changes" USING btree ("organization_id", "changed_at")
	INCLUDE ("open_ms", "conversation_id") WHERE "to_status" = 'resolved' AND "open_ms" IS NOT NULL AND "open_business_ms" IS NULL;
