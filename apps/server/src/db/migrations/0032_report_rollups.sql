-- Reports at scale (issue 18), written by hand: rollups of every report figure, kept by triggers in the transaction
-- that moves a figure, whoever writes the row (changeConversation, the rating command, the message statement's first
-- reply, an import, a retention deletion). Why triggers and this shape: docs/PERFORMANCE.md, "Rollups (migration 0032)".
--
-- report_days: one row per organization, dimension and UTC day (kind 0 the organization, 1 a team, 2 an agent, 3 a
-- tag; key: '' or the team's or agent's id or the tag), and the same per UTC month (kind + 10, day = the month's
-- first day): a year reads about 12 month rows and 60 day rows per key instead of every conversation. Conversations
-- count on their creation day (opened, first response), their rating's day (ratings[score]) and their status moves'
-- days (resolved, reopened, resolution time), under their current team, tags and assignee, and a move under the
-- assignee it was made with (the definitions of modules/reports/report-figures.ts). frt and res are histograms of
-- the durations in seconds: element b counts the durations with report_bucket(seconds) = b (16 per doubling);
-- arrays start at their lowest bucket. The rows of the edges of a range (partial UTC days) are read from the tables.
CREATE TABLE "report_days" (
	"organization_id" uuid NOT NULL REFERENCES "organizations"("id") ON DELETE cascade,
	"kind" smallint NOT NULL,
	"day" date NOT NULL,
	"key" text NOT NULL,
	"opened" integer DEFAULT 0 NOT NULL,
	"resolved" integer DEFAULT 0 NOT NULL,
	"reopened" integer DEFAULT 0 NOT NULL,
	"ratings" integer[] DEFAULT '{0,0,0,0,0}' NOT NULL,
	"frt" integer[] DEFAULT '{}' NOT NULL,
	"res" integer[] DEFAULT '{}' NOT NULL,
	PRIMARY KEY ("organization_id", "kind", "day", "key")
);
--> statement-breakpoint
-- The heatmap's conversations opened per UTC quarter of an hour: a quarter lies in one local hour in every zone
-- whose offset is a multiple of 15 minutes (all of today's, :30 and :45 included); any other is read from the rows.
CREATE TABLE "report_quarters" (
	"organization_id" uuid NOT NULL REFERENCES "organizations"("id") ON DELETE cascade,
	"quarter" timestamp with time zone NOT NULL,
	"opened" integer DEFAULT 0 NOT NULL,
	PRIMARY KEY ("organization_id", "quarter")
);
--> statement-breakpoint
-- A duration's histogram bucket: 16 per doubling of (1 + seconds), so a bucket is at most 4.4% wide. Monotonic, so
-- the values of the buckets in order are the values in order.
CREATE FUNCTION "report_bucket"(s float8) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE
	AS $$ SELECT least(1000, floor(ln(1 + greatest(s, 0)) * 23.083120654223414))::integer $$;
--> statement-breakpoint
-- First response in seconds, as the reports have always measured it.
CREATE FUNCTION "report_frt"(created timestamptz, replied timestamptz) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE
	AS $$ SELECT extract(epoch from (replied - created))::float8 $$;
--> statement-breakpoint
CREATE FUNCTION "report_hist_add"(h integer[], b integer, d integer) RETURNS integer[] LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
	IF b IS NULL OR d = 0 THEN RETURN h; END IF;
	h[b] := coalesce(h[b], 0) + d;
	RETURN h;
END $$;
--> statement-breakpoint
CREATE FUNCTION "report_bump"(org uuid, k smallint, d date, key text, o integer, r integer, ro integer, score integer,
	fb integer, rb integer, sgn integer) RETURNS void LANGUAGE sql AS $$
	INSERT INTO "report_days" AS t ("organization_id", "kind", "day", "key", "opened", "resolved", "reopened", "ratings", "frt", "res")
	VALUES (org, k, d, key, o * sgn, r * sgn, ro * sgn, report_hist_add('{0,0,0,0,0}', score, sgn),
		report_hist_add('{}', fb, sgn), report_hist_add('{}', rb, sgn))
	ON CONFLICT ("organization_id", "kind", "day", "key") DO UPDATE SET
		"opened" = t."opened" + excluded."opened", "resolved" = t."resolved" + excluded."resolved",
		"reopened" = t."reopened" + excluded."reopened", "ratings" = report_hist_add(t."ratings", score, sgn),
		"frt" = report_hist_add(t."frt", fb, sgn), "res" = report_hist_add(t."res", rb, sgn)
$$;
--> statement-breakpoint
-- One contribution (sgn 1 or -1) at instant `at` to the organization (when `whole`), a team, an agent and tags.
CREATE FUNCTION "report_apply"(org uuid, at timestamptz, whole boolean, team uuid, agent uuid, tags text[],
	o integer, r integer, ro integer, score integer, fb integer, rb integer, sgn integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	d date;
	m date;
	tag text;
BEGIN
	IF at IS NULL THEN RETURN; END IF;
	d := (at AT TIME ZONE 'UTC')::date;
	m := date_trunc('month', d)::date;
	IF whole THEN
		PERFORM report_bump(org, 0::smallint, d, '', o, r, ro, score, fb, rb, sgn);
		PERFORM report_bump(org, 10::smallint, m, '', o, r, ro, score, fb, rb, sgn);
	END IF;
	IF team IS NOT NULL THEN
		PERFORM report_bump(org, 1::smallint, d, team::text, o, r, ro, score, fb, rb, sgn);
		PERFORM report_bump(org, 11::smallint, m, team::text, o, r, ro, score, fb, rb, sgn);
	END IF;
	IF agent IS NOT NULL THEN
		PERFORM report_bump(org, 2::smallint, d, agent::text, o, r, ro, score, fb, rb, sgn);
		PERFORM report_bump(org, 12::smallint, m, agent::text, o, r, ro, score, fb, rb, sgn);
	END IF;
	FOR tag IN SELECT DISTINCT x FROM unnest(tags) x LOOP
		PERFORM report_bump(org, 3::smallint, d, tag, o, r, ro, score, fb, rb, sgn);
		PERFORM report_bump(org, 13::smallint, m, tag, o, r, ro, score, fb, rb, sgn);
	END LOOP;
END $$;
--> statement-breakpoint
-- A contribution whose instant and figures may have changed (from the old to the new), and its dimensions: when only
-- dimensions changed, only those rows are touched (an assignment locks the two agents' rows, not the organization's).
CREATE FUNCTION "report_move"(org uuid, old_at timestamptz, new_at timestamptz, same boolean,
	old_team uuid, new_team uuid, old_agent uuid, new_agent uuid, old_tags text[], new_tags text[],
	oo integer, o_r integer, oro integer, oscore integer, ofb integer, orb integer,
	no integer, n_r integer, nro integer, nscore integer, nfb integer, nrb integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	IF same AND old_at IS NOT DISTINCT FROM new_at THEN
		-- The two rows of a pair in the order of their keys, whichever way the change goes: two transactions moving
		-- conversations of the same day between the same two agents (or teams) in opposite directions lock them in the
		-- same order, so they queue instead of deadlocking.
		IF old_team IS DISTINCT FROM new_team THEN
			IF coalesce(old_team::text, '') < coalesce(new_team::text, '') THEN
				PERFORM report_apply(org, old_at, false, old_team, null, '{}', oo, o_r, oro, oscore, ofb, orb, -1);
				PERFORM report_apply(org, new_at, false, new_team, null, '{}', no, n_r, nro, nscore, nfb, nrb, 1);
			ELSE
				PERFORM report_apply(org, new_at, false, new_team, null, '{}', no, n_r, nro, nscore, nfb, nrb, 1);
				PERFORM report_apply(org, old_at, false, old_team, null, '{}', oo, o_r, oro, oscore, ofb, orb, -1);
			END IF;
		END IF;
		IF old_agent IS DISTINCT FROM new_agent THEN
			IF coalesce(old_agent::text, '') < coalesce(new_agent::text, '') THEN
				PERFORM report_apply(org, old_at, false, null, old_agent, '{}', oo, o_r, oro, oscore, ofb, orb, -1);
				PERFORM report_apply(org, new_at, false, null, new_agent, '{}', no, n_r, nro, nscore, nfb, nrb, 1);
			ELSE
				PERFORM report_apply(org, new_at, false, null, new_agent, '{}', no, n_r, nro, nscore, nfb, nrb, 1);
				PERFORM report_apply(org, old_at, false, null, old_agent, '{}', oo, o_r, oro, oscore, ofb, orb, -1);
			END IF;
		END IF;
		IF old_tags IS DISTINCT FROM new_tags THEN
			PERFORM report_apply(org, old_at, false, null, null,
				array(SELECT unnest(coalesce(old_tags, '{}')) EXCEPT SELECT unnest(coalesce(new_tags, '{}'))),
				oo, o_r, oro, oscore, ofb, orb, -1);
			PERFORM report_apply(org, new_at, false, null, null,
				array(SELECT unnest(coalesce(new_tags, '{}')) EXCEPT SELECT unnest(coalesce(old_tags, '{}'))),
				no, n_r, nro, nscore, nfb, nrb, 1);
		END IF;
	ELSE
		PERFORM report_apply(org, old_at, true, old_team, old_agent, old_tags, oo, o_r, oro, oscore, ofb, orb, -1);
		PERFORM report_apply(org, new_at, true, new_team, new_agent, new_tags, no, n_r, nro, nscore, nfb, nrb, 1);
	END IF;
END $$;
--> statement-breakpoint
-- A status move's figures: a resolution (with its open time when known) or a reopening; other moves count nothing.
CREATE FUNCTION "report_move_counts"(from_status text, to_status text) RETURNS integer[] LANGUAGE sql IMMUTABLE
	AS $$ SELECT ARRAY[(to_status = 'resolved')::integer, (from_status = 'resolved' AND to_status = 'open')::integer] $$;
--> statement-breakpoint
CREATE FUNCTION "report_res_bucket"(to_status text, open_ms bigint) RETURNS integer LANGUAGE sql IMMUTABLE
	AS $$ SELECT CASE WHEN to_status = 'resolved' AND open_ms IS NOT NULL THEN report_bucket((open_ms / 1000.0)::float8) END $$;
--> statement-breakpoint
-- A conversation's two contributions (opened with its first response; its rating) and, when its team or tags change,
-- its status moves' (they count under the conversation's current team and tags). Deleted with its organization: the
-- rollup rows go by the cascade, nothing to subtract.
CREATE FUNCTION "report_conversation_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	o conversations;
	n conversations;
	ofb integer;
	nfb integer;
	oscore integer;
	nscore integer;
	mv record;
	c integer[];
BEGIN
	IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM organizations WHERE id = OLD.organization_id) THEN RETURN OLD; END IF;
	IF TG_OP <> 'INSERT' THEN o := OLD; END IF;
	IF TG_OP <> 'DELETE' THEN n := NEW; END IF;
	ofb := CASE WHEN o.first_reply_at IS NOT NULL THEN report_bucket(report_frt(o.created_at, o.first_reply_at)) END;
	nfb := CASE WHEN n.first_reply_at IS NOT NULL THEN report_bucket(report_frt(n.created_at, n.first_reply_at)) END;
	PERFORM report_move(coalesce(n.organization_id, o.organization_id), o.created_at, n.created_at, ofb IS NOT DISTINCT FROM nfb,
		o.team_id, n.team_id, o.assignee_id, n.assignee_id, o.tags, n.tags,
		1, 0, 0, null, ofb, null, 1, 0, 0, null, nfb, null);
	oscore := o.rating_score;
	nscore := n.rating_score;
	PERFORM report_move(coalesce(n.organization_id, o.organization_id),
		CASE WHEN oscore IS NOT NULL THEN o.rated_at END, CASE WHEN nscore IS NOT NULL THEN n.rated_at END,
		oscore IS NOT DISTINCT FROM nscore, o.team_id, n.team_id, o.assignee_id, n.assignee_id, o.tags, n.tags,
		0, 0, 0, oscore, null, null, 0, 0, 0, nscore, null, null);
	IF TG_OP = 'UPDATE' AND (o.team_id IS DISTINCT FROM n.team_id OR o.tags IS DISTINCT FROM n.tags)
		OR TG_OP = 'DELETE' THEN
		FOR mv IN SELECT * FROM conversation_status_changes WHERE conversation_id = o.id LOOP
			c := report_move_counts(mv.from_status, mv.to_status);
			CONTINUE WHEN c = ARRAY[0, 0];
			IF TG_OP = 'DELETE' THEN
				PERFORM report_apply(o.organization_id, mv.changed_at, true, o.team_id, mv.assignee_id, o.tags,
					0, c[1], c[2], null, null, report_res_bucket(mv.to_status, mv.open_ms), -1);
			ELSE
				PERFORM report_move(o.organization_id, mv.changed_at, mv.changed_at, true, o.team_id, n.team_id, null, null,
					o.tags, n.tags, 0, c[1], c[2], null, null, report_res_bucket(mv.to_status, mv.open_ms),
					0, c[1], c[2], null, null, report_res_bucket(mv.to_status, mv.open_ms));
			END IF;
		END LOOP;
	END IF;
	IF (o.created_at IS DISTINCT FROM n.created_at) THEN
		IF o.created_at IS NOT NULL THEN
			UPDATE report_quarters SET opened = opened - 1
			WHERE organization_id = o.organization_id AND quarter = date_bin('15 minutes', o.created_at, '2000-01-01Z');
		END IF;
		IF n.created_at IS NOT NULL THEN
			INSERT INTO report_quarters AS q (organization_id, quarter, opened)
			VALUES (n.organization_id, date_bin('15 minutes', n.created_at, '2000-01-01Z'), 1)
			ON CONFLICT (organization_id, quarter) DO UPDATE SET opened = q.opened + 1;
		END IF;
	END IF;
	IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "conversations_report_insert" AFTER INSERT ON "conversations" FOR EACH ROW
	EXECUTE FUNCTION "report_conversation_trigger"();
--> statement-breakpoint
-- Only a change of what a report reads calls the function: the message path's updates (activity, waiting, sequence)
-- are filtered by this clause alone; its first reply, once per conversation, is one of them.
CREATE TRIGGER "conversations_report_update" AFTER UPDATE ON "conversations" FOR EACH ROW
	WHEN (OLD."created_at" IS DISTINCT FROM NEW."created_at" OR OLD."first_reply_at" IS DISTINCT FROM NEW."first_reply_at"
		OR OLD."rated_at" IS DISTINCT FROM NEW."rated_at" OR OLD."rating_score" IS DISTINCT FROM NEW."rating_score"
		OR OLD."team_id" IS DISTINCT FROM NEW."team_id" OR OLD."assignee_id" IS DISTINCT FROM NEW."assignee_id"
		OR OLD."tags" IS DISTINCT FROM NEW."tags")
	EXECUTE FUNCTION "report_conversation_trigger"();
--> statement-breakpoint
-- Before the delete: its status moves are still there to be subtracted (their own trigger then finds no conversation).
CREATE TRIGGER "conversations_report_delete" BEFORE DELETE ON "conversations" FOR EACH ROW
	EXECUTE FUNCTION "report_conversation_trigger"();
--> statement-breakpoint
-- A status move counts under its conversation's current team and tags and the assignee it was made with.
CREATE FUNCTION "report_move_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	conv record;
	oc integer[];
	nc integer[];
	cid uuid;
BEGIN
	cid := CASE WHEN TG_OP = 'DELETE' THEN OLD.conversation_id ELSE NEW.conversation_id END;
	-- Gone with its conversation (whose delete trigger subtracted it) or with its organization: nothing to subtract.
	SELECT team_id, tags INTO conv FROM conversations WHERE id = cid;
	IF NOT FOUND THEN RETURN NULL; END IF;
	IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM organizations WHERE id = OLD.organization_id) THEN RETURN NULL; END IF;
	IF TG_OP <> 'INSERT' THEN
		oc := report_move_counts(OLD.from_status, OLD.to_status);
		IF oc <> ARRAY[0, 0] THEN
			PERFORM report_apply(OLD.organization_id, OLD.changed_at, true, conv.team_id, OLD.assignee_id, conv.tags,
				0, oc[1], oc[2], null, null, report_res_bucket(OLD.to_status, OLD.open_ms), -1);
		END IF;
	END IF;
	IF TG_OP <> 'DELETE' THEN
		nc := report_move_counts(NEW.from_status, NEW.to_status);
		IF nc <> ARRAY[0, 0] THEN
			PERFORM report_apply(NEW.organization_id, NEW.changed_at, true, conv.team_id, NEW.assignee_id, conv.tags,
				0, nc[1], nc[2], null, null, report_res_bucket(NEW.to_status, NEW.open_ms), 1);
		END IF;
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "status_changes_report_insert" AFTER INSERT ON "conversation_status_changes" FOR EACH ROW
	WHEN (NEW."to_status" = 'resolved' OR NEW."from_status" = 'resolved') EXECUTE FUNCTION "report_move_trigger"();
