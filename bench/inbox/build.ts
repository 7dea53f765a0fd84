// The inbox at scale, built once for the benchmarks that need it (inbox, search): an organization signed up
// through the API with 10 agents, then bench/inbox/seed.sql: :convs conversations of :msgs_per messages each among
// :others other organizations. `vars` passes the seed's optional expressions (visitor_name, visitor_email,
// message_body).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loopbackAddress, now, ROOT, request } from '../lib.js';

export async function buildInbox(options: {
  baseUrl: string;
  databaseUrl: string;
  conversations: number;
  others: number;
  /** Messages per conversation (10 unless given; the reports benchmark needs none to speak of). */
  messagesPer?: number;
  vars?: Record<string, string>;
}) {
  const { baseUrl } = options;
  const password = 'correct horse battery staple';
  const email = `ada-${Date.now()}@bench.test`;
  const signup = await request(`${baseUrl}/api/v1/auth/signup`, {
    body: { organizationName: 'Big', slug: `big-${Date.now()}`, name: 'Ada', email, password },
  });
  const token = signup.json.accessToken as string;
  const orgId = signup.json.organization.id as string;
  const me = signup.json.agent.id as string;
  const agentIds = [me];
  for (let i = 1; i < 10; i++) {
    const inv = await request(`${baseUrl}/api/v1/invitations`, {
      token,
      body: { email: `a${i}-${Date.now()}@bench.test` },
    });
    const acc = await request(`${baseUrl}/api/v1/auth/invitations/accept`, {
      from: loopbackAddress(i),
      body: { token: inv.json.inviteUrl.split('#token=')[1], name: `Agent ${i}`, password },
    });
    agentIds.push(acc.json.agent.id);
  }

  // A bulk load builds its inverted index once at the end, not row by row: the search index is dropped first and
  // made again after the load from its own definition (its latest: migration 0034).
  const migration = readFileSync(`${ROOT}apps/server/src/db/migrations/0034_search_windows.sql`, 'utf8');
  const createSearchIndex = /CREATE INDEX "messages_search_idx"[^;]*;/.exec(migration)?.[0];
  if (!createSearchIndex) throw new Error('messages_search_idx not found in migration 0034');
  psql(options.databaseUrl, ['-c', 'drop index messages_search_idx']);
  const t0 = now();
  const vars = {
    org: orgId,
    convs: String(options.conversations),
    msgs_per: String(options.messagesPer ?? 10),
    others: String(options.others),
    ...options.vars,
  };
  psql(options.databaseUrl, [
    ...Object.entries(vars).flatMap(([k, v]) => ['-v', `${k}=${v}`]),
    '-f',
    'bench/inbox/seed.sql',
  ]);
  const seedSeconds = Math.round((now() - t0) / 1000);
  const t1 = now();
  psql(options.databaseUrl, [
    '-c',
    "set maintenance_work_mem = '1GB'",
    '-c',
    createSearchIndex,
    '-c',
    'analyze messages',
  ]);
  const searchIndexSeconds = Math.round((now() - t1) / 1000);
  // The load outlasts the signup's 15-minute access token at full scale: the benchmark's requests use a new one,
  // and a benchmark that seeds more afterwards asks for another with `renewToken`.
  const renewToken = async () => {
    const login = await request(`${baseUrl}/api/v1/auth/login`, { body: { email, password } });
    if (login.status !== 200) throw new Error(`login: ${login.status} ${JSON.stringify(login.json)}`);
    return login.json.accessToken as string;
  };
  return { token: await renewToken(), renewToken, orgId, me, agentIds, seedSeconds, searchIndexSeconds };
}

/**
 * The organization `buildInbox` made, in a database kept by an earlier run (BENCH_KEEP_DB=1): its admin signed in
 * again, so that a benchmark can measure again without seeding for half an hour.
 */
export async function reuseInbox(baseUrl: string, databaseUrl: string) {
  const rows = (sql: string) =>
    spawnSync('psql', [databaseUrl, '-AtXq', '-c', sql], { encoding: 'utf8' }).stdout.trim().split('\n');
  const [orgId, email] = rows(
    "select a.organization_id || '|' || a.email from agents a join organizations o on o.id = a.organization_id where o.name = 'Big' and a.name = 'Ada'",
  )[0]!.split('|') as [string, string];
  const agentIds = rows(`select id from agents where organization_id = '${orgId}' order by created_at, name`);
  const renewToken = async () => {
    const login = await request(`${baseUrl}/api/v1/auth/login`, {
      body: { email, password: 'correct horse battery staple' },
    });
    if (login.status !== 200) throw new Error(`login: ${login.status} ${JSON.stringify(login.json)}`);
    return login.json.accessToken as string;
  };
  return {
    token: await renewToken(),
    renewToken,
    orgId,
    me: agentIds[0]!,
    agentIds,
    seedSeconds: 0,
    searchIndexSeconds: 0,
  };
}

function psql(url: string, args: string[]) {
  const r = spawnSync('psql', [url, '-q', '-v', 'ON_ERROR_STOP=1', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`psql ${args.join(' ')} failed`);
}
