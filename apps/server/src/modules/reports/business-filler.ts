// The background filler of migration 0033's stored business durations: conversations' first responses and
// resolutions whose value is null and whose span is complete are measured by the one rule (businessMillis, the
// protocol's openMillisBetween under applicableHours) and written, in batches. Every process runs one (a worker
// loop, like assignment's); rows are claimed with FOR UPDATE SKIP LOCKED, so processes share the work and never
// measure a row twice at once. docs/PERFORMANCE.md, "Business hours in the rollups".
//
// Never a value from stale inputs: the rows are locked (their times and the conversation's own team cannot move),
// the hours are measured outside any organization lock (the message path takes it), then the organization's row
// is locked — whoever changes its hours or a team's hours, or moves a conversation to another team, holds it
// (migration 0033's triggers, changeConversation) — and the hours and the moves' conversations' teams are read
// again: a value whose inputs moved meanwhile is measured again before it is written. Each row is measured with
// its own organization's hours, whatever organizations a batch holds.
import { type SQL, sql } from 'drizzle-orm';
import { type Db, type DbOrTx, query } from '../../db/client.js';
import { createWorkerLoop } from '../../lib/worker-loop.js';
import type { CoreServices } from '../../services.js';
import { businessMillis, type Hours, hoursOf } from './business-durations.js';

export interface FillOptions {
  /** Rows of each kind claimed per transaction. */
  batch?: number;
  /** Measuring stops after this long (the claimed rows stay locked meanwhile); the rest wait for the next batch. */
  budgetMs?: number;
}

interface Claimed {
  id: string;
  org: string;
  a: Date | string;
  b: Date | string;
  /** The conversation (moves), to read its team. */
  cid: string | null;
  team: string | null;
}

