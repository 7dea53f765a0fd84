import { act, render, waitFor } from '@testing-library/react-native';
import { AppProvider, createApp } from '@/lib/app';
import { CACHE_KEY } from '@/lib/inbox-sync';
import { OUTBOX_KEY } from '@/lib/outbox';
import { normalizeServerUrl, PROFILE_KEY, SESSION_KEY, withTimeout } from '@/lib/session';
import { memoryStorage } from '@/lib/storage';
import { fakeServer, me, SERVER, signedIn } from './fake-server';

describe('session', () => {
  afterEach(() => jest.useRealTimers());

  it('normalizes the server address', () => {
    expect(normalizeServerUrl(' chat.acme.test/ ')).toBe('https://chat.acme.test');
    expect(normalizeServerUrl('http://127.0.0.1:3000')).toBe('http://127.0.0.1:3000');
  });

  it('refreshes the 15-minute access token quietly a minute before it expires, rotating the refresh token', async () => {
    jest.useFakeTimers({ now: Date.parse('2026-01-01T10:00:00Z') });
    const t = await signedIn();
    const first = await t.app.session.accessToken();
    const firstRefresh = JSON.parse(t.secure.data.get(SESSION_KEY)!).refreshToken;

    await jest.advanceTimersByTimeAsync(13 * 60_000);
    expect(t.server.calls('refresh')).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(60_000 + 10);
    expect(t.server.calls('refresh')).toHaveLength(1);
    expect(t.server.calls('refresh')[0]!.body).toEqual({ refreshToken: firstRefresh });

    const second = await t.app.session.accessToken();
    expect(second).not.toBe(first);
    expect(JSON.parse(t.secure.data.get(SESSION_KEY)!).refreshToken).not.toBe(firstRefresh);
    t.app.session.dispose();
  });

  it('keeps "account deleted" as the reason when a refresh already on its way is then refused', async () => {
    const t = await signedIn();
    // The socket was cut by the deletion and asked for a refresh; its answer comes after the app forgot the session.
    let answer: () => void = () => {};
    const fetch = t.server.fetch as jest.Mock;
    const real = fetch.getMockImplementation()!;
    fetch.mockImplementation(async (input: string, init?: RequestInit) =>
      String(input).endsWith('/auth/refresh')
        ? new Promise<Response>((resolve) => {
            answer = () => resolve(real(input, init));
          })
        : real(input, init),
    );
    const refresh = t.app.session.refreshNow();
    await waitFor(() => expect(t.server.calls('refresh')).toHaveLength(0));
    t.server.state.refreshTokens.clear();
    await t.app.session.accountDeleted();
    answer();
    expect(await refresh).toBe('ended');
    expect(t.app.session.state.get()).toMatchObject({ status: 'signedOut', endedReason: 'deleted' });
  });

  it('shares one refresh between concurrent callers (a refresh token is spent once)', async () => {
    jest.useFakeTimers({ now: Date.parse('2026-01-01T10:00:00Z') });
    const t = await signedIn();
    jest.setSystemTime(Date.parse('2026-01-01T10:14:50Z')); // about to expire, timer not fired yet
    const tokens = await Promise.all([t.app.session.accessToken(), t.app.session.accessToken()]);
    expect(t.server.calls('refresh')).toHaveLength(1);
    expect(tokens[0]).toBe(tokens[1]);
    t.app.session.dispose();
  });

  it('signs out with "expired" when the server refuses the refresh token', async () => {
    const t = await signedIn();
    t.server.state.refreshTokens.clear(); // revoked elsewhere
    expect(await t.app.session.refreshNow()).toBe('ended');
    expect(t.app.session.state.get()).toMatchObject({ status: 'signedOut', endedReason: 'expired' });
    expect(t.secure.data.has(SESSION_KEY)).toBe(false);
  });

  it('resumes at launch without a connection, with the last known profile', async () => {
    const server = fakeServer();
    server.state.isOnline = false;
    const secure = memoryStorage({
      [SESSION_KEY]: JSON.stringify({
        serverUrl: SERVER,
        refreshToken: 'refresh-token-x-abcdefghijkl',
        sessionId: 's',
      }),
    });
    const cache = memoryStorage({ [PROFILE_KEY]: JSON.stringify({ agent: me, organization: { name: 'Acme' } }) });
    const app = createApp({ secure, cache, fetch: server.fetch });
    await app.session.restore();
    expect(app.session.state.get()).toMatchObject({ status: 'signedIn', agent: { email: me.email } });
    expect(secure.data.has(SESSION_KEY)).toBe(true);
    app.session.dispose();
  });
});

describe('session end', () => {
  it('clears the cached inbox and the outbox when the session ends on its own (expired or revoked)', async () => {
    const t = await signedIn();
    render(<AppProvider app={t.app}>{null}</AppProvider>);
    await act(() => t.app.outbox.enqueue({ conversationId: 'c1', body: 'pending', type: 'message' }));
    await t.cache.setItem(CACHE_KEY, '{"lists":{}}');
    t.server.state.refreshTokens.clear(); // revoked elsewhere
    await act(() => t.app.session.refreshNow());
    await waitFor(() => expect(t.cache.data.has(CACHE_KEY)).toBe(false));
    expect(t.cache.data.has(OUTBOX_KEY)).toBe(false);
    expect(t.app.outbox.items.get()).toEqual([]);
  });
});

describe('requests on a bad network', () => {
  it('gives up on a request that does not answer, so the outbox can retry it later', async () => {
    jest.useFakeTimers();
    const hanging = jest.fn(
      (_: unknown, init?: RequestInit) =>
        new Promise<Response>((_resolve, reject) =>
          init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
        ),
    );
    const request = withTimeout(hanging as unknown as typeof fetch, 20_000)('https://x.test/api');
    const outcome = request.then(
      () => 'answered',
      (e: Error) => e.message,
    );
    await jest.advanceTimersByTimeAsync(20_001);
    expect(await outcome).toBe('aborted');
  });
});
