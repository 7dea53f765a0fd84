import { useEffect } from 'react';
import { useLiveSync } from './live-sync-provider';

/**
 * Tells the server the person is here (a key, a click, the tab brought back), for away after inactivity (the
 * organization's setting): the realtime client sends `agent.active` at most once a minute. A tab merely left open
 * sends nothing, so its agent can go away.
 */
export function useActivityPing() {
  const { realtime } = useLiveSync();
  useEffect(() => {
    const here = () => {
      if (document.visibilityState === 'visible') realtime.noteActive();
    };
    here();
    const options = { passive: true, capture: true } as const;
    document.addEventListener('keydown', here, options);
    document.addEventListener('pointerdown', here, options);
    document.addEventListener('visibilitychange', here);
    return () => {
      document.removeEventListener('keydown', here, options);
      document.removeEventListener('pointerdown', here, options);
      document.removeEventListener('visibilitychange', here);
    };
  }, [realtime]);
}
