import { useEffect, useState } from 'react';
import { useStrings } from '../../i18n/i18n';
import { useLiveSync } from '../../lib/live-sync-provider';
import { useStore } from '../../lib/store';

/** Says when the live connection drops, and when it is back with everything missed applied. */
export function ConnectionNotice() {
  const c = useStore(useLiveSync().realtime.connection);
  const [showBack, setShowBack] = useState(false);
  const t = useStrings().shell;
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
        {t.outdated}{' '}
        <button type="button" className="btn btn-small" onClick={() => location.reload()}>
          {t.reload}
        </button>
      </div>
    );
  if (c.state === 'offline')
    return (
      <div className="banner banner-warn" role="status">
        {t.offline}
      </div>
    );
  if (showBack)
    return (
      <div className="banner banner-ok" role="status">
        {t.backOnline}
      </div>
    );
  return null;
}
