import { act, fireEvent, screen, waitFor, within } from '@testing-library/react-native';
import { InboxScreen } from '@/features/inbox/inbox-screen';
import { CACHE_KEY } from '@/lib/inbox-sync';
import { conversation, me, message, signedIn, testApp } from './fake-server';
import { mockRouter, renderWithApp } from './render';

async function inboxWith() {
  const t = await signedIn();
  t.server.state.conversations = [
    conversation({ name: 'Mia Mine', assigneeId: me.id, unreadCount: 2 }),
    conversation({ name: 'Ugo Unassigned' }),
    conversation({ name: 'Una Unassigned', unreadCount: 0 }),
    conversation({ name: 'Olga Other', assigneeId: '00000000-0000-4000-8000-0000000000ff', unreadCount: 0 }),
  ];
  renderWithApp(t.app, <InboxScreen />);
  await act(async () => t.socket.fire('session.ready', { protocolVersion: 1, seq: 10, replayed: 0 }));
  return t;
}

describe('inbox', () => {
  it('opens on Unassigned when nothing is assigned to the agent and conversations wait; a tap still picks Mine', async () => {
    const t = await signedIn();
    t.server.state.conversations = [conversation({ name: 'Wes Waiting' })];
    renderWithApp(t.app, <InboxScreen />);
    await act(async () => t.socket.fire('session.ready', { protocolVersion: 1, seq: 10, replayed: 0 }));
    const unassigned = await screen.findByRole('tab', { name: 'Unassigned, 1' });
    expect(unassigned.props.accessibilityState).toMatchObject({ selected: true });
    expect(screen.getByText('Wes Waiting')).toBeTruthy();
    fireEvent.press(screen.getByRole('tab', { name: 'Mine, 0' }));
    expect(screen.getByText('Nothing assigned to you. Pick one from Unassigned.')).toBeTruthy();
    // Later counts do not move the agent: the landing is chosen once.
    await act(async () => t.socket.fire('session.ready', { protocolVersion: 1, seq: 10, replayed: 0 }));
    expect(screen.getByRole('tab', { name: 'Mine, 0' }).props.accessibilityState).toMatchObject({ selected: true });
  });

  it('opens on Mine when the agent has conversations, and on an empty Mine when nothing waits', async () => {
    const t = await inboxWith();
    expect((await screen.findByRole('tab', { name: 'Mine, 1' })).props.accessibilityState).toMatchObject({
      selected: true,
    });
    t.server.state.conversations = [];
    screen.unmount();
    renderWithApp(t.app, <InboxScreen />);
    await act(async () => t.app.inbox.refresh());
    expect((await screen.findByRole('tab', { name: 'Mine, 0' })).props.accessibilityState).toMatchObject({
      selected: true,
    });
  });

  it('shows Mine, Unassigned and All with their counts, and the rows of the chosen tab', async () => {
    const t = await inboxWith();
    expect(await screen.findByRole('tab', { name: 'Mine, 1' })).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Unassigned, 2' })).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'All, 4' })).toBeTruthy();
    expect(screen.getByLabelText('Conversation with Mia Mine, 2 unread')).toBeTruthy();
    expect(screen.queryByText('Ugo Unassigned')).toBeNull();
    expect(screen.getByLabelText('1 of your conversations unread')).toBeTruthy();

    fireEvent.press(screen.getByRole('tab', { name: 'Unassigned, 2' }));
    expect(screen.getByText('Ugo Unassigned')).toBeTruthy();
    expect(screen.getByText('Una Unassigned')).toBeTruthy();
    expect(screen.queryByText('Mia Mine')).toBeNull();

    fireEvent.press(screen.getByRole('tab', { name: 'All, 4' }));
    expect(screen.getByText('Olga Other')).toBeTruthy();

    fireEvent.press(screen.getByLabelText(/Conversation with Olga Other/));
    expect(mockRouter.push).toHaveBeenCalledWith(`/conversation/${t.server.state.conversations[3]!.id}`);
  });

  it('applies live events: a new visitor message moves the row up with its preview and unread count', async () => {
    const t = await inboxWith();
    fireEvent.press(await screen.findByRole('tab', { name: 'Unassigned, 2' }));
    const una = t.server.state.conversations[2]!;
    await act(async () =>
      t.socket.fire('message.created', {
        seq: 11,
        at: new Date().toISOString(),
        data: message(una.id, 2, 'Are you there?'),
      }),
    );
    const rows = screen.getAllByLabelText(/^Conversation with/);
    expect(rows[0]).toHaveProperty('props.accessibilityLabel', 'Conversation with Una Unassigned, 1 unread');
    expect(within(rows[0]!).getByText('Are you there?')).toBeTruthy();
    // The same envelope replayed after a reconnect is applied once.
    await act(async () =>
      t.socket.fire('message.created', {
        seq: 11,
        at: new Date().toISOString(),
        data: message(una.id, 2, 'Are you there?'),
      }),
    );
    expect(screen.getByLabelText('Conversation with Una Unassigned, 1 unread')).toBeTruthy();
  });

  it('pull to refresh refetches the counts and lists', async () => {
    const t = await inboxWith();
    await screen.findByRole('tab', { name: 'Mine, 1' });
    t.server.state.conversations.push(conversation({ name: 'Nina New', assigneeId: me.id }));
    const before = t.server.calls('countConversations').length;
    await act(async () => {
      screen.UNSAFE_getByType(require('react-native').RefreshControl).props.onRefresh();
    });
    await waitFor(() => expect(screen.getByRole('tab', { name: 'Mine, 2' })).toBeTruthy());
    expect(screen.getByText('Nina New')).toBeTruthy();
    expect(t.server.calls('countConversations').length).toBeGreaterThan(before);
  });

  it('shows the last lists from the cache when the app starts offline', async () => {
    const online = await inboxWith();
    await screen.findByText('Mia Mine');
    await act(() => online.app.inbox.save());
    screen.unmount();

    const t = testApp();
    for (const [k, v] of online.cache.data) await t.cache.setItem(k, v);
    for (const [k, v] of online.secure.data) await t.secure.setItem(k, v);
    t.server.state.isOnline = false;
    expect(t.cache.data.has(CACHE_KEY)).toBe(true);
    await act(() => t.app.session.restore());
    renderWithApp(t.app, <InboxScreen />);
    expect(await screen.findByText('Mia Mine')).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Mine, 1' })).toBeTruthy();
    t.app.session.dispose();
  });
});

