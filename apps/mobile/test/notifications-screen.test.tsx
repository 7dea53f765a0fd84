import { fireEvent, screen, waitFor } from '@testing-library/react-native';
import { NotificationsScreen } from '@/features/settings/notifications-screen';
import { me, signedIn } from './fake-server';
import { renderWithApp } from './render';

describe('notification settings', () => {
  it('shows and changes the settings, lists own devices and removes one', async () => {
    const t = await signedIn();
    t.server.state.devices = [
      {
        id: '00000000-0000-4000-8000-0000000000d1',
        agentId: me.id,
        platform: 'android',
        appVersion: '0.1.0',
        name: 'Pixel',
        tokenHint: 'x1y2',
        permission: 'granted',
        failureCount: 0,
        lastSeenAt: new Date().toISOString(),
        createdAt: new Date().toISOString(),
      },
    ];
    renderWithApp(t.app, <NotificationsScreen />);
    const unassigned = await screen.findByLabelText('Unassigned conversations');
    await waitFor(() => expect(unassigned.props.value).toBe(true));
    fireEvent(unassigned, 'valueChange', false);
    await waitFor(() => expect(t.server.calls('updateNotificationSettings')).toHaveLength(1));
    expect(t.server.calls('updateNotificationSettings')[0]!.body).toEqual({ unassigned: false });
    expect(t.server.state.settings).toMatchObject({ enabled: true, unassigned: false });

    // Mentions have their switch; emails while offline are one of three modes.
    fireEvent(screen.getByLabelText('Mentions'), 'valueChange', false);
    await waitFor(() => expect(t.server.calls('updateNotificationSettings')).toHaveLength(2));
    expect(t.server.calls('updateNotificationSettings')[1]!.body).toEqual({ mentions: false });
    fireEvent.press(screen.getByRole('radio', { name: 'Daily digest' }));
    await waitFor(() => expect(t.server.calls('updateNotificationSettings')).toHaveLength(3));
    expect(t.server.calls('updateNotificationSettings')[2]!.body).toEqual({ email: 'digest' });
    await waitFor(() =>
      expect(screen.getByRole('radio', { name: 'Daily digest' }).props.accessibilityState.checked).toBe(true),
    );

    expect(screen.getByText('Pixel')).toBeTruthy();
    fireEvent.press(screen.getByRole('button', { name: 'Remove Pixel' }));
    await waitFor(() => expect(screen.queryByText('Pixel')).toBeNull());
    expect(t.server.calls('removeDevice')[0]!.path).toBe('/api/v1/me/devices/00000000-0000-4000-8000-0000000000d1');
  });

  it('says so when the server has no push routes yet (404), without breaking', async () => {
    const t = await signedIn();
    t.server.state.settings = null;
    renderWithApp(t.app, <NotificationsScreen />);
    expect(await screen.findByText('This server does not send push notifications yet.')).toBeTruthy();
  });
});
