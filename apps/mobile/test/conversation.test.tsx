import { act, fireEvent, screen, waitFor } from '@testing-library/react-native';
import { ConversationScreen } from '@/features/conversation/conversation-screen';
import { OUTBOX_KEY } from '@/lib/outbox';
import { conversation, me, message, signedIn } from './fake-server';
import { renderWithApp } from './render';

async function open() {
  const t = await signedIn();
  const c = conversation({ name: 'Vera Visitor' });
  t.server.state.conversations = [c];
  t.server.state.messages.set(c.id, [message(c.id, 1, 'My parcel is late')]);
  renderWithApp(t.app, <ConversationScreen id={c.id} />);
  expect(await screen.findByText('My parcel is late')).toBeTruthy();
  return { ...t, c };
}

const ready = (seq = 10) => ({ protocolVersion: 1, seq, replayed: 0 });

describe('conversation', () => {
  it('queues a reply written offline, keeps it across a restart of the outbox, and sends it once on reconnect', async () => {
    const t = await open();
    await act(async () => t.socket.fire('disconnect', 'transport close'));
    t.server.state.isOnline = false;

    fireEvent.changeText(screen.getByLabelText('Reply text'), 'Checking with the carrier now');
    fireEvent.press(screen.getByRole('button', { name: 'Send reply' }));
    expect(await screen.findByText('Waiting for connection…')).toBeTruthy();
    expect(t.server.calls('sendMessage')).toHaveLength(0);
    const saved = JSON.parse(t.cache.data.get(OUTBOX_KEY) ?? '[]');
    expect(saved).toEqual([expect.objectContaining({ body: 'Checking with the carrier now', conversationId: t.c.id })]);

    t.server.state.isOnline = true;
    await act(async () => t.socket.fire('session.ready', ready()));
    await act(async () => t.socket.fire('session.ready', ready())); // a second reconnect must not resend
    await waitFor(() => expect(screen.queryByText('Waiting for connection…')).toBeNull());
    const sends = t.server.calls('sendMessage');
    expect(sends).toHaveLength(1);
    expect(sends[0]!.body).toEqual({
      clientId: saved[0].clientId,
      body: 'Checking with the carrier now',
      type: 'message',
    });
    expect(screen.getByText('Checking with the carrier now')).toBeTruthy();
  });

  it('highlights the mentions in a note, mine stronger', async () => {
    const t = await signedIn();
    const bob = { ...me, id: '00000000-0000-4000-8000-00000000b0b0', name: 'Bob Stone' };
    t.server.state.agents = [me, bob];
    const c = conversation({ name: 'Vera Visitor' });
    t.server.state.conversations = [c];
    t.server.state.messages.set(c.id, [
      message(c.id, 1, `@${me.name} and @Bob Stone, see mail@bob.test`, {
        type: 'note',
        author: { type: 'agent', id: bob.id, name: bob.name, avatarUrl: null },
      }),
    ]);
    renderWithApp(t.app, <ConversationScreen id={c.id} />);
    const mine = await screen.findByLabelText(`Mention ${me.name}`);
    const theirs = screen.getByLabelText('Mention Bob Stone');
    expect(screen.queryByLabelText('Mention bob.test')).toBeNull();
    const flat = (style: unknown) => Object.assign({}, ...[style].flat(3).filter(Boolean));
    expect(flat(mine.props.style).color).toBe('#fff');
    expect(flat(theirs.props.style).color).not.toBe('#fff');
  });

  it('sends an internal note with the note toggle, and announces typing (as a note) while writing', async () => {
    const t = await open();
    await act(async () => t.socket.fire('session.ready', ready()));
    fireEvent.press(screen.getByRole('radio', { name: 'Internal note' }));
    fireEvent.changeText(screen.getByLabelText('Note text'), 'VIP customer');
    expect(t.socket.emitted).toContainEqual({
      event: 'typing.update',
      payload: { conversationId: t.c.id, isTyping: true, isNote: true },
    });
    fireEvent.press(screen.getByRole('button', { name: 'Add note' }));
    await waitFor(() => expect(t.server.calls('sendMessage')).toHaveLength(1));
    expect(t.server.calls('sendMessage')[0]!.body).toMatchObject({ body: 'VIP customer', type: 'note' });
    expect(t.socket.emitted).toContainEqual({
      event: 'typing.update',
      payload: { conversationId: t.c.id, isTyping: false, isNote: true },
    });
    expect(await screen.findByLabelText('Internal note from You')).toBeTruthy();
  });

  it('shows the visitor typing, and new visitor messages live', async () => {
    const t = await open();
    await act(async () => t.socket.fire('session.ready', ready()));
    await act(async () =>
      t.socket.fire('typing.updated', {
        conversationId: t.c.id,
        actor: { type: 'visitor', id: null, name: null },
        isTyping: true,
        isNote: false,
      }),
    );
    expect(screen.getByText('Vera Visitor is typing…')).toBeTruthy();
    await act(async () =>
      t.socket.fire('message.created', { seq: 11, at: new Date().toISOString(), data: message(t.c.id, 2, 'Hello?') }),
    );
    expect(screen.getByText('Hello?')).toBeTruthy();
    // Looking at it: the read cursor follows.
    expect(t.socket.emitted).toContainEqual({
      event: 'conversation.read',
      payload: { conversationId: t.c.id, seq: 2 },
    });
  });

  it('assigns to me, snoozes and resolves', async () => {
    const t = await open();
    fireEvent.press(screen.getByRole('button', { name: 'Assign to me' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Assign to me' })).toBeNull());
    expect(t.server.calls('updateConversation')[0]!.body).toEqual({ assigneeId: me.id });

    fireEvent.press(screen.getByRole('button', { name: 'Snooze' }));
    fireEvent.press(screen.getByRole('button', { name: 'Snooze until tomorrow' }));
    await waitFor(() => expect(t.server.calls('updateConversation')).toHaveLength(2));
    const snooze = t.server.calls('updateConversation')[1]!.body;
    expect(snooze.status).toBe('snoozed');
    expect(Date.parse(snooze.snoozedUntil)).toBeGreaterThan(Date.now());

    fireEvent.press(screen.getByRole('button', { name: 'Resolve' }));
    expect(await screen.findByRole('button', { name: 'Reopen' })).toBeTruthy();
    expect(t.server.calls('updateConversation')[2]!.body).toEqual({ status: 'resolved' });
  });

  it("shows the visitor's rating and comment", async () => {
    const t = await signedIn();
    const c = conversation({
      name: 'Rita Rater',
      status: 'resolved',
      rating: { score: 4, comment: 'Quick and kind', ratedAt: new Date().toISOString() },
    });
    t.server.state.conversations = [c];
    t.server.state.messages.set(c.id, [message(c.id, 1, 'Thanks!')]);
    renderWithApp(t.app, <ConversationScreen id={c.id} />);
    expect(await screen.findByText(/rated: 4\/5/)).toBeTruthy();
    expect(screen.getByText('“Quick and kind”')).toBeTruthy();
  });

  it('marks a conversation pending and back to open', async () => {
    const t = await open();
    fireEvent.press(screen.getByRole('button', { name: 'Pending' }));
    expect(await screen.findByRole('button', { name: 'Back to open' })).toBeTruthy();
    expect(t.server.calls('updateConversation')[0]!.body).toEqual({ status: 'pending' });
    fireEvent.press(screen.getByRole('button', { name: 'Back to open' }));
    expect(await screen.findByRole('button', { name: 'Pending' })).toBeTruthy();
    expect(t.server.calls('updateConversation')[1]!.body).toEqual({ status: 'open' });
  });
});

describe('conversation history', () => {
  it('loads earlier messages on demand', async () => {
    const t = await signedIn();
    const c = conversation({ name: 'Lena Long' });
    t.server.state.conversations = [c];
    t.server.state.messages.set(c.id, [message(c.id, 1, 'The very first message'), message(c.id, 2, 'Second')]);
    // The newest page: the server says there is more before it.
    const fetch = t.server.fetch as jest.Mock;
    const real = fetch.getMockImplementation()!;
    fetch.mockImplementation(async (input: string, init?: RequestInit) => {
      const url = new URL(String(input));
      if (url.pathname.endsWith('/messages') && !url.searchParams.has('before')) {
        return new Response(JSON.stringify({ messages: [t.server.state.messages.get(c.id)![1]], hasMore: true }));
      }
      return real(input, init);
    });
    renderWithApp(t.app, <ConversationScreen id={c.id} />);
    expect(await screen.findByText('Second')).toBeTruthy();
    expect(screen.queryByText('The very first message')).toBeNull();
    fireEvent.press(screen.getByRole('button', { name: 'Load earlier messages' }));
    expect(await screen.findByText('The very first message')).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Load earlier messages' })).toBeNull());
  });
});
