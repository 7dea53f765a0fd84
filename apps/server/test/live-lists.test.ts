/**
 * `list.changed` through real sockets (issue 17, "Live changes"): a team created, renamed, given members or deleted,
 * a shared view and a shared canned response created, changed or deleted reach every agent of the organization; a
 * personal view or response only its owner's sockets; another organization and a visitor never. No fixed sleep: each
 * "nothing came" is read after a later signal to the same socket has arrived (one process, one bus, in order).
 */
import type { ListChanged, TChangedList } from '@oceras/protocol';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgent, buildOrganization, startTestServer, type TestServer, visitor } from './helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

/** An agent's socket recording the lists it is told to refetch. */
async function listener(token: string) {
  const socket: Socket = io(`${server.baseUrl}/agent`, { transports: ['websocket'], auth: { token } });
  const got: TChangedList[] = [];
  socket.on('list.changed', (p: ListChanged) => got.push(p.list));
  await new Promise((r) => socket.once('session.ready', r));
  const until = async (n: number) => {
    await expect.poll(() => got.length).toBeGreaterThanOrEqual(n);
    return [...got];
  };
  return { socket, got, until };
}

describe('list.changed', () => {
  it('tells every agent of the organization about teams, shared views and shared canned responses', async () => {
    const org = await buildOrganization(server);
    const agent = await buildAgent(server, org, 'agent');
    const other = await buildOrganization(server);
    const admin = await listener(org.accessToken);
    const colleague = await listener(agent.accessToken);
    const stranger = await listener(other.accessToken);
    const v = await visitor(server, org.organization.widgetKey);
    const conversation = await v.start('hello');

    const team = await org.api.call('createTeam', { body: { name: 'Billing', agentIds: [] } });
    await org.api.call('updateTeam', { params: { id: team.id }, body: { name: 'Invoices' } });
    await org.api.call('updateTeam', { params: { id: team.id }, body: { agentIds: [agent.agent.id] } });
    await org.api.call('deleteTeam', { params: { id: team.id } });
    const view = await org.api.call('createSavedView', { body: { name: 'Open', scope: 'shared', filters: {} } });
    await org.api.call('updateSavedView', { params: { id: view.id }, body: { name: 'Open ones' } });
    await org.api.call('deleteSavedView', { params: { id: view.id } });
    const canned = await org.api.call('createCannedResponse', {
      body: { shortcode: 'hi', title: 'Hi', body: 'Hello!', scope: 'shared' },
    });
    await org.api.call('updateCannedResponse', { params: { id: canned.id }, body: { body: 'Hello there!' } });
    await org.api.call('deleteCannedResponse', { params: { id: canned.id } });
    const expected = [
      ...['teams', 'teams', 'teams', 'teams'],
      ...['savedViews', 'savedViews', 'savedViews'],
      ...['cannedResponses', 'cannedResponses', 'cannedResponses'],
    ];
    expect(await colleague.until(expected.length)).toEqual(expected);
    // The actor's own sockets too: another tab of theirs shows it.
    expect(await admin.until(expected.length)).toEqual(expected);

    // The other organization's own change is the last thing its socket hears, and the only one.
    await other.api.call('createTeam', { body: { name: 'Theirs', agentIds: [] } });
    expect(await stranger.until(1)).toEqual(['teams']);
    // The visitor hears the agent's reply, sent after all of it, and never a list.
    await org.api.call('sendMessage', {
      params: { id: conversation.id },
      body: { clientId: 'after-lists', body: 'Still here' },
    });
    await expect
      .poll(() => v.received.some((r) => r.event === 'message.created' && r.data.body === 'Still here'))
      .toBe(true);
    expect(v.received.map((r) => r.event)).not.toContain('list.changed');
    for (const s of [admin, colleague, stranger]) s.socket.disconnect();
    v.close();
  });

  it("tells only the owner's sockets about a personal view or canned response, and everyone when one is shared", async () => {
    const org = await buildOrganization(server);
    const owner = await buildAgent(server, org, 'manager');
    const colleague = await buildAgent(server, org, 'agent');
    const ownerTab = await listener(owner.accessToken);
    const colleagueTab = await listener(colleague.accessToken);

    const mine = await owner.api.call('createSavedView', { body: { name: 'Mine', scope: 'personal', filters: {} } });
    await owner.api.call('updateSavedView', { params: { id: mine.id }, body: { name: 'Still mine' } });
    const canned = await owner.api.call('createCannedResponse', {
      body: { shortcode: 'bye', title: 'Bye', body: 'Goodbye', scope: 'personal' },
    });
    await owner.api.call('deleteCannedResponse', { params: { id: canned.id } });
    expect(await ownerTab.until(4)).toEqual(['savedViews', 'savedViews', 'cannedResponses', 'cannedResponses']);
    // Shared now: the colleague's sidebar gains it, and this is the first list the colleague hears of.
    await owner.api.call('updateSavedView', { params: { id: mine.id }, body: { scope: 'shared' } });
    expect(await colleagueTab.until(1)).toEqual(['savedViews']);
    // Personal again (the owner's): the colleague's sidebar loses it.
    await owner.api.call('updateSavedView', { params: { id: mine.id }, body: { scope: 'personal' } });
    expect(await colleagueTab.until(2)).toEqual(['savedViews', 'savedViews']);
    // A personal delete after that reaches the owner alone: the colleague's last signal is still the move above.
    await owner.api.call('deleteSavedView', { params: { id: mine.id } });
    await org.api.call('createTeam', { body: { name: 'Marker', agentIds: [] } });
    expect(await colleagueTab.until(3)).toEqual(['savedViews', 'savedViews', 'teams']);
    expect(await ownerTab.until(8)).toEqual([
      ...['savedViews', 'savedViews', 'cannedResponses', 'cannedResponses'],
      ...['savedViews', 'savedViews', 'savedViews', 'teams'],
    ]);
    for (const s of [ownerTab, colleagueTab]) s.socket.disconnect();
  });
});
