import { useRouter } from 'expo-router';
import { useEffect } from 'react';
import { AppState } from 'react-native';
import type { App } from './app';
import { installForegroundHandler, listenForTaps, registerForPush, setBadge } from './push';

/**
 * While signed in: a tapped notification opens its conversation, a notification for the conversation on screen
 * stays quiet, the app badge follows the unread count, and each return to the foreground tells the server the
 * phone's notification permission (withdrawn in the OS settings meanwhile: no more pushes, §7).
 */
export function usePushRouting(app: App, isSignedIn: boolean) {
  const router = useRouter();
  useEffect(() => {
    if (!isSignedIn) return;
    installForegroundHandler((id) => app.inbox.isViewing(id));
    return listenForTaps((id) => router.push(`/conversation/${id}`));
  }, [app, isSignedIn, router]);
  useEffect(() => {
    if (!isSignedIn) return;
    const resume = AppState.addEventListener('change', (state) => {
      if (state === 'active') void registerForPush(app.session.client, false, app.cache);
    });
    return () => resume.remove();
  }, [app, isSignedIn]);
  useEffect(() => {
    if (!isSignedIn) {
      void setBadge(0);
      return;
    }
    let last = -1;
    const update = () => {
      const n = app.inbox.data.get().counts?.unreadConversations ?? 0;
      if (n !== last) void setBadge(n);
      last = n;
    };
    update();
    return app.inbox.data.subscribe(update);
  }, [app, isSignedIn]);
}
