/**
 * Away for longer than replay covers (more than LIMITS.replayMax events): the server answers sync.required and the
 * dashboard refetches over REST, so the agent still sees everything.
 */
import { LIMITS } from '@oceras/protocol';
import { describe } from 'vitest';
import { accessTokenOf, test, visitor, widgetKeyOf } from './e2e';

describe('sync.required', () => {
  test('refetches what replay cannot bring back', async ({ server, signedIn: { page } }) => {
    const key = await widgetKeyOf(page);
    const v = await visitor(server, key, { name: 'Olga' });
    const conv = await v.start('Before the outage');
    await page.getByRole('link', { name: /^All/ }).click();
    await page.getByRole('link', { name: /Olga/ }).click();
    await page.getByRole('list', { name: 'Messages' }).getByText('Before the outage').waitFor();
    const token = await accessTokenOf(page);

    // Keep the dashboard's socket out while more events happen than the server replays.
    let isBlocked = true;
    server.realtime.io.of('/agent').use((_socket, next) => (isBlocked ? next(new Error('maintenance')) : next()));
    for (const s of server.realtime.io.of('/agent').sockets.values()) s.conn.close();
    await page.getByText(/Connection lost/).waitFor();
    for (let i = 0; i <= LIMITS.replayMax; i++) {
      const res = await server.app.inject({
        method: 'POST',
        url: `/api/v1/conversations/${conv.id}/messages`,
        remoteAddress: `10.9.${Math.floor(i / 200)}.${i % 200}`,
        headers: { authorization: `Bearer ${token}` },
        payload: { clientId: `resync-note-${i}`, body: `note ${i}`, type: 'note' },
      });
      if (res.statusCode !== 201) throw new Error(`note ${i}: ${res.statusCode} ${res.body}`);
    }
    await v.say(conv.id, 'After the outage');
    isBlocked = false;
    await page.getByText(/Back online/).waitFor({ timeout: 20_000 });
    const thread = page.getByRole('list', { name: 'Messages' });
    await thread.getByText('After the outage').waitFor();
    await thread.getByText(`note ${LIMITS.replayMax}`, { exact: true }).waitFor();
    // The list row moved with it.
    await page.getByRole('link', { name: /Olga.*After the outage/ }).waitFor();
    v.close();
  });
});
