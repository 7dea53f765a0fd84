import { act, fireEvent, screen, waitFor } from '@testing-library/react-native';
import { SettingsScreen } from '@/features/settings/settings-screen';
import { VisitorScreen } from '@/features/visitor/visitor-screen';
import { SESSION_KEY } from '@/lib/session';
import { conversation, me, organization, SERVER, signedIn } from './fake-server';
import { mockRouter, renderWithApp } from './render';

describe('settings', () => {
  it('shows server, agent and organization, switches availability, and signs out', async () => {
    const t = await signedIn();
    renderWithApp(t.app, <SettingsScreen />);
    expect(screen.getByLabelText(`Server: ${SERVER}`)).toBeTruthy();
    expect(screen.getByLabelText(`Organization: ${organization.name} (${organization.slug})`)).toBeTruthy();
    expect(screen.getByLabelText(/^App version: \S+/)).toBeTruthy();
    expect(screen.getByText(me.email)).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Online' }).props.accessibilityState).toMatchObject({ selected: true });

    fireEvent.press(screen.getByRole('tab', { name: 'Away' }));
    await waitFor(() => expect(t.server.calls('updateMe')[0]?.body).toEqual({ availability: 'away' }));
    await waitFor(() =>
      expect(screen.getByRole('tab', { name: 'Away' }).props.accessibilityState).toMatchObject({ selected: true }),
    );

    fireEvent.press(screen.getByText('Push notifications'));
    expect(mockRouter.push).toHaveBeenCalledWith('/notifications');

    await act(async () => fireEvent.press(screen.getByRole('button', { name: 'Sign out' })));
    await waitFor(() => expect(t.app.session.state.get().status).toBe('signedOut'));
    expect(t.server.calls('logout')).toHaveLength(1);
    expect(t.secure.data.has(SESSION_KEY)).toBe(false);
  });
});

describe('visitor details', () => {
  it("shows the visitor's labels, when they were seen, their browser and conversations", async () => {
    const t = await signedIn();
    const c = conversation({ name: 'Vera Visitor' });
    c.visitor.email = 'vera@example.com';
    t.server.state.conversations = [c];
    renderWithApp(t.app, <VisitorScreen id={c.visitor.id} />);
    expect(await screen.findByText('Vera Visitor')).toBeTruthy();
    expect(screen.getByText('vera@example.com')).toBeTruthy();
    expect(screen.getByText('Safari on iOS')).toBeTruthy();
    fireEvent.press(screen.getByRole('link', { name: `Conversation number ${c.number}` }));
    expect(mockRouter.push).toHaveBeenCalledWith(`/conversation/${c.id}`);
    expect(screen.queryByText('Verified user id')).toBeNull();
  });

  it("shows a verified visitor's user id and the custom attributes their site set", async () => {
    const t = await signedIn();
    const c = conversation({ name: 'Grace' });
    Object.assign(c.visitor, { userId: 'customer-42', customAttributes: { plan: 'pro', seats: 12 } });
    t.server.state.conversations = [c];
    renderWithApp(t.app, <VisitorScreen id={c.visitor.id} />);
    expect(await screen.findByText('customer-42')).toBeTruthy();
    expect(screen.getByText('Verified user id')).toBeTruthy();
    expect(screen.getByText('plan')).toBeTruthy();
    expect(screen.getByText('pro')).toBeTruthy();
    expect(screen.getByText('12')).toBeTruthy();
  });
});

describe('conversation fields', () => {
  it("shows a conversation's custom fields in its details and edits text, a choice and a switch", async () => {
    const t = await signedIn();
    const c = conversation({ name: 'Fay Fields' });
    c.customFields = { order: 'A-1' };
    t.server.state.conversations = [c];
    const field = (key: string, label: string, type: string, options: string[] = [], requiredOnResolve = false) => ({
      id: `00000000-0000-4000-8000-0000000f${String(key.length).padStart(4, '0')}`,
      entity: 'conversation' as const,
      key,
      label,
      type: type as never,
      options,
      requiredOnResolve,
      createdAt: c.createdAt,
    });
    t.server.state.customFields = [
      field('order', 'Order', 'text', [], true),
      field('reason', 'Reason', 'single_choice', ['Bug', 'Billing']),
      field('vip', 'VIP', 'checkbox'),
    ];
    renderWithApp(t.app, <VisitorScreen id={c.visitor.id} conversationId={c.id} />);
    expect(await screen.findByText('Conversation fields')).toBeTruthy();
    expect(screen.getByText('Order (required to resolve)')).toBeTruthy();
    expect(screen.getByLabelText('Order').props.value).toBe('A-1');

    fireEvent.changeText(screen.getByLabelText('Order'), 'A-2');
    fireEvent.press(screen.getByRole('radio', { name: 'Reason: Billing' }));
    fireEvent(screen.getByLabelText('VIP'), 'valueChange', true);
    await act(async () => fireEvent.press(screen.getByRole('button', { name: 'Save fields' })));
    await waitFor(() =>
      expect(t.server.calls('setConversationFields')[0]?.body).toEqual({
        values: { order: 'A-2', reason: 'Billing', vip: true },
      }),
    );
    expect(await screen.findByText('Saved.')).toBeTruthy();
    expect(c.customFields).toEqual({ order: 'A-2', reason: 'Billing', vip: true });
    expect(screen.getByRole('radio', { name: 'Reason: Billing' }).props.accessibilityState).toMatchObject({
      checked: true,
    });
  });
});
