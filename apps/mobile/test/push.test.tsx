import { renderHook, waitFor } from '@testing-library/react-native';
import * as Device from 'expo-device';
import * as Notifications from 'expo-notifications';
import { AppState, type AppStateStatus, Platform } from 'react-native';
import {
  conversationFromResponse,
  listenForTaps,
  PUSH_TOKEN_KEY,
  registerAfterSignIn,
  registerForPush,
  setBadge,
} from '@/lib/push';
import { memoryStorage } from '@/lib/storage';
import { usePushRouting } from '@/lib/use-push-routing';
import { signedIn } from './fake-server';
import { mockRouter } from './render';

jest.mock('expo-notifications', () => {
  const listeners: ((r: unknown) => void)[] = [];
  return {
    DEFAULT_ACTION_IDENTIFIER: 'expo.modules.notifications.actions.DEFAULT',
    AndroidImportance: { HIGH: 4 },
    setNotificationChannelAsync: jest.fn(async () => null),
    getPermissionsAsync: jest.fn(async () => ({ status: 'undetermined' })),
    requestPermissionsAsync: jest.fn(async () => ({ status: 'granted' })),
    getExpoPushTokenAsync: jest.fn(async () => ({ type: 'expo', data: 'ExponentPushToken[abcdefghij123456]' })),
    setBadgeCountAsync: jest.fn(async () => true),
    setNotificationHandler: jest.fn(),
    getLastNotificationResponse: jest.fn(() => null),
    clearLastNotificationResponse: jest.fn(),
    addNotificationResponseReceivedListener: jest.fn((fn: (r: unknown) => void) => {
      listeners.push(fn);
      return { remove: () => listeners.splice(listeners.indexOf(fn), 1) };
    }),
    __tap: (r: unknown) => {
      for (const fn of [...listeners]) fn(r);
    },
  };
});
jest.mock('expo-constants', () => ({
  __esModule: true,
  default: { expoConfig: { version: '0.1.0', extra: { eas: { projectId: 'p-1234' } } } },
}));
jest.mock('expo-application', () => ({ nativeApplicationVersion: '1.4.2' }));
jest.mock('expo-device', () => ({ isDevice: true, deviceName: "Ada's iPhone" }));

const N = Notifications as jest.Mocked<typeof Notifications> & { __tap: (r: unknown) => void };
const tap = (data: Record<string, unknown>, actionIdentifier = Notifications.DEFAULT_ACTION_IDENTIFIER) =>
  ({
    actionIdentifier,
    notification: { request: { content: { data } } },
  }) as unknown as Notifications.NotificationResponse;

afterEach(() => jest.restoreAllMocks());

beforeEach(() => {
  jest.clearAllMocks();
  (Device as { isDevice: boolean }).isDevice = true;
});

describe('notification taps', () => {
  it('reads the conversation from PushData, ignoring other actions and pushes without one', () => {
    expect(conversationFromResponse(tap({ kind: 'message', conversationId: 'c-1', messageId: 'm-1' }))).toBe('c-1');
    expect(conversationFromResponse(tap({ kind: 'test' }))).toBeNull();
    expect(conversationFromResponse(tap({ conversationId: 'c-1' }, 'dismiss'))).toBeNull();
    expect(conversationFromResponse(null)).toBeNull();
  });

  it('opens the conversation of the notification that launched the app, and of later taps', () => {
    N.getLastNotificationResponse.mockReturnValueOnce(tap({ kind: 'message', conversationId: 'c-launch' }));
    const open = jest.fn();
    const stop = listenForTaps(open);
    expect(open).toHaveBeenCalledWith('c-launch');
    expect(N.clearLastNotificationResponse).toHaveBeenCalled();
    N.__tap(tap({ kind: 'message', conversationId: 'c-later' }));
    expect(open).toHaveBeenLastCalledWith('c-later');
    stop();
    N.__tap(tap({ kind: 'message', conversationId: 'c-after-stop' }));
    expect(open).toHaveBeenCalledTimes(2);
  });

  it('routes a tap to /conversation/:id while signed in, and sets the badge to the unread count', async () => {
    const t = await signedIn();
    t.app.inbox.data.set((d) => ({
      ...d,
      counts: { mine: 3, unassigned: 0, all: 3, byStatus: {}, unreadConversations: 2 } as never,
    }));
    renderHook(() => usePushRouting(t.app, true));
    N.__tap(tap({ kind: 'message', conversationId: 'c-42' }));
    expect(mockRouter.push).toHaveBeenCalledWith('/conversation/c-42');
    expect(N.setBadgeCountAsync).toHaveBeenLastCalledWith(2);
    t.app.inbox.data.set((d) => ({ ...d, counts: { ...d.counts!, unreadConversations: 0 } }));
    expect(N.setBadgeCountAsync).toHaveBeenLastCalledWith(0);
  });

  it('keeps a push for the conversation on screen quiet', async () => {
    const t = await signedIn();
    renderHook(() => usePushRouting(t.app, true));
    const handler = N.setNotificationHandler.mock.calls[0]![0]!;
    t.app.inbox.setViewing('c-open');
    const here = await handler.handleNotification({
      request: { content: { data: { conversationId: 'c-open' } } },
    } as never);
    const elsewhere = await handler.handleNotification({
      request: { content: { data: { conversationId: 'c-2' } } },
    } as never);
    expect(here).toMatchObject({ shouldShowBanner: false });
    expect(elsewhere).toMatchObject({ shouldShowBanner: true });
  });
});

