import { useState } from 'react';

/** A secret the server answers once: shown here with a copy button, never again. */
export function ShownOnce({ label, value, onDone }: { label: string; value: string; onDone: () => void }) {
  const [isCopied, setCopied] = useState(false);
  return (
    <div className="notice" role="status">
      <p>
        <strong>{label}</strong> — copy it now: it is not shown again.
      </p>
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
          {isCopied ? 'Copied' : 'Copy'}
        </button>{' '}
        <button type="button" className="btn btn-small btn-ghost" onClick={onDone}>
          Done
        </button>
      </p>
    </div>
  );
}