--> statement-breakpoint
CREATE TRIGGER "status_changes_report_change" AFTER UPDATE OR DELETE ON "conversation_status_changes" FOR EACH ROW
	EXECUTE FUNCTION "report_move_trigger"();
--> statement-breakpoint
CREATE FUNCTION "report_hist_step"(h integer[], b integer) RETURNS integer[] LANGUAGE sql IMMUTABLE
	AS $$ SELECT report_hist_add(h, b, 1) $$;
--> statement-breakpoint
CREATE AGGREGATE "report_hist_agg"(integer) (SFUNC = report_hist_step, STYPE = integer[], INITCOND = '{}');
--> statement-breakpoint
-- Rebuilds an organization's rollups from its rows in one pass (the backfill below, and a benchmark that wrote its
-- history with triggers off): the same contributions as the triggers, summed.
CREATE FUNCTION "report_rebuild"(org uuid) RETURNS void LANGUAGE sql AS $$
	DELETE FROM report_days WHERE organization_id = org;
	DELETE FROM report_quarters WHERE organization_id = org;
	INSERT INTO report_quarters (organization_id, quarter, opened)
	SELECT org, date_bin('15 minutes', created_at, '2000-01-01Z'), count(*) FROM conversations
	WHERE organization_id = org GROUP BY 2;
	WITH contributions AS (
		SELECT created_at AS at, 1 AS o, 0 AS r, 0 AS ro, null::integer AS score,
			CASE WHEN first_reply_at IS NOT NULL THEN report_bucket(report_frt(created_at, first_reply_at)) END AS fb,
			null::integer AS rb, team_id, assignee_id AS agent, tags
		FROM conversations WHERE organization_id = org
		UNION ALL
		SELECT rated_at, 0, 0, 0, rating_score, null, null, team_id, assignee_id, tags
		FROM conversations WHERE organization_id = org AND rating_score IS NOT NULL AND rated_at IS NOT NULL
		UNION ALL
		SELECT m.changed_at, 0, (report_move_counts(m.from_status, m.to_status))[1],
			(report_move_counts(m.from_status, m.to_status))[2], null, null, report_res_bucket(m.to_status, m.open_ms),
			c.team_id, m.assignee_id, c.tags
		FROM conversation_status_changes m JOIN conversations c ON c.id = m.conversation_id
		WHERE m.organization_id = org AND (m.to_status = 'resolved' OR m.from_status = 'resolved')
	), keyed AS (
		SELECT x.*, k.kind, k.key, (x.at AT TIME ZONE 'UTC')::date AS d FROM contributions x
		CROSS JOIN LATERAL (
			SELECT 0 AS kind, '' AS key
			UNION ALL SELECT 1, x.team_id::text WHERE x.team_id IS NOT NULL
			UNION ALL SELECT 2, x.agent::text WHERE x.agent IS NOT NULL
			UNION ALL SELECT DISTINCT 3, t FROM unnest(x.tags) t
		) k
	), grained AS (
		SELECT kind, d AS day, key, o, r, ro, score, fb, rb FROM keyed
		UNION ALL SELECT kind + 10, date_trunc('month', d)::date, key, o, r, ro, score, fb, rb FROM keyed
	)
	INSERT INTO report_days (organization_id, kind, day, key, opened, resolved, reopened, ratings, frt, res)
	SELECT org, kind, day, key, sum(o), sum(r), sum(ro),
		ARRAY[count(*) FILTER (WHERE score = 1), count(*) FILTER (WHERE score = 2), count(*) FILTER (WHERE score = 3),
			count(*) FILTER (WHERE score = 4), count(*) FILTER (WHERE score = 5)]::integer[],
		coalesce(report_hist_agg(fb) FILTER (WHERE fb IS NOT NULL), '{}'),
		coalesce(report_hist_agg(rb) FILTER (WHERE rb IS NOT NULL), '{}')
	FROM grained GROUP BY kind, day, key;