const uuids = (ids: readonly string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;

/** The teams of these conversations now. */
async function teamsOf(db: DbOrTx, conversationIds: readonly string[]): Promise<Map<string, string | null>> {
  if (conversationIds.length === 0) return new Map();
  const rows = await query<{ id: string; team: string | null }>(
    db,
    sql`select id, team_id as team from conversations where id = any(${uuids(conversationIds)})`,
  );
  return new Map(rows.map((r) => [r.id, r.team]));
}

/** Each organization's hours, as one comparable text too. */
async function hoursOfAll(db: DbOrTx, orgs: readonly string[]) {
  const out = new Map<string, { hours: Hours; text: string }>();
  for (const org of orgs) {
    const hours = await hoursOf(db, org);
    if (!hours) continue;
    const teams = [...hours.teams.entries()].sort(([x], [y]) => x.localeCompare(y));
    out.set(org, { hours, text: JSON.stringify([hours.organization, teams]) });
  }
  return out;
}

/** One batch in one transaction: how many values were written. */
async function fillBatch(db: Db, batch: number, budgetMs: number): Promise<number> {
  return db.transaction(async (tx) => {
    const fresh = sql`organization_id not in (select id from organizations where business_values_stale)`;
    const first = await query<Claimed>(
      tx,
      sql`select id, organization_id as org, created_at as a, first_reply_at as b, null as cid, team_id as team
          from conversations where first_reply_at is not null and first_response_business_ms is null and ${fresh}
          limit ${batch} for update skip locked`,
    );
    const moves = await query<Claimed>(
      tx,
      sql`select id::text as id, organization_id as org, changed_at - make_interval(secs => open_ms / 1000.0) as a,
                 changed_at as b, conversation_id as cid, null as team
          from conversation_status_changes
          where to_status = 'resolved' and open_ms is not null and open_business_ms is null and ${fresh}
          limit ${batch} for update skip locked`,
    );
    if (first.length + moves.length === 0) return 0;
    // After the rows' locks (a later statement, a later snapshot): their conversations' teams.
    const moveTeams = await teamsOf(
      tx,
      moves.map((m) => m.cid!),
    );
    for (const m of moves) m.team = moveTeams.get(m.cid!) ?? null;
    const orgs = [...new Set([...first, ...moves].map((x) => x.org))].sort();
    let hours = await hoursOfAll(tx, orgs);

    const started = Date.now();
    const measured = new Map<Claimed, number>();
    for (const row of [...first, ...moves]) {
      if (measured.size > 0 && Date.now() - started > budgetMs) break;
      const h = hours.get(row.org);
      if (h) measured.set(row, businessMillis(h.hours, row.team, row.a, row.b));
    }

    // The organizations' rows, in one order (as the message path takes several), then the inputs again.
    const locked = await query<{ id: string; stale: boolean }>(
      tx,
      sql`select id, business_values_stale as stale from organizations where id = any(${uuids(orgs)})
          order by id for no key update`,
    );
    const stale = new Set(locked.filter((o) => o.stale).map((o) => o.id));
    const before = hours;
    hours = await hoursOfAll(tx, orgs);
    const teamsNow = await teamsOf(
      tx,
      [...measured.keys()].filter((x) => x.cid).map((x) => x.cid!),
    );
    for (const [row, ms] of measured) {
      const h = hours.get(row.org);
      if (!h || stale.has(row.org)) {
        measured.delete(row);
        continue;
      }
      const team = row.cid ? (teamsNow.get(row.cid) ?? null) : row.team;
      if (h.text !== before.get(row.org)?.text || team !== row.team) {
        row.team = team;
        measured.set(row, businessMillis(h.hours, team, row.a, row.b));
      } else measured.set(row, ms);
    }

    const write = (rows: [Claimed, number][]) => ({
      ids: rows.map(([x]) => x.id),
      values: `{${rows.map(([, v]) => Math.round(v)).join(',')}}`,
    });
    const done = [...measured.entries()];
    const f = write(done.filter(([x]) => !x.cid));
    const m = write(done.filter(([x]) => x.cid));
    if (f.ids.length > 0)
      await query(
        tx,
        sql`update conversations c set first_response_business_ms = x.v
            from unnest(${uuids(f.ids)}, ${f.values}::bigint[]) as x(id, v)
            where c.id = x.id and c.first_response_business_ms is null`,
      );
    if (m.ids.length > 0)
      await query(
        tx,
        sql`update conversation_status_changes s set open_business_ms = x.v
            from unnest(${`{${m.ids.join(',')}}`}::bigint[], ${m.values}::bigint[]) as x(id, v)
            where s.id = x.id and s.open_business_ms is null`,
      );
    return done.length;
  });
}

/**
 * Forgets the stored values of organizations whose hours changed (business_values_stale), in batches of `rows` per
 * table and transaction under the organization's row, the rows' triggers standing aside (their histograms were
 * emptied with the change); the last batch clears the mark, and the filler measures them again. How many rows.
 */
export async function forgetStaleValues(db: Db, rows = 2000, maxBatches = Number.POSITIVE_INFINITY): Promise<number> {
  let total = 0;
  let batches = 0;
  for (;;) {
    const orgs = await query<{ id: string }>(
      db,
      sql`select id from organizations where business_values_stale order by id limit 10`,
    );
    if (orgs.length === 0) return total;
    for (const { id } of orgs) {
      if (batches++ >= maxBatches) return total;
      total += await db.transaction(async (tx) => {
        const [org] = await query<{ stale: boolean }>(
          tx,
          sql`select business_values_stale as stale from organizations where id = ${id} for no key update`,
        );
        if (!org?.stale) return 0;
        await query(tx, sql`select set_config('oceras.report_business_bulk', 'on', true)`);
        const count = async (statement: SQL) =>
          (
            await query<{ n: number }>(tx, sql`with x as (${statement} returning 1) select count(*)::int as n from x`)
          )[0]!.n;
        const c = await count(
          sql`update conversations set first_response_business_ms = null where id in (
                select id from conversations where organization_id = ${id} and first_response_business_ms is not null
                limit ${rows})`,
        );
        const m = await count(
          sql`update conversation_status_changes set open_business_ms = null where id in (
                select id from conversation_status_changes where organization_id = ${id} and to_status = 'resolved'
                  and open_business_ms is not null limit ${rows})`,
        );
        if (c < rows && m < rows)
          await query(tx, sql`update organizations set business_values_stale = false where id = ${id}`);
        return c + m;
      });
    }
  }
}

/** Batches until none is left (or `maxBatches`): how many values were written. */
export async function fillBusinessDurations(db: Db, options: FillOptions & { maxBatches?: number } = {}) {
  const batch = options.batch ?? 200;
  const budgetMs = options.budgetMs ?? 50;
  let total = 0;
  for (let i = 0; i < (options.maxBatches ?? Number.POSITIVE_INFINITY); i++) {
    const n = await fillBatch(db, batch, budgetMs);
    total += n;
    if (n === 0) break;
  }
  return total;
}

/**
 * Rows per table a forgetting batch clears, under the organization's row (which the message path also takes): 2,000
 * held it ~0.4 s on the benchmark's machine, 500 about a quarter of that.
 */
const FORGET_ROWS = 500;

/** Batches a pass writes at most before it lets the loop breathe (it runs again at once when work is left). */
const BATCHES_PER_PASS = 20;

/**
 * The filler of one process: a pass every `pollMs` (new first replies and resolutions wait that long at most, and
 * a report measures them meanwhile), stopped after the batch in progress on shutdown; `settle` runs passes until
 * nothing is left (tests).
 */
export function createBusinessFiller(services: Pick<CoreServices, 'db' | 'errors'>, options: { pollMs: number }) {
  const loop = createWorkerLoop({
    pollMs: options.pollMs,
    report: (err) => services.errors.report(err, 'business durations filler'),
    async pass() {
      await forgetStaleValues(services.db, FORGET_ROWS, BATCHES_PER_PASS);
      let batches = 0;
      while (batches < BATCHES_PER_PASS && !loop.isStopped) {
        const n = await fillBusinessDurations(services.db, { maxBatches: 1 });
        if (n === 0) break;
        batches++;
      }
      // Work left (a full pass of measuring, or an organization still to forget): another pass at once.
      const [left] = await query<{ stale: boolean }>(
        services.db,
        sql`select exists (select 1 from organizations where business_values_stale) as stale`,
      );
      if (!loop.isStopped && (batches === BATCHES_PER_PASS || left?.stale)) loop.run();
    },
  });
  return { start: loop.start, settle: loop.settle, stop: loop.stop };
}
export type BusinessFiller = ReturnType<typeof createBusinessFiller>;
