import type { TConversation, TMention } from '@oceras/protocol';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react-native';
import { ConversationScreen } from '@/features/conversation/conversation-screen';
import { InboxScreen } from '@/features/inbox/inbox-screen';
import { conversation, me, message, signedIn, uuid } from './fake-server';
import { renderWithApp } from './render';

const ready = { protocolVersion: 1, seq: 10, replayed: 0 };
const bob = { ...me, id: '00000000-0000-4000-8000-00000000b0b0', name: 'Bob Stone' };
const billing = {
  id: uuid(),
  name: 'Billing',
  autoAssignment: false,
  agentIds: [],
  businessHours: null,
  createdAt: new Date().toISOString(),
};
let seq = 10;
const at = () => new Date().toISOString();
/** A colleague's change, as the server announces it on the agents' stream. */
const updated = (c: TConversation, change: Partial<TConversation>) => {
  Object.assign(c, change, { version: c.version + 1 });
  return { seq: ++seq, at: at(), data: { conversation: { ...c }, changes: Object.keys(change) } };
};
const mention = (conversationId: string, over: Partial<TMention> = {}): TMention => ({
  id: uuid(),
  conversationId,
  conversationNumber: 7,
  messageId: uuid(),
  author: { id: bob.id, name: bob.name },
  excerpt: '@Ada Agent can you look?',
  createdAt: at(),
  readAt: null,
  ...over,
});

async function inbox(conversations: TConversation[]) {
  const t = await signedIn();
  t.server.state.agents = [me, bob];
  t.server.state.teams = [billing];
  t.server.state.conversations = conversations;
  renderWithApp(t.app, <InboxScreen />);
  await act(async () => t.socket.fire('session.ready', ready));
  await screen.findByRole('tab', { name: /^All/ });
  return t;
}

describe('inbox filters and saved views', () => {
  it('lists what the filters match, and the filtered list follows live changes by the same rule', async () => {
    const paula = conversation({ name: 'Paula Pending', status: 'pending', teamId: billing.id });
    const otto = conversation({ name: 'Otto Open' });
    const t = await inbox([paula, otto]);
    fireEvent.press(screen.getByRole('button', { name: 'Filters' }));
    const panel = await screen.findByTestId('filter-panel');
    fireEvent.press(within(panel).getByRole('radio', { name: 'Status: Pending' }));
    fireEvent.press(within(panel).getByRole('radio', { name: 'Team: Billing' }));
    fireEvent.press(within(panel).getByRole('button', { name: 'Show conversations' }));
    expect(await screen.findByRole('heading', { name: 'Pending · Anyone · Billing' })).toBeTruthy();
    expect(await screen.findByText('Paula Pending')).toBeTruthy();
    expect(screen.queryByText('Otto Open')).toBeNull();

    // Otto comes into the filter, Paula leaves it: no refetch, the events are applied with the list's filter.
    const lists = t.server.calls('listConversations').length;
    await act(async () =>
      t.socket.fire('conversation.updated', updated(otto, { status: 'pending', teamId: billing.id })),
    );
    expect(await screen.findByText('Otto Open')).toBeTruthy();
    await act(async () => t.socket.fire('conversation.updated', updated(paula, { status: 'open' })));
    await waitFor(() => expect(screen.queryByText('Paula Pending')).toBeNull());
    expect(t.server.calls('listConversations')).toHaveLength(lists);

    fireEvent.press(screen.getByRole('button', { name: 'Clear filters' }));
    expect(await screen.findByRole('tab', { name: /^All/ })).toBeTruthy();
  });

  it('opens a saved view from the list, with its count, under its name', async () => {
    const vip = conversation({ name: 'Vic Vip', tags: ['vip'] });
    const t = await inbox([vip, conversation({ name: 'Nora Normal' })]);
    t.server.state.savedViews = [
      {
        id: uuid(),
        name: 'VIPs',
        scope: 'shared',
        filters: { view: 'all', status: 'unresolved', tag: 'vip' },
        inapplicableFilters: [],
        createdAt: at(),
        updatedAt: at(),
      },
    ];
    await act(async () => t.app.inbox.directory.loadSavedViews());
    fireEvent.press(screen.getByRole('button', { name: 'Filters' }));
    fireEvent.press(await screen.findByRole('button', { name: 'VIPs (shared), 1' }));
    expect(await screen.findByRole('heading', { name: 'VIPs' })).toBeTruthy();
    expect(await screen.findByText('Vic Vip')).toBeTruthy();
    expect(screen.queryByText('Nora Normal')).toBeNull();
  });
});

