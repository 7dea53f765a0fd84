// The reports' statements before and after migration 0031 (issue 18, reports at scale), A/B on one database kept by
// `BENCH_REPORTS_KEEP=1 npm run bench -- reports` (BENCH_REPORTS_SCALE=0.1): each round runs every report's
// statements once with the old indexes and SQL, once with the new, alternately, so the machine's load falls on
// both alike. The old moves' index is created beside the new one; each variant runs in a transaction that drops the
// other variant's indexes (metadata only) and rolls back. The heatmap has one form (a control). Usage:
//   node --import tsx bench/reports-statements.ts <database url> [rounds]
import pg from 'pg';

const url = process.argv[2]!;
const ROUNDS = Number(process.argv[3] ?? 15);
const c = new pg.Client({ connectionString: url });
await c.connect();
const [{ org }] = (
  await c.query(`select organization_id as org from conversations group by 1 order by count(*) desc limit 1`)
).rows;
await c.query(`create index if not exists old_report_idx on conversation_status_changes (organization_id, to_status, changed_at)
  include (open_ms, assignee_id, from_status)`);
await c.query('vacuum analyze conversations');
await c.query('vacuum analyze conversation_status_changes');

const day = (msAgo: number) => new Date(Date.now() - msAgo).toISOString().slice(0, 10);
const tz = 'Europe/Paris';
const ranges = { year: day(364 * 86_400_000), month: day(29 * 86_400_000) };
// What each variant must not see (dropped in its transaction): the old one, 0031's two indexes; the new one, the
// moves' index as 0016 made it.
const HIDDEN = { old: ['status_changes_report_idx', 'conversations_tagged_idx'], new: ['old_report_idx'] };
const SPANS = (process.env.SPANS ?? 'year,month').split(',');

function statements(from: string, variant: 'old' | 'new') {
  const start = `(('${from}'::date)::timestamp at time zone '${tz}')`;
  const end = `((('${day(0)}'::date) + 1)::timestamp at time zone '${tz}')`;
  const created = `organization_id = '${org}' and created_at >= ${start} and created_at < ${end}`;
  const rated = `organization_id = '${org}' and rated_at >= ${start} and rated_at < ${end}`;
  const moves = `organization_id = '${org}' and to_status = 'resolved' and changed_at >= ${start} and changed_at < ${end}`;
  const frt = 'extract(epoch from (first_reply_at - created_at))';
  const pct = (e: string) =>
    `count(${e}), percentile_cont(0.5) within group (order by ${e}), percentile_cont(0.9) within group (order by ${e})`;
  const sat = `count(rating_score), avg(rating_score)::float8, count(*) filter (where rating_score >= 4)`;
  const tagged = variant === 'new' ? ` and tags <> '{}'` : '';
  return {
    summary: [
      `select count(*), count(*) filter (where status <> 'resolved' and waiting_since is not null), ${pct(frt)} from conversations where ${created}`,
      `select count(*), ${pct('(open_ms / 1000.0)::float8')} from conversation_status_changes where ${moves}`,
      `select ${sat} from conversations where ${rated}`,
    ],
    agents: [
      `select assignee_id, ${pct(frt)} from conversations where ${created} and assignee_id is not null group by 1`,
      `select assignee_id, count(*), ${pct('(open_ms / 1000.0)::float8')} from conversation_status_changes where ${moves} and assignee_id is not null group by 1`,
      `select assignee_id, ${sat} from conversations where ${rated} and assignee_id is not null group by 1`,
    ],
    tags: [
      `select tag, count(*) from conversations, unnest(tags) tag where ${created}${tagged} group by tag`,
      variant === 'new'
        ? `select tag, count(*) from conversation_status_changes s join conversations c on c.id = s.conversation_id and c.organization_id = '${org}' and c.tags <> '{}', unnest(c.tags) tag where s.${moves.replaceAll(' and ', ' and s.')} group by tag`
        : `select tag, count(*) from conversation_status_changes s join conversations c on c.id = s.conversation_id, unnest(c.tags) tag where s.${moves.replaceAll(' and ', ' and s.')} group by tag`,
      `select tag, ${sat} from conversations, unnest(tags) tag where ${rated}${tagged} group by tag`,
    ],
    heatmap: [
      `select (extract(isodow from created_at at time zone '${tz}')::int - 1), extract(hour from created_at at time zone '${tz}')::int, count(*) from conversations where ${created} group by 1, 2`,
    ],
  };
}

const times: Record<string, number[]> = {};
const now = () => Number(process.hrtime.bigint()) / 1e6;
for (let round = 0; round < ROUNDS; round++) {
  for (const variant of round % 2 ? (['new', 'old'] as const) : (['old', 'new'] as const)) {
    await c.query('begin');
    for (const idx of HIDDEN[variant]) await c.query(`drop index if exists ${idx}`);
    for (const [span, from] of Object.entries(ranges).filter(([span]) => SPANS.includes(span)))
      for (const [report, sqls] of Object.entries(statements(from, variant))) {
        const t = now();
        for (const s of sqls) await c.query(s);
        const key = `${span} ${report} ${variant}`;
        times[key] = [...(times[key] ?? []), now() - t];
      }
    await c.query('rollback');
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const key of Object.keys(times).sort()) console.log(`${key}: median ${median(times[key]!).toFixed(1)} ms`);
await c.end();
