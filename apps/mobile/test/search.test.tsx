import { act, fireEvent, screen, within } from '@testing-library/react-native';
import { InboxScreen } from '@/features/inbox/inbox-screen';
import { conversation, signedIn } from './fake-server';
import { mockRouter, renderWithApp } from './render';

describe('search on the inbox screen', () => {
  it('shows results as the agent types, once per pause, with the match marked, and opens one', async () => {
    const t = await signedIn();
    t.server.state.conversations = [
      conversation({ name: 'Tea Drinker', lastMessagePreview: 'My blue teapot arrived broken' }),
      conversation({ name: 'Parcel Person', lastMessagePreview: 'Where is my parcel?' }),
    ];
    renderWithApp(t.app, <InboxScreen />);
    await act(async () => t.socket.fire('session.ready', { protocolVersion: 1, seq: 10, replayed: 0 }));
    await screen.findByRole('tab', { name: /^All/ });
    const field = screen.getByLabelText('Search conversations');
    // Typed faster than the pause: no request yet, and the tabs give way to the results.
    for (const text of ['t', 'te', 'tea', 'teap', 'teapot']) fireEvent.changeText(field, text);
    expect(t.server.calls('searchConversations')).toHaveLength(0);
    expect(screen.queryByRole('tab', { name: /^All/ })).toBeNull();
    expect(screen.getByText('Searching…')).toBeTruthy();
    const hit = await screen.findByLabelText('Result: conversation with Tea Drinker, in the message');
    expect(t.server.calls('searchConversations').map((c) => (c.body as { q: string }).q)).toEqual(['teapot']);
    expect(screen.queryByLabelText(/Result: conversation with Parcel Person/)).toBeNull();
    expect(within(hit).getByTestId('match').props.children).toBe('teapot');
    fireEvent.press(hit);
    expect(mockRouter.push).toHaveBeenCalledWith(`/conversation/${t.server.state.conversations[0]!.id}`);
  });

  it('says when nothing matches, and Cancel brings the inbox back', async () => {
    const t = await signedIn();
    t.server.state.conversations = [conversation({ name: 'Only One' })];
    renderWithApp(t.app, <InboxScreen />);
    await act(async () => t.socket.fire('session.ready', { protocolVersion: 1, seq: 10, replayed: 0 }));
    fireEvent.changeText(await screen.findByLabelText('Search conversations'), 'walrus');
    expect(await screen.findByText('No conversation matches.')).toBeTruthy();
    fireEvent.press(screen.getByRole('button', { name: 'Clear search' }));
    expect(await screen.findByText('Only One')).toBeTruthy();
  });
});
