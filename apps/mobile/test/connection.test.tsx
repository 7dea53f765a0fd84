import { act, screen } from '@testing-library/react-native';
import { AppState } from 'react-native';
import { InboxScreen } from '@/features/inbox/inbox-screen';
import { conversation, signedIn } from './fake-server';
import { renderWithApp } from './render';

/** The inbox on screen, signed in, its socket opened but not yet answered. */
async function inbox() {
  const t = await signedIn();
  t.server.state.conversations = [conversation({ name: 'Wes Waiting' })];
  renderWithApp(t.app, <InboxScreen />);
  return t;
}

const foreground = () => {
  const listener = jest.mocked(AppState.addEventListener).mock.calls.at(-1)?.[1];
  listener?.('active');
};

describe('a refused handshake (SPEC R11)', () => {
  beforeEach(() => jest.spyOn(AppState, 'addEventListener'));
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('PROTOCOL_MISMATCH: says to update the app, and never retries, not even back in the foreground', async () => {
    const t = await inbox();
    jest.useFakeTimers();
    await act(async () => t.socket.refuse('PROTOCOL_MISMATCH'));
    expect(
      await screen.findByText('This version of the app no longer works with your server. Update the app to reconnect.'),
    ).toBeTruthy();
    await act(async () => {
      await jest.advanceTimersByTimeAsync(10 * 60_000);
      foreground();
    });
    expect(t.socket.socket.connects).toBe(1);
    expect(t.server.calls('refresh')).toHaveLength(0);
    expect(t.app.session.state.get().status).toBe('signedIn');
  });

  it('UNAUTHENTICATED: refreshes the token, then reconnects with it', async () => {
    const t = await inbox();
    const before = (await t.socket.handshake()).token;
    await act(async () => t.socket.refuse('UNAUTHENTICATED'));
    expect(t.server.calls('refresh')).toHaveLength(1);
    expect(t.socket.socket.connects).toBe(2);
    expect((await t.socket.handshake()).token).not.toBe(before);
    await act(async () => t.socket.accept(10));
    expect(t.app.inbox.data.get().connection).toBe('online');
  });

  it('SESSION_REVOKED: the session ends here, and the sign-in screen says it ended', async () => {
    const t = await inbox();
    await act(async () => t.socket.refuse('SESSION_REVOKED'));
    expect(t.server.calls('refresh')).toHaveLength(0);
    expect(t.app.session.state.get()).toMatchObject({ status: 'signedOut', endedReason: 'expired' });
  });

  it('any other refusal: offline, tried again after the backoff (R12), or at once back in the foreground', async () => {
    const t = await inbox();
    jest.useFakeTimers();
    await act(async () => t.socket.refuse('INTERNAL'));
    expect(await screen.findByText(/^Offline/)).toBeTruthy();
    await act(async () => jest.advanceTimersByTimeAsync(500));
    expect(t.socket.socket.connects).toBe(2);
    await act(async () => t.socket.refuse('INTERNAL'));
    await act(async () => foreground());
    expect(t.socket.socket.connects).toBe(3);
  });
});
