/**
 * What the server states as facts, said in the agent's language (issue 18 "Languages"): the thread's system lines
 * (ratings on their scale, a low rating's reopen, an email's files not kept, assignments and status moves), a
 * reply the server refused (from its error code), a low rating in the Mentions list (older servers: mentions only);
 * and a saved view given the panel's filters (issue 17 "Mobile parity").
 */
import type { TMention, TMessage } from '@oceras/protocol';
import { act, fireEvent, render, screen, within } from '@testing-library/react-native';
import { MessageBubble, PendingBubble } from '@/features/conversation/message-bubble';
import { systemText } from '@/features/conversation/system-text';
import { InboxScreen } from '@/features/inbox/inbox-screen';
import { MentionsScreen } from '@/features/inbox/mentions-screen';
import { applyLanguage, CATALOGS } from '@/lib/i18n/i18n';
import type { OutboxItem } from '@/lib/outbox';
import { conversation, me, message, signedIn, uuid } from './fake-server';
import { renderWithApp } from './render';

const ready = { protocolVersion: 1, seq: 10, replayed: 0 };
const line = (system: Record<string, unknown>, body = 'The server’s English'): TMessage =>
  message('c1', 1, body, { type: 'system', author: { type: 'system', id: null, name: null, avatarUrl: null }, system });

describe('system lines in French, from the server’s facts', () => {
  const fr = CATALOGS.fr;
  it('says ratings on their scale, a low rating’s reopen, refused files, assignments and status moves', () => {
    const say = (system: Record<string, unknown>) => systemText(line(system), me.id, fr);
    expect(say({ action: 'rated', score: 2, previous: null, scale: 'stars' })).toBe(
      'Le visiteur a noté la conversation : 2/5',
    );
    expect(say({ action: 'rated', score: 1, previous: null, scale: 'faces' })).toBe(
      'Le visiteur a noté la conversation : visage triste',
    );
    // A line stored before the scale was kept: stars.
    expect(say({ action: 'rated', score: 4, previous: null })).toBe('Le visiteur a noté la conversation : 4/5');
    expect(
      say({
        action: 'status_changed',
        from: 'resolved',
        to: 'open',
        by: null,
        reason: 'low_rating',
        score: 3,
        scale: 'faces',
      }),
    ).toBe('Rouverte après la note du visiteur : visage neutre');
    expect(
      say({
        action: 'email_files_refused',
        files: [
          { fileName: 'a.exe', reason: 'type' },
          { fileName: 'b.bin', reason: 'a-reason-from-a-newer-server' },
        ],
      }),
    ).toBe('Non conservés de cet e-mail : a.exe (un type que cette organisation n’accepte pas), b.bin');
    expect(say({ action: 'assigned', from: null, to: me.id, by: 'x' })).toBe('Conversation qui vous est attribuée');
    expect(say({ action: 'assigned', from: null, to: 'y', by: null, reason: 'auto_assigned' })).toBe(
      'Attribuée automatiquement : le moins de conversations ouvertes',
    );
    expect(say({ action: 'status_changed', from: 'snoozed', to: 'open', by: null })).toBe('Fin de la pause');
    expect(say({ action: 'status_changed', from: 'open', to: 'resolved', by: 'x' })).toBe('Statut changé : Résolue');
    expect(say({ action: 'team_changed', from: null, to: 't', by: 'x' })).toBe('Équipe changée');
    // A line this app does not know: the server's words.
    expect(say({ action: 'something_new' })).toBe('The server’s English');
  });

  it('renders a system line in the agent’s language', () => {
    applyLanguage('fr');
    render(
      <MessageBubble message={line({ action: 'rated', score: 5, previous: null, scale: 'faces' })} meId={me.id} />,
    );
    expect(screen.getByLabelText('Événement : Le visiteur a noté la conversation : visage souriant')).toBeTruthy();
  });
});

describe('a reply the server refused', () => {
  const failed = (over: Partial<OutboxItem>): OutboxItem => ({
    clientId: 'k1',
    conversationId: 'c1',
    body: 'Hello',
    type: 'message',
    createdAt: new Date().toISOString(),
    state: 'failed',
    ...over,
  });
  it('says why from the error code, in French; in English the server’s sentence; an older stored one as it is', () => {
    applyLanguage('fr');
    const { rerender } = render(
      <PendingBubble
        item={failed({ error: 'this conversation changed meanwhile', errorCode: 'CONFLICT' })}
        onRetry={() => {}}
        onDiscard={() => {}}
      />,
    );
    expect(screen.getByText('Non envoyé. Ceci a changé entre-temps. Rechargez et réessayez.')).toBeTruthy();
    expect(screen.queryByText(/changed meanwhile/)).toBeNull();
    // A reply kept by an older app (no code): its stored sentence.
    rerender(<PendingBubble item={failed({ error: 'not allowed' })} onRetry={() => {}} onDiscard={() => {}} />);
    expect(screen.getByText('Non envoyé. Not allowed.')).toBeTruthy();
    act(() => applyLanguage(null));
    rerender(
      <PendingBubble
        item={failed({ error: 'this conversation changed meanwhile', errorCode: 'CONFLICT' })}
        onRetry={() => {}}
        onDiscard={() => {}}
      />,
    );
    expect(screen.getByText('Not sent. This conversation changed meanwhile.')).toBeTruthy();
  });
});