describe('push registration', () => {
  it('asks once after sign-in, then registers the Expo token with platform, app version and name', async () => {
    const t = await signedIn();
    const storage = memoryStorage();
    const outcome = await registerAfterSignIn(t.app.session.client, storage);
    expect(outcome.status).toBe('registered');
    expect(N.requestPermissionsAsync).toHaveBeenCalledTimes(1);
    expect(N.getExpoPushTokenAsync).toHaveBeenCalledWith({ projectId: 'p-1234' });
    expect(t.server.calls('registerDevice')[0]!.body).toEqual({
      token: 'ExponentPushToken[abcdefghij123456]',
      platform: 'ios',
      appVersion: '1.4.2',
      name: "Ada's iPhone",
      permission: 'granted',
    });
    // The next launch does not ask again (permission still undetermined: nothing is registered, no prompt).
    await registerAfterSignIn(t.app.session.client, storage);
    expect(N.requestPermissionsAsync).toHaveBeenCalledTimes(1);
  });

  it('on Android, creates the messages channel first and registers as android', async () => {
    const t = await signedIn();
    jest.replaceProperty(Platform, 'OS', 'android');
    expect((await registerForPush(t.app.session.client, true, t.cache)).status).toBe('registered');
    expect(N.setNotificationChannelAsync).toHaveBeenCalledWith(
      'messages',
      expect.objectContaining({ name: 'Messages' }),
    );
    expect(t.server.calls('registerDevice')[0]!.body).toMatchObject({ platform: 'android' });
  });

  it('skips the web build', async () => {
    const t = await signedIn();
    jest.replaceProperty(Platform, 'OS', 'web');
    expect(await registerForPush(t.app.session.client, true, t.cache)).toEqual({
      status: 'unsupported',
      reason: 'web',
    });
    expect(N.getPermissionsAsync).not.toHaveBeenCalled();
  });

  it('skips simulators, and a server without push routes (404) is not an error', async () => {
    const t = await signedIn();
    (Device as { isDevice: boolean }).isDevice = false;
    expect(await registerForPush(t.app.session.client, true, t.cache)).toEqual({
      status: 'unsupported',
      reason: 'simulator',
    });
    expect(N.getExpoPushTokenAsync).not.toHaveBeenCalled();

    (Device as { isDevice: boolean }).isDevice = true;
    t.server.state.settings = null; // an older server
    expect(await registerForPush(t.app.session.client, true, t.cache)).toEqual({
      status: 'unsupported',
      reason: 'server',
    });
  });

  it('does not register when permission is denied', async () => {
    const t = await signedIn();
    N.requestPermissionsAsync.mockResolvedValueOnce({ status: 'denied' } as never);
    expect(await registerForPush(t.app.session.client, true, t.cache)).toEqual({ status: 'denied' });
    expect(t.server.calls('registerDevice')).toHaveLength(0);
    await setBadge(3);
    expect(N.setBadgeCountAsync).toHaveBeenCalledWith(3);
  });
});

describe('§7 Withdraw consent', () => {
  it('§7 Withdraw consent — back in the foreground after the permission was turned off in the OS settings, the app registers its token again as denied; turned on again, as granted', async () => {
    const t = await signedIn();
    let resume: ((state: AppStateStatus) => void) | undefined;
    jest.spyOn(AppState, 'addEventListener').mockImplementation((_type, fn) => {
      resume = fn as (state: AppStateStatus) => void;
      return { remove: () => {} } as ReturnType<typeof AppState.addEventListener>;
    });
    N.getPermissionsAsync.mockResolvedValue({ status: 'granted' } as never);
    expect((await registerAfterSignIn(t.app.session.client, t.cache)).status).toBe('registered');
    expect(await t.cache.getItem(PUSH_TOKEN_KEY)).toBe('ExponentPushToken[abcdefghij123456]');
    renderHook(() => usePushRouting(t.app, true));

    N.getPermissionsAsync.mockResolvedValue({ status: 'denied' } as never);
    resume!('active');
    await waitFor(() => expect(t.server.calls('registerDevice')).toHaveLength(2));
    expect(t.server.calls('registerDevice')[1]!.body).toEqual({
      token: 'ExponentPushToken[abcdefghij123456]',
      platform: 'ios',
      appVersion: '1.4.2',
      permission: 'denied',
    });
    // It does not ask again: only the OS settings bring the permission back.
    expect(N.requestPermissionsAsync).not.toHaveBeenCalled();
    resume!('background');
    N.getPermissionsAsync.mockResolvedValue({ status: 'granted' } as never);
    resume!('active');
    await waitFor(() => expect(t.server.calls('registerDevice')).toHaveLength(3));
    expect(t.server.calls('registerDevice')[2]!.body).toMatchObject({ permission: 'granted' });
    N.getPermissionsAsync.mockResolvedValue({ status: 'undetermined' } as never);
  });

  it('§7 Withdraw consent — an install that never registered has nothing to report when the permission is refused', async () => {
    const t = await signedIn();
    N.requestPermissionsAsync.mockResolvedValueOnce({ status: 'denied' } as never);
    expect(await registerForPush(t.app.session.client, true, t.cache)).toEqual({ status: 'denied' });
    expect(t.server.calls('registerDevice')).toHaveLength(0);
  });
});

describe('§5 Only the push token, notification title, body, and data payload are transmitted', () => {
  it('§5 Only the push token, notification title, body, and data payload are transmitted — the push has no badge field: the app sets its badge from data.badge when a notification arrives', async () => {
    const t = await signedIn();
    renderHook(() => usePushRouting(t.app, true));
    const handler = N.setNotificationHandler.mock.calls[0]![0]!;
    const shown = await handler.handleNotification({
      request: { content: { data: { kind: 'message', conversationId: 'c-9', messageId: 'm-9', badge: 4 } } },
    } as never);
    expect(N.setBadgeCountAsync).toHaveBeenLastCalledWith(4);
    expect(shown).toMatchObject({ shouldShowBanner: true, shouldSetBadge: false });
  });
});
