import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect } from 'react';
import { SignedIn } from './features/shell/signed-in';
import { browserLanguage, switchLanguage } from './i18n/i18n';
import { session } from './lib/api';
import { useTokens } from './lib/use-session';
import { forgetShownView } from './lib/views';
import { SignedOutRoutes } from './routes';

export const queryClient = new QueryClient({
  defaultOptions: { queries: { staleTime: 30_000, retry: 1, refetchOnWindowFocus: false } },
});

// Another account, or none: nothing cached may leak across (runs before React renders the new state).
session.subscribe((_tokens, reason) => {
  if (reason === 'refresh') return;
  queryClient.clear();
  if (reason !== 'signin') forgetShownView();
});

export function App() {
  const tokens = useTokens();
  const sessionId = tokens?.sessionId ?? null;
  // Signed out: the browser's language again, not the last agent's choice.
  useEffect(() => {
    if (!sessionId) void switchLanguage(browserLanguage());
  }, [sessionId]);
  return (
    <QueryClientProvider client={queryClient}>
      {/* Keyed by the session: a new sign-in mounts a new tree with its own live sync (live-sync-provider.tsx). */}
      {sessionId ? <SignedIn key={sessionId} /> : <SignedOutRoutes />}
    </QueryClientProvider>
  );
}