describe('a low rating in the Mentions list', () => {
  const notice = (conversationId: string, over: Partial<TMention>): TMention => ({
    id: uuid(),
    kind: 'low_rating',
    conversationId,
    conversationNumber: 12,
    messageId: uuid(),
    author: null,
    excerpt: 'Trop lent',
    rating: { score: 1, scale: 'faces' },
    createdAt: new Date().toISOString(),
    readAt: null,
    ...over,
  });

  it('lists it in French on its scale, beside mentions, and drops a kind this app does not know', async () => {
    const c = conversation({ name: 'Vera Visitor' });
    const t = await signedIn();
    t.server.state.language = 'fr';
    await act(async () => t.app.session.loadProfile());
    t.server.state.conversations = [c];
    t.server.state.mentions = [
      notice(c.id, { kind: 'escalation' as never }),
      notice(c.id, {}),
      notice(c.id, { kind: 'mention', author: { id: me.id, name: 'Bob' }, excerpt: 'regarde', rating: null }),
    ];
    renderWithApp(t.app, <MentionsScreen />);
    expect(await screen.findByText('N° 12 · Note d’un visiteur : visage triste')).toBeTruthy();
    expect(screen.getByText('Trop lent')).toBeTruthy();
    expect(screen.getByText('N° 12 · Bob vous a mentionné')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'N° 12, note d’un visiteur : visage triste, non lu' })).toBeTruthy();
    expect(t.server.calls('listMentions').map((x) => x.body)).toEqual([{ limit: '50', kinds: 'mention,low_rating' }]);
  });

  it('asks an older server for mentions only, once it refused the kinds', async () => {
    const c = conversation({ name: 'Vera Visitor' });
    const t = await signedIn();
    t.server.state.isBeforeNoticeKinds = true;
    t.server.state.conversations = [c];
    t.server.state.mentions = [
      notice(c.id, { kind: undefined, rating: undefined, author: { id: me.id, name: 'Bob' } }),
    ];
    renderWithApp(t.app, <MentionsScreen />);
    expect(await screen.findByText('#12 · Bob mentioned you')).toBeTruthy();
    await act(async () => t.app.inbox.directory.markMentionsRead());
    expect(t.server.calls('markMentionsRead').map((x) => x.body)).toEqual([{}]);
  });
});

describe('a saved view given the panel’s filters', () => {
  it('shows what the view filters on and what no longer applies, and replaces its filters with the panel’s', async () => {
    const paula = conversation({ name: 'Paula Pending', status: 'pending', tags: ['vip'] });
    const t = await signedIn();
    t.server.state.conversations = [paula, conversation({ name: 'Otto Open', tags: ['vip'] })];
    const view = {
      id: uuid(),
      name: 'VIPs',
      scope: 'personal' as const,
      filters: {
        view: 'all' as const,
        status: 'unresolved' as const,
        tag: 'vip',
        priority: 'high' as const,
        fields: { plan: 'gold', seats: 'x' },
      },
      inapplicableFilters: [
        { key: 'plan', code: 'field_missing' as const, message: 'no such conversation field' },
        { key: 'seats', code: 'value_invalid' as const, message: 'must be a number' },
      ],
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    };
    t.server.state.savedViews = [view];
    renderWithApp(t.app, <InboxScreen />);
    await act(async () => t.socket.fire('session.ready', ready));
    await act(async () => t.app.inbox.directory.loadSavedViews());
    // The view opened, the panel shows its filters; the agent picks another status, then edits the view.
    fireEvent.press(screen.getByRole('button', { name: 'Filters' }));
    fireEvent.press(await screen.findByRole('button', { name: /^VIPs/ }));
    expect(await screen.findByRole('heading', { name: 'VIPs' })).toBeTruthy();
    fireEvent.press(screen.getByRole('button', { name: /^Filters/ }));
    const panel = await screen.findByTestId('filter-panel');
    fireEvent.press(within(panel).getByRole('radio', { name: 'Status: Pending' }));
    fireEvent.press(within(panel).getByRole('button', { name: 'Edit view VIPs' }));
    const editor = await screen.findByTestId('view-editor');
    expect(within(editor).getByText('Filters: Not resolved · Anyone · #vip')).toBeTruthy();
    expect(within(editor).getByText('plan: the field was deleted')).toBeTruthy();
    expect(within(editor).getByText('seats = “x”: no longer a value of this field')).toBeTruthy();
    fireEvent.press(within(editor).getByRole('button', { name: 'Use the filters chosen in this panel' }));
    // The view now holds the panel's filters; what the panel does not show (priority) is kept, stale fields go.
    expect(await screen.findByRole('heading', { name: 'VIPs' })).toBeTruthy();
    expect(t.server.calls('updateSavedView').map((c) => c.body)).toEqual([
      { filters: { priority: 'high', view: 'all', status: 'pending', tag: 'vip' } },
    ]);
    expect(t.server.state.savedViews[0]!.filters).toMatchObject({ status: 'pending' });
    expect(t.server.calls('updateSavedView')).toHaveLength(1);
  });
});