$$;
--> statement-breakpoint
SELECT report_rebuild(id) FROM organizations;
--> statement-breakpoint
-- The rows of one percentile's bucket, read in order within a range: the organization's, an agent's, a team's.
CREATE INDEX "conversations_report_frt_idx" ON "conversations" USING btree
	("organization_id", report_bucket(report_frt("created_at", "first_reply_at")), "created_at")
	INCLUDE ("first_reply_at", "team_id", "assignee_id") WHERE "first_reply_at" IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "conversations_report_frt_agent_idx" ON "conversations" USING btree
	("organization_id", "assignee_id", report_bucket(report_frt("created_at", "first_reply_at")), "created_at")
	INCLUDE ("first_reply_at") WHERE "first_reply_at" IS NOT NULL AND "assignee_id" IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "status_changes_report_res_idx" ON "conversation_status_changes" USING btree
	("organization_id", report_bucket(("open_ms" / 1000.0)::float8), "changed_at")
	INCLUDE ("open_ms", "assignee_id", "conversation_id") WHERE "to_status" = 'resolved' AND "open_ms" IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "status_changes_report_res_agent_idx" ON "conversation_status_changes" USING btree
	("organization_id", "assignee_id", report_bucket(("open_ms" / 1000.0)::float8), "changed_at")
	INCLUDE ("open_ms") WHERE "to_status" = 'resolved' AND "open_ms" IS NOT NULL AND "assignee_id" IS NOT NULL;
--> statement-breakpoint
-- The live count of waiting conversations (it changes with messages, so it has no rollup): small by nature.
CREATE INDEX "conversations_report_waiting_idx" ON "conversations" USING btree ("organization_id", "created_at")
	INCLUDE ("team_id") WHERE "status" <> 'resolved' AND "waiting_since" IS NOT NULL;
