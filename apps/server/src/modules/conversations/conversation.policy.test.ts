import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentPrincipal } from '../../principals.js';
import { acceptsPublicMessagesWhen, canChangeSql, conversationPolicy } from './conversation.policy.js';

const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
let client: pg.Client;
beforeAll(async () => {
  client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
});
afterAll(async () => {
  await client?.end();
});

describe('who may change (and reply in) a conversation', () => {
  const me = randomUUID();
  const colleague = randomUUID();
  const cases = (['agent', 'manager', 'admin'] as const).flatMap((role) =>
    [null, me, colleague].map((assigneeId) => ({ role, assigneeId })),
  );

  it('an agent: theirs or unassigned; managers and admins: any', () => {
    const actor = (role: AgentPrincipal['role']): AgentPrincipal => ({
      kind: 'agent',
      agentId: me,
      organizationId: randomUUID(),
      role,
      sessionId: randomUUID(),
      needsTwoFactor: false,
    });
    const allowed = cases.filter((c) => conversationPolicy.canChange(actor(c.role), c)).map((c) => c);
    expect(allowed).toEqual(cases.filter((c) => c.role !== 'agent' || c.assigneeId !== colleague));
  });

  it('the SQL predicate of the one-statement path says the same as canChange, for every role and assignee', async () => {
    for (const c of cases) {
      const actor: AgentPrincipal = {
        kind: 'agent',
        agentId: me,
        organizationId: me,
        role: c.role,
        sessionId: me,
        needsTwoFactor: false,
      };
      const text = `select ${canChangeSql('c', '$1::uuid', conversationPolicy.mayChangeAny(actor))} as ok
                    from (select $2::uuid as assignee_id, $1::uuid as me) c`;
      const { rows } = await client.query<{ ok: boolean }>(text, [me, c.assigneeId]);
      expect(
        rows[0]!.ok,
        `${c.role} on ${c.assigneeId === me ? 'own' : c.assigneeId ? 'a colleague’s' : 'unassigned'}`,
      ).toBe(conversationPolicy.canChange(actor, c));
    }
  });
});

describe('who may be written to publicly (the reply policy, VISITOR_ERASED)', () => {
  it('the SQL predicate of the one-statement and batch paths says the same as acceptsPublicMessages', async () => {
    for (const erasedAt of [null, new Date()]) {
      const { rows } = await client.query<{ ok: boolean }>(
        `select ${acceptsPublicMessagesWhen('$1::timestamptz')} as ok`,
        [erasedAt],
      );
      expect(rows[0]!.ok, erasedAt ? 'erased' : 'not erased').toBe(
        conversationPolicy.acceptsPublicMessages({ erasedAt }),
      );
    }
    expect(conversationPolicy.acceptsPublicMessages({ erasedAt: new Date() })).toBe(false);
  });
});