describe('long lists', () => {
  it('loads the next page when scrolled to the end, once', async () => {
    const t = await signedIn();
    t.server.state.conversations = Array.from({ length: 70 }, (_, i) =>
      conversation({
        name: `Visitor ${String(i).padStart(2, '0')}`,
        lastActivityAt: new Date(Date.now() - i * 60_000).toISOString(),
      }),
    );
    renderWithApp(t.app, <InboxScreen />);
    await act(async () => t.socket.fire('session.ready', { protocolVersion: 1, seq: 1, replayed: 0 }));
    fireEvent.press(await screen.findByRole('tab', { name: 'All, 70' }));
    await waitFor(() => expect(t.app.inbox.data.get().lists.all?.items).toHaveLength(50));
    await act(() => Promise.all([t.app.inbox.loadMore('all'), t.app.inbox.loadMore('all')]));
    expect(t.app.inbox.data.get().lists.all?.items).toHaveLength(70);
    expect(t.app.inbox.data.get().lists.all?.nextCursor).toBeNull();
    expect(t.server.calls('listConversations')).toHaveLength(4); // three lists, then one next page
  });
});

describe('catching up after a reconnect', () => {
  it('reconnects with lastSeq for replay, and refetches everything after sync.required', async () => {
    const t = await inboxWith();
    await screen.findByRole('tab', { name: 'Mine, 1' });
    const mia = t.server.state.conversations[0]!;
    await act(async () =>
      t.socket.fire('message.created', { seq: 12, at: new Date().toISOString(), data: message(mia.id, 2, 'Hi again') }),
    );
    await act(async () => t.socket.fire('disconnect', 'transport close'));
    expect(await t.socket.handshake()).toMatchObject({ lastSeq: 12, protocolVersion: 1, token: expect.any(String) });

    // Too much was missed to replay: the server says so; the app refetches and follows from the new position.
    t.server.state.conversations.push(conversation({ name: 'Missed Max', assigneeId: me.id }));
    const lists = t.server.calls('listConversations').length;
    await act(async () => t.socket.fire('sync.required', { seq: 500, reason: 'too_many' }));
    await act(async () => t.socket.fire('session.ready', { protocolVersion: 1, seq: 500, replayed: 0 }));
    expect(await screen.findByText('Missed Max')).toBeTruthy();
    expect(t.server.calls('listConversations').length).toBe(lists + 3);
    expect(await t.socket.handshake()).toMatchObject({ lastSeq: 500 });
  });
});
