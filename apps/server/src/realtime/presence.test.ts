/**
 * Visitors' widget sockets in Presence (whether a visitor has left decides a rating email): counted per socket,
 * shared with the other processes through snapshots, forgotten with a process that stops sending them.
 */
import { describe, expect, it } from 'vitest';
import { PRESENCE_TTL_MS, Presence } from './presence.js';

describe('visitors in Presence', () => {
  it('counts a visitor’s sockets: connected until the last one closes', () => {
    const p = new Presence('here');
    p.connectVisitor('v1');
    p.connectVisitor('v1');
    p.disconnectVisitor('v1');
    expect(p.isVisitorConnected('v1')).toBe(true);
    p.disconnectVisitor('v1');
    expect(p.isVisitorConnected('v1')).toBe(false);
    expect(p.snapshot().visitorIds).toEqual([]);
  });

  it('knows the visitors of other processes from their snapshots, and forgets a process that stops', () => {
    const a = new Presence('a');
    const b = new Presence('b');
    b.connectVisitor('v2');
    a.applyRemote(b.snapshot());
    expect(a.isVisitorConnected('v2')).toBe(true);
    expect(a.isConnected('v2')).toBe(false);
    // A process shutting down sends an empty snapshot.
    a.applyRemote({ processId: 'b', agentIds: [], viewers: {}, visitorIds: [] });
    expect(a.isVisitorConnected('v2')).toBe(false);
    // A process that stops sending fades out after the TTL.
    a.applyRemote(b.snapshot(), Date.now() - PRESENCE_TTL_MS - 1);
    expect(a.isVisitorConnected('v2')).toBe(false);
    // A process of the previous version sends no visitor ids.
    a.applyRemote({ processId: 'c', agentIds: ['agent'], viewers: {} });
    expect(a.isVisitorConnected('v2')).toBe(false);
    expect(a.isConnected('agent')).toBe(true);
  });
});