describe('saving, renaming and deleting saved views', () => {
  it("saves the panel's filters as the agent's own view and shows it; renames and deletes it", async () => {
    const paula = conversation({ name: 'Paula Pending', status: 'pending' });
    const t = await inbox([paula, conversation({ name: 'Otto Open' })]);
    fireEvent.press(screen.getByRole('button', { name: 'Filters' }));
    const panel = await screen.findByTestId('filter-panel');
    fireEvent.press(within(panel).getByRole('radio', { name: 'Status: Pending' }));
    fireEvent.press(within(panel).getByRole('button', { name: 'Save as view' }));
    const form = await screen.findByTestId('save-view-form');
    // An agent saves personal views only: no choice of who sees it (the server refuses a shared one to them).
    expect(within(form).queryByRole('radiogroup', { name: 'Who sees it' })).toBeNull();
    fireEvent.press(within(form).getByRole('button', { name: 'Save view' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('Give the view a name.');
    expect(t.server.calls('createSavedView')).toHaveLength(0);
    fireEvent.changeText(within(form).getByLabelText('View name'), '  Waiting on me ');
    fireEvent.press(within(form).getByRole('button', { name: 'Save view' }));
    expect(await screen.findByRole('heading', { name: 'Waiting on me' })).toBeTruthy();
    expect(t.server.calls('createSavedView').map((c) => c.body)).toEqual([
      { name: 'Waiting on me', scope: 'personal', filters: { view: 'all', status: 'pending' } },
    ]);
    expect(await screen.findByText('Paula Pending')).toBeTruthy();
    expect(screen.queryByText('Otto Open')).toBeNull();

    fireEvent.press(screen.getByRole('button', { name: /^Filters/ }));
    fireEvent.press(await screen.findByRole('button', { name: 'Edit view Waiting on me' }));
    const editor = await screen.findByTestId('view-editor');
    fireEvent.changeText(within(editor).getByLabelText('View name'), 'Pending');
    fireEvent.press(within(editor).getByRole('button', { name: 'Rename' }));
    expect(await screen.findByRole('button', { name: 'Pending, 1' })).toBeTruthy();
    expect(t.server.calls('updateSavedView').map((c) => c.body)).toEqual([{ name: 'Pending' }]);

    fireEvent.press(screen.getByRole('button', { name: 'Edit view Pending' }));
    fireEvent.press(await screen.findByRole('button', { name: 'Delete view Pending' }));
    expect(await screen.findByText('Delete “Pending”? The conversations stay; only the view goes.')).toBeTruthy();
    expect(t.server.calls('deleteSavedView')).toHaveLength(0);
    fireEvent.press(screen.getByRole('button', { name: 'Delete view Pending' }));
    // The editor closes once the server has deleted it, and the view's row does not come back.
    await waitFor(() => expect(screen.queryByTestId('view-editor')).toBeNull());
    expect(t.server.state.savedViews).toEqual([]);
    expect(screen.queryByRole('button', { name: 'Pending, 1' })).toBeNull();
  });

  it("offers managers a shared view, and shows the server's refusal where the form is", async () => {
    const role = me.role;
    me.role = 'manager';
    try {
      const t = await inbox([conversation({ name: 'Otto Open' })]);
      fireEvent.press(screen.getByRole('button', { name: 'Filters' }));
      fireEvent.press(await screen.findByRole('button', { name: 'Save as view' }));
      const form = await screen.findByTestId('save-view-form');
      fireEvent.changeText(within(form).getByLabelText('View name'), 'Everything');
      fireEvent.press(within(form).getByRole('radio', { name: 'Who sees it: Everyone (shared)' }));
      t.server.state.refuseSavedView = { status: 409, code: 'CONFLICT', message: 'at most 50 shared views' };
      fireEvent.press(within(form).getByRole('button', { name: 'Save view' }));
      expect(await within(form).findByRole('alert')).toHaveTextContent('At most 50 shared views');
      expect(t.server.state.savedViews).toEqual([]);
      fireEvent.press(within(form).getByRole('button', { name: 'Save view' }));
      expect(await screen.findByRole('heading', { name: 'Everything' })).toBeTruthy();
      expect(t.server.calls('createSavedView').at(-1)?.body).toMatchObject({ scope: 'shared' });
    } finally {
      me.role = role;
    }
  });

  it("does not offer to change a shared view to an agent; a colleague's rename refuses with the server's reason", async () => {
    const t = await inbox([conversation({ name: 'Otto Open' })]);
    const view = (name: string, scope: 'shared' | 'personal') => ({
      id: uuid(),
      name,
      scope,
      filters: { view: 'all' as const, status: 'unresolved' as const },
      inapplicableFilters: [],
      createdAt: at(),
      updatedAt: at(),
    });
    t.server.state.savedViews = [view('Team queue', 'shared'), view('Mine too', 'personal')];
    await act(async () => t.app.inbox.directory.loadSavedViews());
    fireEvent.press(screen.getByRole('button', { name: 'Filters' }));
    expect(await screen.findByRole('button', { name: 'Edit view Mine too' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Edit view Team queue' })).toBeNull();
    fireEvent.press(screen.getByRole('button', { name: 'Edit view Mine too' }));
    t.server.state.refuseSavedView = { status: 404, code: 'NOT_FOUND', message: 'saved view not found' };
    fireEvent.changeText(within(await screen.findByTestId('view-editor')).getByLabelText('View name'), 'Renamed');
    fireEvent.press(screen.getByRole('button', { name: 'Rename' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Saved view not found');
  });
});

describe('live lists (list.changed)', () => {
  it('loads the saved views and their counts again, and the teams, when the server says they changed', async () => {
    const vip = conversation({ name: 'Vic Vip', tags: ['vip'] });
    const t = await inbox([vip]);
    fireEvent.press(screen.getByRole('button', { name: 'Filters' }));
    await screen.findByTestId('filter-panel');
    expect(screen.queryByText('Saved views')).toBeNull();

    // A manager shares a view from the dashboard: every agent's app lists it, with its count.
    t.server.state.savedViews.push({
      id: uuid(),
      name: 'VIPs',
      scope: 'shared',
      filters: { view: 'all', status: 'unresolved', tag: 'vip' },
      inapplicableFilters: [],
      createdAt: at(),
      updatedAt: at(),
    });
    await act(async () => t.socket.fire('list.changed', { list: 'savedViews' }));
    expect(await screen.findByRole('button', { name: 'VIPs (shared), 1' })).toBeTruthy();

    // The view on screen follows its changes: renamed, then deleted (its filters stay, untitled).
    fireEvent.press(screen.getByRole('button', { name: 'VIPs (shared), 1' }));
    expect(await screen.findByRole('heading', { name: 'VIPs' })).toBeTruthy();
    t.server.state.savedViews[0]!.name = 'Very important';
    await act(async () => t.socket.fire('list.changed', { list: 'savedViews' }));
    expect(await screen.findByRole('heading', { name: 'Very important' })).toBeTruthy();
    t.server.state.savedViews = [];
    await act(async () => t.socket.fire('list.changed', { list: 'savedViews' }));
    expect(await screen.findByRole('heading', { name: 'Not resolved · Anyone · #vip' })).toBeTruthy();

    t.server.state.teams = [billing, { ...billing, id: uuid(), name: 'Support' }];
    await act(async () => t.socket.fire('list.changed', { list: 'teams' }));
    fireEvent.press(screen.getByRole('button', { name: /^Filters/ }));
    expect(await screen.findByRole('radio', { name: 'Team: Support' })).toBeTruthy();
  });

  it('loads the lists held whole again after a reconnect: a signal missed meanwhile is healed', async () => {
    const c = conversation({ name: 'Vera Visitor' });
    const t = await inbox([c]);
    expect(await screen.findByRole('link', { name: 'Mentions' })).toBeTruthy();
    await act(async () => t.socket.drop());
    // While disconnected, a colleague mentioned the agent: the mention.created signal was lost.
    t.server.state.mentions = [mention(c.id)];
    await act(async () => t.socket.accept(10));
    expect(await screen.findByRole('link', { name: 'Mentions, 1 unread' })).toBeTruthy();
  });
});

describe('mentions', () => {
  it('counts unread mentions, adds one that arrives live, and marks a conversation read when it is opened', async () => {
    const c = conversation({ name: 'Vera Visitor' });
    const t = await signedIn();
    t.server.state.conversations = [c];
    t.server.state.mentions = [mention(c.id)];
    renderWithApp(t.app, <InboxScreen />);
    await act(async () => t.socket.fire('session.ready', ready));
    expect(await screen.findByRole('link', { name: 'Mentions, 1 unread' })).toBeTruthy();
    await act(async () => t.socket.fire('mention.created', mention(c.id)));
    expect(await screen.findByRole('link', { name: 'Mentions, 2 unread' })).toBeTruthy();

    await act(async () => t.app.inbox.setViewing(c.id));
    await waitFor(() =>
      expect(t.server.calls('markMentionsRead').map((x) => x.body)).toEqual([
        { conversationId: c.id, kinds: 'mention,low_rating' },
      ]),
    );
    expect(await screen.findByRole('link', { name: 'Mentions' })).toBeTruthy();
    // Opening it again asks nothing: none is unread there.
    await act(async () => t.app.inbox.setViewing(null));
    await act(async () => t.app.inbox.setViewing(c.id));
    expect(t.server.calls('markMentionsRead')).toHaveLength(1);
  });
});

describe('bulk actions', () => {
  it('selects rows with a long press, changes their status in one request, and says what was refused', async () => {
    const a = conversation({ name: 'Anna A' });
    const b = conversation({ name: 'Ben B' });
    const t = await inbox([a, b]);
    fireEvent(await screen.findByLabelText(/Conversation with Anna A/), 'longPress');
    const bar = await screen.findByLabelText('Bulk actions');
    expect(within(bar).getByText('1 selected')).toBeTruthy();
    // While selecting, a tap selects instead of opening.
    fireEvent.press(screen.getByRole('checkbox', { name: /Conversation with Ben B/ }));
    expect(within(bar).getByText('2 selected')).toBeTruthy();
    // An agent assigns to themself or to nobody; colleagues are for managers and admins.
    fireEvent.press(within(bar).getByRole('button', { name: 'Assign of selected' }));
    expect(within(bar).getByRole('menuitem', { name: 'Me' })).toBeTruthy();
    expect(within(bar).getByRole('menuitem', { name: 'Unassigned' })).toBeTruthy();
    expect(within(bar).queryByRole('menuitem', { name: 'Bob Stone' })).toBeNull();
    t.server.state.bulkRefusals.set(b.id, 'assigned to a colleague');
    fireEvent.press(within(bar).getByRole('button', { name: 'Status of selected' }));
    fireEvent.press(within(bar).getByRole('menuitem', { name: 'Pending' }));
    expect(await within(bar).findByText('1 not changed: assigned to a colleague')).toBeTruthy();
    expect(t.server.calls('bulkUpdateConversations').map((x) => x.body)).toEqual([
      { ids: [a.id, b.id], change: { status: 'pending' } },
    ]);
    // The changed one takes its new status in the list at once.
    expect(within(screen.getByLabelText(/Conversation with Anna A/)).getByText('Pending')).toBeTruthy();

    t.server.state.bulkRefusals.clear();
    fireEvent.press(within(bar).getByRole('button', { name: 'Tag of selected' }));
    fireEvent.changeText(within(bar).getByLabelText('Tag to add'), 'Refund ');
    fireEvent.press(within(bar).getByRole('button', { name: 'Add tag' }));
    await waitFor(() => expect(screen.queryByLabelText('Bulk actions')).toBeNull());
    expect(t.server.calls('bulkUpdateConversations').at(-1)!.body).toEqual({
      ids: [a.id, b.id],
      change: { addTags: ['refund'] },
    });
    expect(screen.getByRole('link', { name: /Conversation with Anna A/ })).toBeTruthy();
  });
});

describe('selecting with a screen reader', () => {
  it('offers "Select" as a named action on each row, which starts selecting like a long press', async () => {
    const a = conversation({ name: 'Anna A' });
    await inbox([a, conversation({ name: 'Ben B' })]);
    const row = await screen.findByRole('link', { name: /Conversation with Anna A/ });
    expect(row.props.accessibilityActions).toEqual([{ name: 'select', label: 'Select' }]);
    fireEvent(row, 'accessibilityAction', { nativeEvent: { actionName: 'select' } });
    const bar = await screen.findByLabelText('Bulk actions');
    expect(within(bar).getByText('1 selected')).toBeTruthy();
    // While selecting, each row is a checkbox and a tap toggles it: no named action is needed.
    const checkbox = screen.getByRole('checkbox', { name: /Conversation with Anna A/ });
    expect(checkbox.props.accessibilityState).toEqual({ checked: true });
    expect(checkbox.props.accessibilityActions).toBeUndefined();
  });
});

describe('the conversation', () => {
  async function open(over: Partial<TConversation> = {}) {
    const t = await signedIn();
    t.server.state.agents = [me, bob];
    t.server.state.teams = [billing];
    t.server.state.cannedResponses = [
      {
        id: uuid(),
        scope: 'shared',
        shortcode: 'greet',
        title: 'Greeting',
        body: 'Hello {{visitor.name}}, {{agent.name}} from {{organization.name}} here.',
        createdAt: at(),
        updatedAt: at(),
      },
    ];
    const c = conversation({ name: 'Vera Visitor', ...over });
    t.server.state.conversations = [c];
    t.server.state.messages.set(c.id, [message(c.id, 1, 'My parcel is late')]);
    renderWithApp(t.app, <ConversationScreen id={c.id} />);
    expect(await screen.findByText('My parcel is late')).toBeTruthy();
    return { ...t, c };
  }

  it('inserts a canned response with / and fills its variables as the dashboard does', async () => {
    await open();
    fireEvent.changeText(screen.getByLabelText('Reply text'), '/gr');
    fireEvent.press(await screen.findByRole('menuitem', { name: '/greet Greeting' }));
    expect(screen.getByLabelText('Reply text').props.value).toBe('Hello Vera Visitor, Ada Agent from Acme here.');
    expect(screen.queryByRole('menu', { name: 'Canned responses' })).toBeNull();
  });

  it('offers colleagues after @ in a note only, and writes the full name', async () => {
    await open();
    fireEvent.changeText(screen.getByLabelText('Reply text'), 'Hi @Bo');
    expect(screen.queryByRole('menuitem', { name: 'Mention Bob Stone' })).toBeNull();
    fireEvent.press(screen.getByRole('radio', { name: 'Internal note' }));
    fireEvent.changeText(screen.getByLabelText('Note text'), 'Hi @Bo');
    // Not the writer: Ada does not mention herself.
    expect(await screen.findByRole('menuitem', { name: 'Mention Bob Stone' })).toBeTruthy();
    fireEvent.changeText(screen.getByLabelText('Note text'), 'Hi @Ad');
    expect(screen.queryByRole('menuitem', { name: 'Mention Ada Agent' })).toBeNull();
    fireEvent.changeText(screen.getByLabelText('Note text'), 'Hi @Bo');
    fireEvent.press(await screen.findByRole('menuitem', { name: 'Mention Bob Stone' }));
    expect(screen.getByLabelText('Note text').props.value).toBe('Hi @Bob Stone ');
  });

  it('moves the conversation to a team, and shows who else is viewing it while connected', async () => {
    const t = await open();
    await act(async () => t.socket.fire('session.ready', ready));
    fireEvent.press(await screen.findByRole('button', { name: 'Team' }));
    fireEvent.press(screen.getByRole('button', { name: 'Team Billing' }));
    await waitFor(() =>
      expect(t.server.calls('updateConversation').map((x) => x.body)).toEqual([{ teamId: billing.id }]),
    );
    expect(await screen.findByText(/· Billing/)).toBeTruthy();

    await act(async () => t.socket.fire('viewers.updated', { conversationId: t.c.id, agentIds: [me.id, bob.id] }));
    expect(await screen.findByText('Also viewing: Bob Stone')).toBeTruthy();
    await act(async () => t.socket.fire('disconnect', 'transport close'));
    await waitFor(() => expect(screen.queryByText('Also viewing: Bob Stone')).toBeNull());
  });

  it('marks an email conversation and says a reply leaves by email', async () => {
    await open({ channel: 'email' });
    expect(screen.getByText('Came by email: replies are sent by email')).toBeTruthy();
    expect(screen.getByText('This conversation came by email: your reply will be sent by email.')).toBeTruthy();
    fireEvent.press(screen.getByRole('radio', { name: 'Internal note' }));
    expect(screen.queryByText('This conversation came by email: your reply will be sent by email.')).toBeNull();
  });

  it('shows the email badge in the inbox list', async () => {
    await inbox([conversation({ name: 'Mara Mail', channel: 'email' }), conversation({ name: 'Carl Chat' })]);
    fireEvent.press(screen.getByRole('tab', { name: /^All/ }));
    const mail = await screen.findByLabelText(/Conversation with Mara Mail, by email/);
    expect(within(mail).getByLabelText('Email conversation')).toBeTruthy();
    expect(
      within(screen.getByLabelText(/Conversation with Carl Chat/)).queryByLabelText('Email conversation'),
    ).toBeNull();
  });
});
