import { useRouter } from 'expo-router';
import { useEffect } from 'react';
import type { App } from './app';
import { installForegroundHandler, listenForTaps, setBadge } from './push';

/**
 * While signed in: a tapped notification opens its conversation, a notification for the conversation on screen
 * stays quiet, and the app badge follows the unread count.
 */
export function usePushRouting(app: App, isSignedIn: boolean) {
  const router = useRouter();
  useEffect(() => {
    if (!isSignedIn) return;
    installForegroundHandler((id) => app.inbox.isViewing(id));
    return listenForTaps((id) => router.push(`/conversation/${id}`));
  }, [app, isSignedIn, router]);
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
