import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { api, session } from './api';
import { LiveSync } from './live-sync';

const LiveSyncContext = createContext<LiveSync | null>(null);

/**
 * Starts this session's live sync and hands it to the pages below. Made once per mount: the signed-in tree is keyed
 * by the session (app.tsx), so each sign-in gets a new one and the last one is stopped with its tree.
 */
export function LiveSyncProvider({ meId, children }: { meId: string; children: ReactNode }) {
  const qc = useQueryClient();
  const [live] = useState(
    () =>
      new LiveSync({ qc, meId, session, fetchConversation: (id) => api.call('getConversation', { params: { id } }) }),
  );
  useEffect(() => {
    live.start();
    return () => live.stop();
  }, [live]);
  return <LiveSyncContext.Provider value={live}>{children}</LiveSyncContext.Provider>;
}

export function useLiveSync() {
  const live = useContext(LiveSyncContext);
  if (!live) throw new Error('useLiveSync outside LiveSyncProvider');
  return live;
}
