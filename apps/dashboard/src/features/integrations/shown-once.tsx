import { useState } from 'react';
import { fillNodes, useStrings } from '../../i18n/i18n';

/** A secret the server answers once: shown here with a copy button, never again. */
export function ShownOnce({ label, value, onDone }: { label: string; value: string; onDone: () => void }) {
  const t = useStrings().integrations.shownOnce;
  const [isCopied, setCopied] = useState(false);
  return (
    <div className="notice" role="status">
      <p>{fillNodes(t.copyNow, { label: <strong>{label}</strong> })}</p>
      <p>
        <input className="mono" readOnly aria-label={label} value={value} size={Math.min(60, value.length)} />{' '}
        <button
          type="button"
          className="btn btn-small"
          onClick={() =>
            navigator.clipboard?.writeText(value).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {isCopied ? t.copied : t.copy}
        </button>{' '}
        <button type="button" className="btn btn-small btn-ghost" onClick={onDone}>
          {t.done}
        </button>
      </p>
    </div>
  );
}
