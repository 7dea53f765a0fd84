/**
 * An agent's language for the dashboard and the app (issue 18): their own setting on /me, null until they choose
 * (their browser's or device's then); never shown to or set by colleagues, and not announced to them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAgent,
  buildOrganization,
  expectError,
  startTestServer,
  type TestServer,
  visitor,
} from '../../../test/helpers.js';
import { follow } from '../../../test/sockets.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe("an agent's language", () => {
  it('is null until chosen, then theirs on GET and PATCH /me; null gives the choice back to the browser', async () => {
    const org = await buildOrganization(server);
    expect((await org.api.call('getMe')).language).toBeNull();
    const answer = await org.api.call('updateMe', { body: { language: 'fr' } });
    expect(answer.language).toBe('fr');
    expect((await org.api.call('getMe')).language).toBe('fr');
    // The deprecated top-level agent fields of PATCH's answer do not grow a language: it is not the agent's profile.
    expect(answer).not.toHaveProperty('agent.language');
    await org.api.call('updateMe', { body: { language: null } });
    expect((await org.api.call('getMe')).language).toBeNull();
  });

  it('refuses a language Oceras does not speak, and changes nothing', async () => {
    const org = await buildOrganization(server);
    await org.api.call('updateMe', { body: { language: 'de' } });
    for (const language of ['it', 'EN', 'fr-FR', '', 7])
      await expectError(org.api.call('updateMe', { body: { language } as never }), 400, 'VALIDATION_FAILED');
    expect((await org.api.call('getMe')).language).toBe('de');
  });

  it('is not shown to colleagues, set by them, announced to them, or reachable by a visitor or nobody', async () => {
    const org = await buildOrganization(server);
    const colleague = await buildAgent(server, org, 'admin');
    const watcher = follow(server.baseUrl, '/agent', { token: colleague.accessToken });
    await watcher.ready();
    await org.api.call('updateMe', { body: { language: 'es' } });
    await org.api.call('updateMe', { body: { name: 'Renamed' } });
    // The rename is announced; the language change before it was not (the stream is numbered: nothing between).
    await expect.poll(() => watcher.received.filter((r) => r.event === 'agent.updated').length).toBe(1);
    const updated = watcher.received.find((r) => r.event === 'agent.updated')!;
    expect(updated.data).toMatchObject({ name: 'Renamed' });
    expect(updated.data).not.toHaveProperty('language');
    watcher.socket.close();

    const { agents } = await colleague.api.call('listAgents');
    expect(agents.every((a) => !('language' in a))).toBe(true);
    // An admin edits colleagues' role and capacity only.
    await expectError(
      colleague.api.call('updateAgent', { params: { id: org.agent.id }, body: { language: 'fr' } as never }),
      400,
      'VALIDATION_FAILED',
    );
    expect((await org.api.call('getMe')).language).toBe('es');

    const v = await visitor(server, org.organization.widgetKey);
    await expectError(server.client(v.session.sessionToken).call('updateMe', { body: { language: 'fr' } }), 401);
    await expectError(server.client().call('updateMe', { body: { language: 'fr' } }), 401, 'UNAUTHENTICATED');
    expect((await org.api.call('getMe')).language).toBe('es');
  });
});
