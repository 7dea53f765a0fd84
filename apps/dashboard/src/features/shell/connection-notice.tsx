import { useEffect, useState } from 'react';
import { useLiveSync } from '../../lib/live-sync-provider';
import { useStore } from '../../lib/store';

/** Says when the live connection drops, and when it is back with everything missed applied. */
export function ConnectionNotice() {
  const c = useStore(useLiveSync().realtime.connection);
  const [showBack, setShowBack] = useState(false);
  useEffect(() => {
    if (c.state === 'online' && c.wasLost) {
      setShowBack(true);
      const t = setTimeout(() => setShowBack(false), 4_000);
      return () => clearTimeout(t);
    }
    if (c.state === 'offline') setShowBack(false);
  }, [c.state, c.wasLost]);
  if (c.isOutdated)
    return (
      <div className="banner banner-warn" role="status">
        Oceras has been updated. Reload the page to reconnect.{' '}
        <button type="button" className="btn btn-small" onClick={() => location.reload()}>
          Reload
        </button>
      </div>
    );
  if (c.state === 'offline')
    return (
      <div className="banner banner-warn" role="status">
        Connection lost. Reconnecting… Nothing is lost: what you miss is caught up when it is back.
      </div>
    );
  if (showBack)
    return (
      <div className="banner banner-ok" role="status">
        Back online. Everything you missed is caught up.
      </div>
    );
  return null;
}
