/**
 * Privacy policy §7, and "we respond within 30 days": every exercise of a right (exports, rectifications,
 * erasures, restrictions) and every role change is recorded in the organization's audit log: who, when, what,
 * to whom, never the content. Admins read it page by page (`GET /api/v1/audit-log`) and export it whole.
 */
import { ZAuditLogExport } from '@oceras/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganization, expectError, startTestServer, type TestServer } from '../helpers.js';
import { download, identifiedAgent, identifiedVisitor } from './rights-people.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ TRUST_PROXY: '1' });
});
afterAll(async () => {
  await server?.close();
});

/** One of each audited act, in this order. */
async function history() {
  const org = await buildOrganization(server);
  const agent = await identifiedAgent(server, org.api);
  const visitor = await identifiedVisitor(server, org.organization.widgetKey);
  const gone = await identifiedVisitor(server, org.organization.widgetKey);
  await download(server, `/api/v1/visitors/${visitor.id}/export`, org.accessToken);
  await download(server, '/api/v1/widget/export', visitor.token);
  await agent.api.call('updateVisitor', { params: { id: visitor.id }, body: { name: 'Quenby Fixed' } });
  await org.api.call('setVisitorRestriction', { params: { id: visitor.id }, body: { isRestricted: true } });
  await org.api.call('setVisitorRestriction', { params: { id: visitor.id }, body: { isRestricted: false } });
  await org.api.call('updateAgent', { params: { id: agent.id }, body: { role: 'manager' } });
  await org.api.call('setAgentRestriction', { params: { id: agent.id }, body: { isRestricted: true } });
  await org.api.call('eraseVisitor', { params: { id: gone.id } });
  await org.api.call('removeAgent', { params: { id: agent.id }, query: { erase: 'true' } });
  return { org, agent, visitor, gone };
}

describe('the audit log', () => {
  it('every export, rectification, restriction, erasure and role change is in the audit log: who, when, what, never the content', async () => {
    const { org, agent, visitor, gone } = await history();
    const { entries } = await org.api.call('listAuditLog', { query: { limit: 100 } });
    const admin = { type: 'agent', id: org.agent.id, name: org.agent.name };
    expect(entries.map((e) => [e.action, e.actor, e.target.id]).reverse()).toEqual([
      ['visitor.exported', admin, visitor.id],
      ['visitor.exported', { type: 'visitor', id: visitor.id, name: null }, visitor.id],
      ['visitor.rectified', { type: 'agent', id: agent.id, name: 'Deleted agent' }, visitor.id],
      ['visitor.restricted', admin, visitor.id],
      ['visitor.unrestricted', admin, visitor.id],
      ['agent.role_changed', admin, agent.id],
      ['agent.restricted', admin, agent.id],
      ['visitor.erased', admin, gone.id],
      ['agent.removed', admin, agent.id],
      ['agent.erased', admin, agent.id],
    ]);
    expect(entries.find((e) => e.action === 'agent.role_changed')?.details).toEqual({ from: 'agent', to: 'manager' });
    expect(entries.find((e) => e.action === 'visitor.rectified')?.details).toEqual({ fields: ['name'] });
    expect(entries.find((e) => e.action === 'visitor.erased')?.details).toMatchObject({ messages: 1, sessions: 1 });
    for (const e of entries) expect(Date.parse(e.at)).toBeGreaterThan(Date.now() - 600_000);
    // Never the content: no name, email, address, browser or words of anyone it is about.
    const text = JSON.stringify(entries);
    for (const trace of [visitor.name, visitor.email, visitor.ip, visitor.userAgent, visitor.words[0]!, 'Quenby Fixed'])
      expect(text).not.toContain(trace);
    for (const trace of [gone.name, gone.email, agent.email, agent.ip]) expect(text).not.toContain(trace);
  });

  it('the audit log is keyset-paginated, newest first, and filters by the person it is about', async () => {
    const { org, visitor } = await history();
    const all = (await org.api.call('listAuditLog', { query: { limit: 100 } })).entries;
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await org.api.call('listAuditLog', { query: { limit: 3, ...(cursor ? { cursor } : {}) } });
      expect(page.entries.length).toBeLessThanOrEqual(3);
      seen.push(...page.entries.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(all.map((e) => e.id));
    expect(all.map((e) => Number(e.id))).toEqual(all.map((e) => Number(e.id)).sort((a, b) => b - a));
    const about = await org.api.call('listAuditLog', { query: { targetId: visitor.id } });
    expect(new Set(about.entries.map((e) => e.target.id))).toEqual(new Set([visitor.id]));
    expect(about.entries).toHaveLength(5);
    await expectError(org.api.call('listAuditLog', { query: { cursor: 'abc' } }), 400, 'VALIDATION_FAILED');
  });

  it('the audit log is exportable: GET /api/v1/audit-log/export streams it whole, oldest first, its own export last', async () => {
    const { org } = await history();
    const { res, json } = await download(server, '/api/v1/audit-log/export', org.accessToken);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="oceras-audit-log-/);
    const doc = ZAuditLogExport.parse(json);
    expect(doc.organizationId).toBe(org.organization.id);
    expect(doc.entries.at(0)?.action).toBe('visitor.exported');
    expect(doc.entries.at(-1)?.action).toBe('audit_log.exported');
    expect(doc.entries).toHaveLength(11);
    // Another organization's log holds none of these.
    const other = await buildOrganization(server);
    const theirs = await download(server, '/api/v1/audit-log/export', other.accessToken);
    expect(ZAuditLogExport.parse(theirs.json).entries.map((e) => e.action)).toEqual(['audit_log.exported']);
  });
});
