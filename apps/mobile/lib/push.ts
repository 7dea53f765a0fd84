import type { PushData, TDevice } from '@oceras/protocol';
import type { OcerasClient } from '@oceras/protocol/client';
import { ApiError } from '@oceras/protocol/client';
import * as Application from 'expo-application';
import Constants from 'expo-constants';
import * as Device from 'expo-device';
import * as Notifications from 'expo-notifications';
import { Platform } from 'react-native';
import { errorMessage } from './errors';
import { cacheStorage, type KeyValueStore } from './storage';

/** Set once the app has asked for permission on its own (after the first inbox load); it never nags again. */
export const PUSH_ASKED_KEY = 'oceras.pushAsked';
/** The Expo token this install registered last: the server is told when its permission is withdrawn. */
export const PUSH_TOKEN_KEY = 'oceras.pushToken';

export type PushOutcome =
  | { status: 'registered'; device: TDevice }
  | { status: 'unsupported'; reason: 'web' | 'simulator' | 'no-project' | 'server' }
  | { status: 'denied' }
  | { status: 'failed'; message: string };

export function appVersion() {
  return Application.nativeApplicationVersion ?? Constants.expoConfig?.version ?? '0.0.0';
}

/** Which conversation a tapped notification is about (every Oceras push carries PushData). */
export function conversationFromResponse(response: Notifications.NotificationResponse | null | undefined) {
  if (!response || response.actionIdentifier !== Notifications.DEFAULT_ACTION_IDENTIFIER) return null;
  const data = response.notification.request.content.data as Partial<PushData> | undefined;
  return typeof data?.conversationId === 'string' && data.conversationId ? data.conversationId : null;
}

const platform = () => (Platform.OS === 'ios' ? 'ios' : 'android');

/**
 * Asks for permission (when `ask`), gets this install's Expo push token and registers it for the signed-in agent,
 * with the permission granted. Without the permission (withdrawn in the OS settings, §7), the token registered
 * before is registered again as `denied`, and the server stops pushing to it at once. Runs at every start (the
 * inbox) and resume (usePushRouting). The web build and simulators without a token skip; a server without push
 * (404) is not an error for the app.
 */
export async function registerForPush(
  client: OcerasClient,
  ask: boolean,
  storage: KeyValueStore = cacheStorage,
): Promise<PushOutcome> {
  if (Platform.OS === 'web') return { status: 'unsupported', reason: 'web' };
  if (!Device.isDevice) return { status: 'unsupported', reason: 'simulator' };
  try {
    if (Platform.OS === 'android') {
      await Notifications.setNotificationChannelAsync('messages', {
        name: 'Messages',
        importance: Notifications.AndroidImportance.HIGH,
      });
    }
    let { status } = await Notifications.getPermissionsAsync();
    if (status !== 'granted' && ask) status = (await Notifications.requestPermissionsAsync()).status;
    if (status !== 'granted') {
      const registered = await storage.getItem(PUSH_TOKEN_KEY);
      if (registered)
        await client.call('registerDevice', {
          body: { token: registered, platform: platform(), appVersion: appVersion(), permission: 'denied' },
        });
      return { status: 'denied' };
    }
    const projectId = Constants.expoConfig?.extra?.eas?.projectId ?? Constants.easConfig?.projectId;
    if (!projectId) return { status: 'unsupported', reason: 'no-project' };
    const token = await Notifications.getExpoPushTokenAsync({ projectId });
    const device = await client.call('registerDevice', {
      body: {
        token: token.data,
        platform: platform(),
        appVersion: appVersion(),
        ...(Device.deviceName ? { name: Device.deviceName.slice(0, 100) } : {}),
        permission: 'granted',
      },
    });
    await storage.setItem(PUSH_TOKEN_KEY, token.data);
    return { status: 'registered', device };
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return { status: 'unsupported', reason: 'server' };
    return { status: 'failed', message: errorMessage(err) };
  }
}

/** The first inbox load after sign-in asks once; later launches only refresh the registration silently. */
export async function registerAfterSignIn(client: OcerasClient, storage: KeyValueStore) {
  const asked = (await storage.getItem(PUSH_ASKED_KEY)) === '1';
  const outcome = await registerForPush(client, !asked, storage);
  if (!asked && Platform.OS !== 'web') await storage.setItem(PUSH_ASKED_KEY, '1');
  return outcome;
}

/** The app icon's badge: conversations of mine with unread visitor messages. */
export async function setBadge(count: number) {
  if (Platform.OS === 'web') return;
  try {
    await Notifications.setBadgeCountAsync(count);
  } catch {
    // Badges are best effort (some Android launchers have none).
  }
}

/**
 * Notifications that arrive while the app is open: shown, unless that conversation is on screen. The push carries
 * no badge field (§5: only the token, title, body and data reach Expo); the unread count is in its data, and the
 * app sets its badge from it here.
 */
export function installForegroundHandler(isViewing: (conversationId: string) => boolean) {
  if (Platform.OS === 'web') return;
  Notifications.setNotificationHandler({
    handleNotification: async (n) => {
      const data = n.request.content.data as Partial<PushData> | undefined;
      if (typeof data?.badge === 'number') void setBadge(data.badge);
      const id = data?.conversationId;
      const show = !(id && isViewing(id));
      return { shouldShowBanner: show, shouldShowList: show, shouldPlaySound: show, shouldSetBadge: false };
    },
  });
}

/** Taps on notifications (including the one that launched the app) open that conversation. */
export function listenForTaps(open: (conversationId: string) => void) {
  if (Platform.OS === 'web') return () => {};
  const initial = conversationFromResponse(Notifications.getLastNotificationResponse());
  if (initial) {
    open(initial);
    Notifications.clearLastNotificationResponse();
  }
  const sub = Notifications.addNotificationResponseReceivedListener((r) => {
    const id = conversationFromResponse(r);
    if (id) open(id);
  });
  return () => sub.remove();
}
