-- Inbox at scale: one organization with :convs conversations and :msgs_per messages each, among :others other
-- organizations with 2,000 conversations each. Run with psql -v convs=… -v msgs_per=… -v others=… after the
-- server has migrated the database and created the organization :'org' with its agents.
\set ON_ERROR_STOP on
-- What a visitor's name and email and a message's body are made of: SQL expressions over g (the visitor's number)
-- and s, c (the message's seq and conversation). The search benchmark passes its own (bench/search.bench.ts).
\if :{?visitor_name}
\else
\set visitor_name '''Visitor '' || g'
\endif
\if :{?visitor_email}
\else
\set visitor_email 'null'
\endif
\if :{?message_body}
\else
\set message_body '''message '' || s || '' of conversation '' || c.number'
\endif
set synchronous_commit = off; -- seeding only
set maintenance_work_mem = '1GB';
-- No triggers or foreign-key checks while loading (the data is consistent by construction); the counters the
-- triggers keep are computed once at the end.
set session_replication_role = replica;

create temp table seed_agents as
  select id, row_number() over (order by created_at) as n from agents where organization_id = :'org';

-- Other organizations (tenant isolation must keep them out of every plan).
insert into organizations (id, name, slug, widget_key, widget_settings)
select gen_random_uuid(), 'Other ' || g, 'other-' || g || '-' || substr(md5(random()::text), 1, 6), 'wk_' || md5(random()::text),
       (select widget_settings from organizations where id = :'org')
from generate_series(1, :others) g;

-- Visitors: one per conversation.
insert into visitors (id, organization_id, name, email, first_seen_at)
select gen_random_uuid(), o.id, :visitor_name, :visitor_email, now() - interval '400 days'
from (select id from organizations where id = :'org' union all select id from organizations where slug like 'other-%') o,
     lateral generate_series(1, case when o.id = :'org' then :convs else 2000 end) g;

-- Conversations: 90% resolved, the rest open / pending / snoozed; a third assigned; some tagged and prioritised.
insert into conversations (id, organization_id, number, visitor_id, status, snoozed_until, priority, assignee_id, tags,
  subject, last_message_seq, last_message_preview, last_public_message_seq, last_public_message_preview,
  last_activity_at, waiting_since, created_at, version)
select gen_random_uuid(), v.organization_id, row_number() over (partition by v.organization_id order by v.id), v.id,
       s.status, case when s.status = 'snoozed' then now() + interval '1 day' end,
       (array['none','none','none','low','medium','high','urgent'])[1 + (h % 7)],
       case when v.organization_id = :'org' and h % 3 = 0
            then (select id from seed_agents where n = 1 + (h / 3) % (select count(*) from seed_agents)) end,
       case when h % 10 = 0 then array['billing'] when h % 97 = 0 then array['vip', 'billing'] else '{}' end,
       null, :msgs_per, 'last words', :msgs_per, 'last words',
       now() - (h % 31536000) * interval '1 second', case when s.status = 'open' then now() end,
       now() - interval '400 days', 0
from (select v.*, abs(hashtext(v.id::text)) as h from visitors v) v,
     lateral (select case when v.h % 100 < 90 then 'resolved' when v.h % 100 < 96 then 'open'
                          when v.h % 100 < 98 then 'pending' else 'snoozed' end as status) s;

-- Messages: :msgs_per per conversation of the organization, alternating visitor and agent.
insert into messages (id, organization_id, conversation_id, seq, client_id, type, author_type, author_id, body, created_at)
select gen_random_uuid(), c.organization_id, c.id, s, null, 'message',
       case when s % 2 = 1 then 'visitor' else 'agent' end,
       case when s % 2 = 1 then c.visitor_id else c.assignee_id end,
       :message_body, c.last_activity_at - (:msgs_per - s) * interval '1 minute'
from conversations c, generate_series(1, :msgs_per) s
where c.organization_id = :'org';

-- Read cursors: the first agent has read most of the conversations assigned to them.
insert into read_cursors (agent_id, conversation_id, organization_id, last_read_seq)
select c.assignee_id, c.id, c.organization_id, c.last_public_message_seq
from conversations c where c.organization_id = :'org' and c.assignee_id is not null and abs(hashtext(c.id::text)) % 4 <> 0;

update organizations o set conversation_counter = (select count(*) from conversations c where c.organization_id = o.id);
delete from conversation_counts;
insert into conversation_counts (organization_id, status, assignee_id, n)
select organization_id, status, coalesce(assignee_id, '00000000-0000-0000-0000-000000000000'), count(*)
from conversations group by 1, 2, 3;
set session_replication_role = origin;
vacuum analyze;
-- Write the bulk load out now, so that no checkpoint of gigabytes runs while the queries are measured.
checkpoint;
